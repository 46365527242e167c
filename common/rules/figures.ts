/**
 * Figures printed in finding messages. A message must never contradict its verdict: an order
 * 90 days and 1 minute old is outside a 90-day window, so "created 90.0 days before filing" would
 * print the limit itself. These helpers keep just enough precision to stay on the right side.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * `x` rounded to the fewest decimals (from `min`, at most 9) that keep it strictly beyond `limit`
 * on the same side as `x` itself. `x` equal to the limit is returned rounded to `min` decimals.
 */
export function keepSide(x: number, limit: number, min = 0): number {
  if (!Number.isFinite(x) || x === limit) return x;
  for (let d = min; d <= 9; d++) {
    const f = 10 ** d;
    const r = Math.round(x * f) / f;
    if (x > limit ? r > limit : r < limit) return r;
  }
  return x;
}

export type Bilingual = { zh: string; en: string };

const unitsZh = { day: '天', hour: '小时', minute: '分钟', second: '秒', ms: '毫秒' } as const;
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * An age beyond a window of `limitDays`, in words that cannot be read as inside it: "91.5 days"
 * when one decimal already shows it, else the limit and the excess ("90 days and 1 minute").
 * `days` is the age in days with enough decimals to stay beyond the limit (for `finding.data`).
 */
export function ageBeyond(ageMs: number, limitDays: number): Bilingual & { days: number } {
  const days = keepSide(ageMs / DAY, limitDays, 1);
  const oneDecimal = Math.round((ageMs / DAY) * 10) / 10;
  if (oneDecimal > limitDays) return { days, zh: `${oneDecimal} 天`, en: `${oneDecimal} days` };
  const excess = ageMs - limitDays * DAY;
  const [n, unit] =
    excess >= HOUR ? [Math.floor(excess / HOUR), 'hour' as const] : excess >= 60_000 ? [Math.floor(excess / 60_000), 'minute' as const] : excess >= 1000 ? [Math.floor(excess / 1000), 'second' as const] : [Math.max(1, Math.ceil(excess)), 'ms' as const];
  return { days, zh: `${limitDays} 天零 ${n} ${unitsZh[unit]}`, en: `${plural(limitDays, 'day')} and ${unit === 'ms' ? `${n} ms` : plural(n, unit)}` };
}
