import type { MouseHandlerDataParam } from 'recharts';

/** The category index a chart click landed on (recharts reports it as number or string), or null. */
export function activeIndexOf(state: MouseHandlerDataParam | null | undefined): number | null {
  const raw = state?.activeIndex ?? state?.activeTooltipIndex;
  if (raw === undefined || raw === null) return null;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : null;
}
