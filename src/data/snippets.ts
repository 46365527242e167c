/**
 * The note snippets the decision form offers: read live from this machine's store (pull keeps it
 * current; src/data/snippetsRepo.ts), filtered to a case's kind and verdict.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Snippet } from '@common/api';
import type { ComplaintKind, Verdict } from '@common/domain';
import { appDb } from './db';
import { loadSnippets } from './snippetsRepo';

/** Every stored snippet, in the server's order; undefined while reading. */
export function useAllSnippets(): Snippet[] | undefined {
  const db = appDb();
  return useLiveQuery(() => loadSnippets(db), [db]);
}

/** The snippets written for a kind (its own, then every-kind ones), of any verdict or of `verdict`. */
export function snippetsFor(all: readonly Snippet[], kind: ComplaintKind, verdict: Verdict | null): Snippet[] {
  const fits = (s: Snippet) => verdict === null || s.verdict === null || s.verdict === verdict;
  return [...all.filter((s) => s.kind === kind && fits(s)), ...all.filter((s) => s.kind === null && fits(s))];
}
