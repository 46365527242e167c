/**
 * Note snippets: text with `{{variable}}` slots filled from the case (party names, order id,
 * amounts, dates), and how much of a note is the arbitrator's own words once every snippet is
 * taken out. Pure; the decision form and the server's re-validation share it.
 */
import type { CaseBundle } from '../domain/bundle';

export const SNIPPET_VARIABLES = ['complainant', 'respondent', 'buyer', 'merchant', 'affiliate', 'orderId', 'amount', 'product', 'externalId', 'filedDate'] as const;
export type SnippetVariable = (typeof SNIPPET_VARIABLES)[number];

const yuan = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;
/** "7月3日" in China time. */
function chinaDay(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  return Number.isNaN(d.getTime()) ? '' : `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** The values a snippet's variables take in this case ('' when the case has none). */
export function snippetVars(bundle: CaseBundle): Record<SnippetVariable, string> {
  const c = bundle.case;
  const name = (id: string | undefined): string => (id ? (bundle.parties.find((p) => p.id === id)?.displayName ?? '') : '');
  const subject = bundle.orders.filter((o) => c.subject.orderIds.includes(o.id));
  const first = subject[0] ?? bundle.orders[0];
  const roleName = (role: 'user' | 'merchant' | 'affiliate'): string => {
    const ids = [c.complainantId, c.respondentId, first?.buyerId, first?.merchantId, first?.affiliateId];
    return name(ids.find((id) => id && bundle.parties.find((p) => p.id === id)?.role === role));
  };
  return {
    complainant: name(c.complainantId),
    respondent: name(c.respondentId),
    buyer: roleName('user'),
    merchant: roleName('merchant'),
    affiliate: roleName('affiliate'),
    orderId: subject.map((o) => o.id).join('、') || (first?.id ?? ''),
    amount: subject.length ? yuan(subject.reduce((s, o) => s + o.paidFen, 0)) : '',
    product: first?.items[0]?.name ?? '',
    externalId: c.externalId,
    filedDate: chinaDay(c.filedAt),
  };
}

const SLOT = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * What is wrong with a snippet's `{{variable}}` slots, in the order they appear: a name that is
 * not one of SNIPPET_VARIABLES, or a `{{` / `}}` left without its partner. Empty when the text is
 * fine. Saving a snippet refuses any of these (the server names the field), so a typo is caught by
 * the supervisor who wrote it, not by an arbitrator in the middle of a note.
 */
export function snippetTextProblems(text: string): Array<{ kind: 'unknown'; name: string } | { kind: 'unbalanced' }> {
  const problems: Array<{ kind: 'unknown'; name: string } | { kind: 'unbalanced' }> = [];
  const known = new Set<string>(SNIPPET_VARIABLES);
  for (const m of text.matchAll(SLOT)) {
    const name = m[1] ?? '';
    if (!known.has(name) && !problems.some((p) => p.kind === 'unknown' && p.name === name)) problems.push({ kind: 'unknown', name });
  }
  const rest = text.replace(SLOT, '');
  if (rest.includes('{{') || rest.includes('}}')) problems.push({ kind: 'unbalanced' });
  return problems;
}

/** Fills `{{variable}}` slots; an unknown name stays as written, so a typo shows in the note. */
export function renderSnippet(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (whole, key: string) => (key in vars ? (vars[key] ?? '') : whole));
}

/** Characters that carry meaning: letters, digits and CJK ideographs (no spaces, no punctuation). */
const MEANINGFUL = /[\p{L}\p{N}]/gu;

/**
 * The note with every snippet taken out (each as it renders in this case), counted in meaningful
 * characters: what the arbitrator wrote themself.
 */
export function ownWordCount(note: string, renderedSnippets: readonly string[]): number {
  let rest = note;
  // Longest first, so a snippet that contains another is removed whole.
  for (const s of [...renderedSnippets].sort((a, b) => b.length - a.length)) {
    const t = s.trim();
    if (t) rest = rest.split(t).join(' ');
  }
  return rest.match(MEANINGFUL)?.length ?? 0;
}

/**
 * How many meaningful characters of their own a note against a critical finding needs: four
 * Chinese characters make a reason (在线裁决, 台风停运); a lone mark or "ok" does not.
 */
export const MIN_OWN_WORDS = 4;
