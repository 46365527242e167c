/** Number formatting shared by the dashboard's charts, captions and tables. */
import type { ComplaintKind, Verdict } from '@common/domain';
import { KIND_LABELS, VERDICT_LABELS } from '@common/domain';

export function pct(value: number | null, digits = 0): string {
  return value === null ? '–' : `${(value * 100).toFixed(digits)}%`;
}

export function num(value: number | null, digits = 2): string {
  // U+2212 minus: a hyphen-minus reads as a dash next to "–" ranges.
  return value === null ? '–' : value.toFixed(digits).replace('-', '−');
}

export function range(interval: readonly [number, number] | null, asPercent: boolean): string {
  if (!interval) return '–';
  return asPercent ? `${pct(interval[0])}–${pct(interval[1])}` : `${num(interval[0])} – ${num(interval[1])}`;
}

export const langOf = (language: string): 'en' | 'zh' => (language === 'en' ? 'en' : 'zh');
export const kindLabel = (kind: ComplaintKind, language: string): string =>
  KIND_LABELS[kind][langOf(language)];
export const verdictLabel = (verdict: Verdict, language: string): string =>
  VERDICT_LABELS[verdict][langOf(language)];

/** Theme tokens (app/styles.css); SVG presentation attributes accept var(), so charts follow light/dark. */
export const COLORS = {
  agreement: 'var(--ok)',
  kappa: 'var(--accent)',
  volume: 'var(--border-strong)',
  grid: 'var(--border)',
  axis: 'var(--text-2)',
  bad: 'var(--bad)',
  verdict: {
    upheld: 'var(--accent)',
    partially_upheld: 'var(--warn)',
    rejected: 'var(--idle)',
  } satisfies Record<Verdict, string>,
} as const;

export const AXIS_TICK = { fill: 'var(--text-2)', fontSize: 12 } as const;

/** A κ / rate axis from `lowest` (or 0) up to 1 in steps of 0.2, so ticks are round numbers. */
export function unitAxis(lowest: number): { domain: [number, number]; ticks: number[] } {
  const start = Math.min(0, Math.floor(Math.max(-1, lowest) / 0.2) * 0.2);
  const ticks: number[] = [];
  for (let v = start; v <= 1 + 1e-9; v += 0.2) ticks.push(Math.round(v * 10) / 10);
  return { domain: [ticks[0] ?? 0, 1], ticks };
}
