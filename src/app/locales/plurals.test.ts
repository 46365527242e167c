import { describe, expect, it } from 'vitest';
import { en } from './en';

/** Every message, by its dotted key. */
function flatten(node: unknown, prefix = ''): Array<[string, string]> {
  if (typeof node === 'string') return [[prefix, node]];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

/**
 * English says one as one: a message that puts a plural noun after its count ("{{count}} calls")
 * needs a `_one` form, or a user reads "1 calls". Chinese has a single form and is not checked.
 */
describe('English plurals', () => {
  it('every count followed by a plural noun has a form for one', () => {
    const messages = flatten(en);
    const keys = new Set(messages.map(([k]) => k));
    // The count, then up to two words without another placeholder, then a word ending in -s.
    const plural = /\{\{count\}\}\)?\s+(?:[A-Za-z]+\s+){0,2}?[A-Za-z]{2,}s\b/;
    const missing = messages.filter(([k, text]) => plural.test(text) && !k.endsWith('_one') && !k.endsWith('_other') && !keys.has(`${k}_one`)).map(([k, text]) => `${k}: ${text}`);
    expect(missing).toEqual([]);
  });
});
