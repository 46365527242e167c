import type { z } from 'zod';
import { CaseBundleSchema, type CaseBundle } from './bundle';
import { DecisionSchema, type Decision } from './case';

export type ParseIssue = { path: string; message: string };
export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ParseIssue[] };

/** `['orders', 2, 'items', 0, 'qty']` → `orders[2].items[0].qty`; the root is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? '(root)' : out;
}

export function toParseIssues(error: z.ZodError): ParseIssue[] {
  return error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.output<S>> {
  const r = schema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, issues: toParseIssues(r.error) };
}

/** Validates an untrusted bundle (import API, NDJSON, IPC). Never throws. */
export function parseCaseBundle(input: unknown): ParseResult<CaseBundle> {
  return parseWith(CaseBundleSchema, input);
}

/** Validates an untrusted decision (IPC, push API). Semantic checks live in `validateDecision`. */
export function parseDecision(input: unknown): ParseResult<Decision> {
  return parseWith(DecisionSchema, input);
}
