/**
 * Mutations the server did not apply, and what the arbitrator may do about each. The kinds and the
 * actions each offers are decided here (pure, from the conflict row and who is signed in); what an
 * action does is src/sync/conflictResolution.ts. Each resolution is recorded on the conflict row
 * (nothing is deleted), so a supervisor can later see what happened to it.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { appDb, type GavelDb } from './db';
import type { ConflictRow, DecisionRow } from './rows';

export type ConflictResolution = 'discarded' | 'redecided' | 'sent_to_supervisor';

/**
 * What happened, as the arbitrator needs to know it:
 * - `withdrawn`: the complainant withdrew while the decision waited;
 * - `decided_elsewhere`: someone else decided (or closed) the case;
 * - `reclaimed`: another arbitrator holds the case now;
 * - `lease_lost`: the lease this decision was made under has ended (the case was claimed again,
 *   or went back to the queue);
 * - `new_evidence`: evidence arrived after the decision was made;
 * - `rejected`: the server refused the mutation itself (e.g. the decision breaks a rule);
 * - `quarantined`: it can never be accepted as it is (not sent, or refused with its whole batch);
 * - `gone`: the case no longer exists on the server.
 */
export type ConflictKind = 'withdrawn' | 'decided_elsewhere' | 'reclaimed' | 'lease_lost' | 'new_evidence' | 'rejected' | 'quarantined' | 'gone';

export function conflictKind(conflict: ConflictRow, me: string | null): ConflictKind {
  const r = conflict.result;
  if (conflict.quarantined) return 'quarantined';
  if (r.status === 'rejected') {
    if (r.reason === 'not_found') return 'gone';
    if (r.reason === 'not_holder') return 'lease_lost';
    return 'rejected';
  }
  switch (r.reason) {
    case 'withdrawn':
      return 'withdrawn';
    case 'already_decided':
      return 'decided_elsewhere';
    case 'claimed_by_other':
      // The server says "claimed by other" for a lease epoch that moved on too, even when the case
      // came back to this same account: that is a lost lease, not someone else's case.
      return r.details.heldBy !== null && r.details.heldBy === me ? 'lease_lost' : 'reclaimed';
    case 'new_evidence':
      return 'new_evidence';
  }
}

/**
 * The actions that converge for this conflict, first the one suggested. Only what the server will
 * accept is offered: an escalation needs the case still held and open, a second decision needs it
 * still this account's to decide.
 */
export function actionsFor(conflict: ConflictRow, me: string | null): ConflictResolution[] {
  const decide = conflict.mutation.type === 'decide';
  const r = conflict.result;
  switch (conflictKind(conflict, me)) {
    case 'withdrawn':
    case 'decided_elsewhere':
    case 'reclaimed':
    case 'gone':
      return ['discarded'];
    case 'lease_lost':
      // Still this account's (claimed again under a new lease): decide again under it.
      return r.status === 'conflict' ? (decide ? ['redecided', 'sent_to_supervisor', 'discarded'] : ['sent_to_supervisor', 'discarded']) : ['discarded'];
    case 'new_evidence':
      return ['redecided', 'sent_to_supervisor', 'discarded'];
    case 'rejected':
      if (r.status === 'rejected' && r.reason === 'invalid_state') return ['discarded'];
      return decide ? ['redecided', 'sent_to_supervisor', 'discarded'] : ['sent_to_supervisor', 'discarded'];
    case 'quarantined':
      return decide ? ['redecided', 'discarded'] : ['discarded'];
  }
}

/** Records the arbitrator's resolution on the conflict row (inside the caller's transaction). */
export async function recordResolution(db: GavelDb, clientId: string, resolution: ConflictResolution, now = new Date()): Promise<void> {
  await db.conflicts.update(clientId, { resolution, resolvedAt: now.toISOString() });
}

/** What a supervisor reads in the escalation: the refused mutation and what the arbitrator concluded. */
export function escalationReason(conflict: ConflictRow): string {
  const m = conflict.mutation;
  const r = conflict.result;
  const why = `${r.status}: ${r.reason} (${r.message})`;
  if (m.type !== 'decide') return `Server refused ${m.type} — ${why}`;
  const d = m.decision;
  return `Offline decision refused — ${why}. Intended: ${d.verdict}; remedies ${d.remedies.join(', ') || 'none'}; reasons ${d.reasonCodes.join(', ')}${d.note ? `; note: ${d.note}` : ''}`.slice(0, 4000);
}

export type ConflictWithDecision = ConflictRow & { decision: DecisionRow | undefined };

/** Unresolved conflicts, newest first, each with the local decision it concerns. */
export function useOpenConflicts(): ConflictWithDecision[] | undefined {
  return useLiveQuery(async () => {
    const db = appDb();
    const open = await db.conflicts.filter((c) => c.resolution === null).toArray();
    const decisions = await db.decisions.bulkGet(open.map((c) => c.clientId));
    return open.map((c, i) => ({ ...c, decision: decisions[i] })).sort((a, b) => (a.at < b.at ? 1 : -1));
  });
}
