/**
 * What the arbitrator does with a mutation the server did not apply. Each resolution is recorded on
 * the conflict row (nothing is deleted), so a supervisor can later see what happened to it.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Mutation } from '@common/api';
import { appDb, type GavelDb } from './db';
import { enqueueMutation } from './outboxRepo';
import type { ConflictRow, DecisionRow } from './rows';

export type ConflictResolution = 'discarded' | 'redecided' | 'sent_to_supervisor';

/** Which next actions make sense for this conflict. */
export function actionsFor(conflict: ConflictRow): ConflictResolution[] {
  const r = conflict.result;
  if (r.status === 'rejected') return r.reason === 'not_holder' ? ['discarded', 'sent_to_supervisor'] : ['redecided', 'discarded', 'sent_to_supervisor'];
  switch (r.reason) {
    case 'new_evidence':
      return ['redecided', 'sent_to_supervisor', 'discarded'];
    case 'withdrawn':
    case 'already_decided':
    case 'claimed_by_other':
      return ['discarded', 'sent_to_supervisor'];
  }
}

export async function resolveConflict(clientId: string, resolution: ConflictResolution, newClientId: string, db: GavelDb = appDb(), now = new Date()): Promise<void> {
  const conflict = await db.conflicts.get(clientId);
  if (!conflict) throw new Error('That conflict no longer exists.');
  if (conflict.resolution) throw new Error('That conflict has already been resolved.');
  if (!actionsFor(conflict).includes(resolution)) throw new Error(`"${resolution}" does not apply to this conflict.`);

  if (resolution === 'sent_to_supervisor') {
    // The supervisor gets the arbitrator's intended decision in the escalation reason, so nothing
    // the arbitrator concluded is lost even though the server refused it.
    const escalate: Mutation = { clientId: newClientId, type: 'escalate', caseId: conflict.caseId, reason: escalationReason(conflict) };
    await db.transaction('rw', [db.cases, db.outbox, db.conflicts], async () => {
      const stillHere = await db.cases.get(conflict.caseId);
      if (stillHere) await enqueueMutation(db, escalate, now);
      await db.conflicts.update(clientId, { resolution });
    });
    return;
  }
  await db.transaction('rw', [db.cases, db.conflicts, db.decisions], async () => {
    await db.conflicts.update(clientId, { resolution });
    const row = await db.cases.get(conflict.caseId);
    if (!row) return;
    // Re-decide: the case opens again with the evidence the last pull brought. Discard: accept the
    // server's state; the next pull replaces or removes the local copy.
    await db.cases.update(conflict.caseId, { local: 'open', status: resolution === 'redecided' ? 'claimed' : row.status });
  });
}

function escalationReason(conflict: ConflictRow): string {
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
