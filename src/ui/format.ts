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

/**
 * One style per language, everywhere: 2026/07/03 14:05 in Chinese; 3 Jul 2026, 14:05 in English
 * (a month name, so day and month are never confused, and a 24-hour clock like the Chinese one).
 */
export function formatDateTime(iso: string | number, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return dtf(lang, { year: 'numeric', month: lang === 'en' ? 'short' : '2-digit', day: lang === 'en' ? 'numeric' : '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

export function formatTime(iso: string | number, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return dtf(lang, { month: lang === 'en' ? 'short' : '2-digit', day: lang === 'en' ? 'numeric' : '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

/** A clock time of today (status bar): 14:05:09 in either language. */
export function formatClock(iso: string | number, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return dtf(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(d);
}

/** A calendar day: 2026年7月3日（周五） / Fri 3 Jul 2026. */
export function formatDay(iso: string | number, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return dtf(lang, { year: 'numeric', month: lang === 'en' ? 'short' : 'long', day: 'numeric', weekday: 'short' }).format(d);
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

/** Unit letters per language: "2d 3h" in English, "2天3小时" in Chinese. */
const UNITS = { en: { d: 'd ', h: 'h ', m: 'm ', s: 's' }, zh: { d: '天', h: '小时', m: '分', s: '秒' } } as const;
const unitsOf = (lang?: string) => (lang && lang !== 'en' ? UNITS.zh : UNITS.en);
const join = (s: string) => s.trim();

/** A plain duration between two instants: "2d 3h", "5h 10m", "12m" (or 2天3小时… in Chinese). */
export function durationText(ms: number, lang?: string): string {
  const u = unitsOf(lang);
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  if (d > 0) return join(`${d}${u.d}${h}${u.h}`);
  if (h > 0) return join(`${h}${u.h}${m}${u.m}`);
  return join(`${m}${u.m}`);
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

/** Compact countdown: "2d 4h", "3h 05m", "4m 09s" (2天4小时… in Chinese); the sign is shown by the caller's wording. */
export function compactSpan(ms: number, lang?: string): string {
  const u = unitsOf(lang);
  const { d, h, m, s } = splitSpan(ms);
  if (d > 0) return join(`${d}${u.d}${h}${u.h}`);
  if (h > 0) return join(`${h}${u.h}${String(m).padStart(2, '0')}${u.m}`);
  return join(`${m}${u.m}${String(s).padStart(2, '0')}${u.s}`);
}

const money = new Map<string, Intl.NumberFormat>();
/**
 * ¥ with two decimals from integer fen, through Intl for the UI language when one is given; whole
 * fen are exact in a double up to 2^53, far beyond any order.
 */
export function formatFen(fen: number, lang?: string): string {
  if (lang) {
    const l = lang === 'en' ? 'en' : 'zh-CN';
    let f = money.get(l);
    if (!f) {
      f = new Intl.NumberFormat(l, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2 });
      money.set(l, f);
    }
    return f.format(Math.trunc(fen) / 100);
  }
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}¥${yuan.toLocaleString('en-US')}.${String(cents).padStart(2, '0')}`;
}
