/**
 * Search tokens for the queue's text search, stored in a multiEntry Dexie index.
 *
 * Chinese has no spaces, so words cannot be split reliably without a dictionary; character
 * unigrams and bigrams give exact-substring recall for any query of one or two characters and,
 * intersected, a close approximation for longer ones (the final filter checks the substring).
 * Latin text and ids become lower-cased words and their prefixes so "ord-12" finds "ORD-1234".
 */
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const WORD = /[a-z0-9]+/g;
const MAX_PREFIX = 12;

export function searchTokens(...texts: (string | undefined | null)[]): string[] {
  const out = new Set<string>();
  for (const raw of texts) {
    if (!raw) continue;
    const text = raw.toLowerCase();
    let prev = '';
    for (const ch of text) {
      if (CJK.test(ch)) {
        out.add(ch);
        if (prev) out.add(prev + ch);
        prev = ch;
      } else prev = '';
    }
    for (const m of text.matchAll(WORD)) {
      const w = m[0];
      for (let n = 1; n <= Math.min(w.length, MAX_PREFIX); n++) out.add(w.slice(0, n));
    }
  }
  return [...out];
}
