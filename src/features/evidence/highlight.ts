/**
 * Highlighting hostile text without HTML: a string is split into plain segments and marked
 * segments, which the viewer renders as React text nodes inside <mark>. Nothing is ever parsed as
 * markup, so a review containing `<img onerror=…>` shows those characters and runs nothing.
 */
import type { Policy } from '@common/policy';
import { contactRanges, priceClaims, type Finding } from '@common/rules';

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

/**
 * The marks inside one item's text, from the findings that point at that item and nothing else:
 * the terms an ABSOLUTE_TERM finding names, the claim a CLAIM_CONTRADICTS_SPEC finding quotes, the
 * price claims of a PRICE_CLAIM_MISMATCH segment, the contact details of a REVIEW_CONTACT_INFO
 * review, the keyword a REVIEW_BLAMES_LOGISTICS finding found. Locating them uses the engine's own
 * text functions and the governing policy's word lists, so a mark sits where the rule looked.
 */
export function findingRanges(text: string, findings: readonly Finding[], policy: Pick<Policy, 'absoluteTermExceptions' | 'priceClaimMarkers'> | null): Range[] {
  const out: Range[] = [];
  for (const f of findings) {
    const d = f.data ?? {};
    switch (f.code) {
      case 'ABSOLUTE_TERM':
        out.push(...termRanges(text, String(d.terms ?? '').split('、').filter(Boolean), 'absolute', policy?.absoluteTermExceptions ?? []));
        break;
      case 'CLAIM_CONTRADICTS_SPEC':
        if (typeof d.claimed === 'string' && d.claimed) out.push(...termRanges(text, [d.claimed], 'number'));
        break;
      case 'PRICE_CLAIM_MISMATCH':
        for (const c of priceClaims(text, policy?.priceClaimMarkers ?? [])) out.push({ start: c.start, end: c.end, mark: 'price' });
        break;
      case 'REVIEW_CONTACT_INFO':
        for (const c of contactRanges(text)) out.push({ start: c.start, end: c.end, mark: 'contact' });
        break;
      case 'REVIEW_BLAMES_LOGISTICS':
        if (typeof d.keyword === 'string' && d.keyword) out.push(...termRanges(text, [d.keyword], 'logistics'));
        break;
      default:
    }
  }
  return out;
}
