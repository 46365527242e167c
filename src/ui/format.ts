/**
 * Dates in the user's own time zone (the runtime's), with relative phrasing, in the UI language;
 * countdown spans and money, shown alike by the queue, the case view, the viewers and history.
 * Formatters are cached: constructing Intl objects per cell is measurable in a 100k-row queue.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

function dtf(lang: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', opts);
    cache.set(key, f);
  }
  return f;
}

export function formatDateTime(iso: string | number, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return dtf(lang, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

export function formatTime(iso: string | number, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return dtf(lang, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

const rtfCache = new Map<string, Intl.RelativeTimeFormat>();
/** "3 小时前" / "in 2 days": the largest unit that fits. */
export function relativeTime(targetMs: number, nowMs: number, lang: string): string {
  const l = lang === 'en' ? 'en' : 'zh-CN';
  let rtf = rtfCache.get(l);
  if (!rtf) {
    rtf = new Intl.RelativeTimeFormat(l, { numeric: 'auto' });
    rtfCache.set(l, rtf);
  }
  const diff = targetMs - nowMs;
  const abs = Math.abs(diff);
  if (abs < 60_000) return rtf.format(Math.round(diff / 1000), 'second');
  if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), 'minute');
  if (abs < 86_400_000) return rtf.format(Math.round(diff / 3_600_000), 'hour');
  return rtf.format(Math.round(diff / 86_400_000), 'day');
}

/** A plain duration between two instants: "2d 3h", "5h 10m", "12m". */
export function durationText(ms: number): string {
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  return `${m}m`;
}

export type Span = { negative: boolean; d: number; h: number; m: number; s: number };

export function splitSpan(ms: number): Span {
  const negative = ms < 0;
  let rest = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(rest / 86_400);
  rest -= d * 86_400;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  return { negative, d, h, m, s: rest - m * 60 };
}

/** Compact countdown: "2d 4h", "3h 05m", "4m 09s"; the sign is shown by the caller's wording. */
export function compactSpan(ms: number): string {
  const { d, h, m, s } = splitSpan(ms);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  return `${m}m ${String(s).padStart(2, '0')}s`;
}

/** ¥ with two decimals from integer fen (never through floating-point division of large sums). */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}¥${yuan.toLocaleString('en-US')}.${String(cents).padStart(2, '0')}`;
}
