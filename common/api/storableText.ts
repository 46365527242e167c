/**
 * Text PostgreSQL cannot store: a NUL character (U+0000), or a UTF-16 surrogate without its other
 * half (not a character, and not encodable as UTF-8). Both are valid JSON, so a schema alone lets
 * them through. The server refuses a request holding one with a 400 naming the field; main checks
 * each queued mutation the same way before sending it, so one such value is set aside on its own
 * instead of failing the whole batch it travels in.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first string in `value` that cannot be stored, as a path and the reason; null when there is none. */
export function unstorableText(value: unknown, path: (string | number)[] = [], depth = 0): { path: (string | number)[]; reason: string } | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { path, reason: 'must not contain a NUL character' };
    if (LONE_SURROGATE.test(value)) return { path, reason: 'must be valid Unicode (a lone surrogate was found)' };
    return null;
  }
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    const found = unstorableText(v, [...path, k], depth + 1);
    if (found) return found;
  }
  return null;
}
