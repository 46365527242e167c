import { z } from 'zod';

export type Rect = { x: number; y: number; width: number; height: number };

export const windowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200),
  height: z.number().int().min(200),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export const DEFAULT_WINDOW_SIZE = { width: 1440, height: 900 } as const;
export const MIN_WINDOW_SIZE = { width: 960, height: 600 } as const;

/**
 * Restore saved bounds only where they still make sense: a monitor may have been unplugged since, so a
 * window is kept only if enough of it (its title strip) lands on a current display's work area;
 * otherwise it is re-centred on the primary display at a size that fits.
 */
export function fitWindowBounds(saved: Rect | null, displays: readonly Rect[], primary: Rect): Rect {
  const clampSize = (r: Rect, area: Rect): Rect => ({
    ...r,
    width: Math.max(Math.min(r.width, area.width), Math.min(MIN_WINDOW_SIZE.width, area.width)),
    height: Math.max(Math.min(r.height, area.height), Math.min(MIN_WINDOW_SIZE.height, area.height)),
  });
  if (saved) {
    const host = displays.find((d) => overlap(titleStrip(saved), d) >= 100 * 20);
    if (host) return clampSize(saved, host);
  }
  const size = clampSize({ x: 0, y: 0, ...(saved ?? DEFAULT_WINDOW_SIZE) }, primary);
  return {
    ...size,
    x: Math.round(primary.x + (primary.width - size.width) / 2),
    y: Math.round(primary.y + (primary.height - size.height) / 2),
  };
}

const titleStrip = (r: Rect): Rect => ({ x: r.x, y: r.y, width: r.width, height: Math.min(40, r.height) });

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
