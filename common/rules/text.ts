/**
 * Small text scanners used by the rules. They walk char codes instead of building regexes per
 * bundle: attribute names and markers come from data, and compiling a RegExp per case would
 * dominate the assessment budget.
 */

const STOP = new Set(['，', '。', '！', '？', ',', '!', '?', '；', ';', '\n', '、']);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

export type NumberAt = { value: number; start: number; end: number };

/**
 * The first number after `from`, skipping at most `maxFiller` filler characters (not digits, not
 * sentence punctuation). "羊毛含量高达100%" → 100; "只要，99" → none (the comma ends the clause).
 */
export function numberAfter(text: string, from: number, maxFiller: number): NumberAt | undefined {
  let i = from;
  let skipped = 0;
  while (i < text.length && !isDigit(text.charCodeAt(i))) {
    const ch = text[i] ?? '';
    if (STOP.has(ch) || skipped >= maxFiller) return undefined;
    i++;
    skipped++;
  }
  if (i >= text.length) return undefined;
  const start = i;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  if (text[i] === '.' && isDigit(text.charCodeAt(i + 1))) {
    i++;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  }
  return { value: Number(text.slice(start, i)), start, end: i };
}

/** Units we can convert, to a base unit per dimension. */
const UNITS: ReadonlyArray<readonly [string, string, number]> = [
  // longest spellings first so 千克 wins over 克
  ['千克', 'mass', 1000], ['公斤', 'mass', 1000], ['kg', 'mass', 1000], ['克', 'mass', 1], ['g', 'mass', 1], ['斤', 'mass', 500],
  ['毫升', 'volume', 1], ['ml', 'volume', 1], ['升', 'volume', 1000], ['l', 'volume', 1000],
  ['毫安时', 'charge', 1], ['毫安', 'charge', 1], ['mah', 'charge', 1],
  ['%', 'ratio', 1], ['％', 'ratio', 1],
  ['厘米', 'length', 1], ['cm', 'length', 1], ['毫米', 'length', 0.1], ['mm', 'length', 0.1], ['米', 'length', 100], ['m', 'length', 100],
  ['瓦', 'power', 1], ['w', 'power', 1],
  ['寸', 'inch', 1], ['英寸', 'inch', 1],
  ['小时', 'hours', 1], ['h', 'hours', 1],
];

export type Unit = { dim: string; factor: number; length: number };

/** The unit spelled at `pos` (case-insensitive), if any. */
export function unitAt(text: string, pos: number): Unit | undefined {
  for (const [spelling, dim, factor] of UNITS) {
    if (text.length - pos < spelling.length) continue;
    const slice = text.slice(pos, pos + spelling.length).toLowerCase();
    if (slice === spelling) {
      // "g" must not be the start of a word such as "good"
      const next = text.charCodeAt(pos + spelling.length);
      if (/^[a-z]+$/.test(spelling) && ((next >= 97 && next <= 122) || (next >= 65 && next <= 90))) continue;
      return { dim, factor, length: spelling.length };
    }
  }
  return undefined;
}

export function parseUnit(unit: string | undefined): Unit | undefined {
  if (unit === undefined || unit === '') return undefined;
  const u = unitAt(unit.trim(), 0);
  return u && u.length === unit.trim().length ? u : undefined;
}

const PUNCT_OR_SPACE = /[\s\p{P}\p{Z}]+/gu;
/** Review text for duplicate detection: no whitespace or punctuation, lower-cased. */
export function normaliseText(text: string): string {
  return text.replace(PUNCT_OR_SPACE, '').toLowerCase();
}

export function normaliseAddress(a: string): string {
  return a.replace(PUNCT_OR_SPACE, '').toLowerCase();
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const MOBILE = /(?<!\d)1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/;
const URL = /https?:\/\/\S+|www\.[a-z0-9-]+\.[a-z]{2,}|[a-z0-9-]+\.(?:com|cn|net|org|top|cc|vip|xyz|shop)(?![a-z])/i;
const HANDLE = /(?<![a-z])(?:微信|威信|薇信|vx|v信|wx|weixin|wechat|加v|qq|扣扣|企鹅)\s*号?\s*[:：]?\s*[a-z0-9_-]{5,}/i;

/**
 * Where the contact details are, for the review viewer to mark inside a review REVIEW_CONTACT_INFO
 * flagged: the same patterns the rule matches, so the viewer marks exactly what the rule saw.
 */
export function contactRanges(text: string): { start: number; end: number; kind: string }[] {
  const out: { start: number; end: number; kind: string }[] = [];
  for (const [kind, re] of [['mobile', MOBILE], ['url', URL], ['wechat_qq', HANDLE]] as const)
    for (const m of text.matchAll(new RegExp(re.source, `${re.flags}g`))) if (m.index !== undefined && m[0].length > 0) out.push({ start: m.index, end: m.index + m[0].length, kind });
  return out;
}

/** Contact details that pull buyers off-platform (引流): which kinds appear in `text`. */
export function contactKinds(text: string): string[] {
  const out: string[] = [];
  if (MOBILE.test(text)) out.push('mobile');
  if (URL.test(text)) out.push('url');
  if (HANDLE.test(text)) out.push('wechat_qq');
  return out;
}

/** Characters after a price that show the number is not a price (只要3件, 只要5分钟). */
const NOT_PRICE_AFTER = ['件', '个', '斤', '克', 'g', 'ml', '天', '次', '%', '折', '分', '秒', '号', '人', '瓶', '盒', '袋', '包'];

/** Yuan amounts (as fen) introduced by one of `markers`, deduplicated by position. */
export function priceClaims(text: string, markers: readonly string[]): { fen: number; start: number; end: number }[] {
  const out: { fen: number; start: number; end: number }[] = [];
  for (const m of markers) {
    let from = text.indexOf(m);
    while (from >= 0) {
      const n = numberAfter(text, from + m.length, 3);
      if (n && !out.some((o) => o.start === n.start)) {
        const tail = text.slice(n.end, n.end + 2);
        if (!NOT_PRICE_AFTER.some((u) => tail.startsWith(u))) out.push({ fen: Math.round(n.value * 100), start: n.start, end: n.end });
      }
      from = text.indexOf(m, from + m.length);
    }
  }
  return out;
}
