/**
 * The note snippets the decision form offers: read live from this machine's store (pull keeps it
 * current; src/data/snippetsRepo.ts), filtered to a case's kind and verdict.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Snippet } from '@common/api';
import type { ComplaintKind, Verdict } from '@common/domain';
import { loadSnippets } from './snippetsRepo';
import { useOpenStore } from './stores';

/** Every stored snippet, in the server's order; undefined while reading. */
export function useAllSnippets(): Snippet[] | undefined {
  // The open pair's store, not appDb(): a supervisor's Settings stays on screen while signing out.
  const db = useOpenStore()?.db ?? null;
  return useLiveQuery(() => (db ? loadSnippets(db) : []), [db]);
}

/**
 * The snippets that apply to a kind (its own and the every-kind ones), of any verdict or of
 * `verdict`, in the supervisors' order (position): the insert key offers them in this order.
 */
export function snippetsFor(all: readonly Snippet[], kind: ComplaintKind, verdict: Verdict | null): Snippet[] {
  return all.filter((s) => (s.kind === null || s.kind === kind) && (verdict === null || s.verdict === null || s.verdict === verdict));
}
