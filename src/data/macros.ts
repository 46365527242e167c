/**
 * The macros the decision panel offers: read live from this machine's store (pull keeps it
 * current; src/data/macrosRepo.ts), filtered to a case's kind.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Macro } from '@common/api';
import type { ComplaintKind } from '@common/domain';
import type { Policy } from '@common/policy';
import { loadMacros } from './macrosRepo';
import { governingPolicy, sourceOf } from './policies';
import { useOpenStore } from './stores';

/** Every stored macro, by kind and position; undefined while reading. */
export function useAllMacros(): Macro[] | undefined {
  // The open pair's store, not appDb(): Settings stays on screen while signing out.
  const db = useOpenStore()?.db ?? null;
  return useLiveQuery(() => (db ? loadMacros(db) : []), [db]);
}

/** How many macros of a kind have a key (Alt+1 … Alt+9); the rest are applied from the panel's buttons. */
export const MACRO_KEYS = 9;

/** A kind's macros in key order: the shared ones first (the same keys on every desk), then the user's own, each by position. */
export function macrosFor(all: readonly Macro[], kind: ComplaintKind): Macro[] {
  const of = all.filter((m) => m.kind === kind);
  return [...of.filter((m) => m.scope === 'shared'), ...of.filter((m) => m.scope === 'personal')];
}

/**
 * The policy in force now on this machine (a macro is written against today's lists), or null
 * while reading. The open pair's store, not appDb(): Settings stays on screen while signing out.
 */
export function usePolicyInForce(): Policy | null {
  const db = useOpenStore()?.db ?? null;
  const rows = useLiveQuery(() => (db ? db.policies.toArray() : []), [db]);
  if (!rows) return null;
  const governing = governingPolicy(sourceOf(rows, db), { filedAt: new Date().toISOString() });
  return 'policy' in governing ? governing.policy : null;
}
