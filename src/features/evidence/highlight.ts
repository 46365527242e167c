/**
 * Highlighting hostile text without HTML: a string is split into plain segments and marked
 * segments, which the viewer renders as React text nodes inside <mark>. Nothing is ever parsed as
 * markup, so a review containing `<img onerror=…>` shows those characters and runs nothing.
 */
export type MarkKind = 'absolute' | 'number' | 'price' | 'contact' | 'logistics';
export type Segment = { text: string; mark?: MarkKind };
export type Range = { start: number; end: number; mark: MarkKind };

/** Ranges of every occurrence of the given terms (longest term wins where terms overlap). */
export function termRanges(text: string, terms: readonly string[], mark: MarkKind, except: readonly string[] = []): Range[] {
  const blocked = new Array<boolean>(text.length).fill(false);
  for (const ex of except) {
    if (!ex) continue;
    for (let i = text.indexOf(ex); i >= 0; i = text.indexOf(ex, i + 1)) for (let j = i; j < i + ex.length; j++) blocked[j] = true;
  }
  const out: Range[] = [];
  const lower = text.toLowerCase();
  for (const term of [...terms].sort((a, b) => b.length - a.length)) {
    const t = term.toLowerCase();
    if (!t) continue;
    for (let i = lower.indexOf(t); i >= 0; i = lower.indexOf(t, i + 1)) {
      if (blocked[i]) continue;
      out.push({ start: i, end: i + t.length, mark });
    }
  }
  return out;
}

export function regexRanges(text: string, re: RegExp, mark: MarkKind): Range[] {
  const flags = re.flags.includes('g') ? re.flags : `${re.flags}g`;
  const g = new RegExp(re.source, flags);
  const out: Range[] = [];
  for (const m of text.matchAll(g)) if (m[0].length > 0 && m.index !== undefined) out.push({ start: m.index, end: m.index + m[0].length, mark });
  return out;
}

/**
 * Splits text into segments by non-overlapping ranges. Overlaps resolve to the earlier range,
 * then the longer one, so the output always covers the text exactly once, in order.
 */
export function splitMarks(text: string, ranges: readonly Range[]): Segment[] {
  const sorted = [...ranges]
    .filter((r) => r.start >= 0 && r.end <= text.length && r.end > r.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment[] = [];
  let at = 0;
  for (const r of sorted) {
    if (r.start < at) continue;
    if (r.start > at) out.push({ text: text.slice(at, r.start) });
    out.push({ text: text.slice(r.start, r.end), mark: r.mark });
    at = r.end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at) });
  return out;
}

/** Contact details (mobile numbers, URLs, WeChat/QQ handles): same shapes the rules engine flags. */
export const CONTACT_RES: readonly RegExp[] = [
  /(?<!\d)1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/,
  /https?:\/\/\S+|www\.[a-z0-9-]+\.[a-z]{2,}|[a-z0-9-]+\.(?:com|cn|net|org|top|cc|vip|xyz|shop)(?![a-z])/i,
  /(?<![a-z])(?:微信|威信|薇信|vx|v信|wx|weixin|wechat|加v|qq|扣扣|企鹅)\s*号?\s*[:：]?\s*[a-z0-9_-]{5,}/i,
];

/** Numbers with a unit, the shape of a checkable claim: 100%, 500g, 5000mAh, 99元. */
export const NUMERIC_CLAIM_RE = /\d+(?:\.\d+)?\s*(?:%|％|g|克|kg|千克|公斤|ml|毫升|l|升|mah|元|块|w|瓦|cm|厘米|mm|毫米)/i;
