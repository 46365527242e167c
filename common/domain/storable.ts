import type { z } from 'zod';

/** A UTF-16 surrogate without its other half: not a character, and not encodable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The first string in `value` that a store of text cannot keep, as a path and the reason: a NUL
 * character (PostgreSQL text refuses U+0000) or a lone surrogate (not encodable as UTF-8). Parties
 * write much of what travels, so such a value is bad input, to be refused where it enters with the
 * field named, never a database error deep in a query.
 */
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

/**
 * The schema, refusing any string in what it parses that cannot be stored (see unstorableText), as
 * an issue at that string's path. The route table applies it to every request schema it declares,
 * so no route, streamed or not, and no IPC channel relaying one, can forget the check.
 */
export function storable<S extends z.ZodType>(schema: S): S {
  return schema.superRefine((value, ctx) => {
    const bad = unstorableText(value);
    if (bad) ctx.addIssue({ code: 'custom', path: bad.path, message: bad.reason });
  });
}
