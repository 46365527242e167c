/**
 * What each action on the Conflicts page does, so that every one of them converges within one sync
 * round: its effect is made from what the server holds now, never from a guess.
 * - Re-decide: the case as the server holds it is read first (the new evidence, the current lease)
 *   and applied, marking what is new; only then does it reopen here. A decision made on it next
 *   carries the evidence version and lease it was made on, so the server accepts it.
 * - Discard: the server's state of the case replaces this machine's; a case that is no longer this
 *   account's (withdrawn and released, decided or claimed by someone else) leaves this machine.
 * - Send to supervisor: an escalation carrying the intended decision is queued (offered only where
 *   the server accepts one: the case is still this account's and open).
 * Every resolution is recorded on the conflict row; nothing is deleted.
 */
import { applyCaseView, forgetCase } from '../data/casesRepo';
import { actionsFor, escalationReason, recordResolution, type ConflictResolution } from '../data/conflictsRepo';
import type { GavelDb } from '../data/db';
import { enqueueMutation } from '../data/outboxRepo';
import { failureKind, type SyncPort } from './engine';

/** Why a conflict action could not be carried out; the page shows it translated. */
export class ConflictActionError extends Error {
  constructor(readonly reason: 'missing' | 'already_resolved' | 'not_offered' | 'offline' | 'switched' | 'not_yours') {
    super(`conflict action refused: ${reason}`);
    this.name = 'ConflictActionError';
  }
}

export async function resolveConflictWith(
  db: GavelDb,
  port: Pick<SyncPort, 'fetchCase'>,
  me: string | null,
  clientId: string,
  resolution: ConflictResolution,
  now = new Date(),
  newClientId: string = crypto.randomUUID(),
): Promise<void> {
  const conflict = await db.conflicts.get(clientId);
  if (!conflict) throw new ConflictActionError('missing');
  if (conflict.resolution) throw new ConflictActionError('already_resolved');
  if (!actionsFor(conflict, me).includes(resolution)) throw new ConflictActionError('not_offered');

  if (resolution === 'sent_to_supervisor') {
    await db.transaction('rw', [db.cases, db.outbox, db.conflicts], async () => {
      const stillHere = await db.cases.get(conflict.caseId);
      if (stillHere) await enqueueMutation(db, { clientId: newClientId, type: 'escalate', caseId: conflict.caseId, category: 'sync_conflict', reason: escalationReason(conflict) }, now);
      await recordResolution(db, clientId, resolution, now);
    });
    return;
  }

  let view: Awaited<ReturnType<SyncPort['fetchCase']>> | null;
  try {
    view = await port.fetchCase(conflict.caseId);
  } catch (err) {
    const kind = failureKind(err);
    // Refused (not found, or not this account's to see): the case is no longer this account's work.
    if (kind === 'refused' || kind === 'auth') view = null;
    else throw new ConflictActionError(kind === 'switched' ? 'switched' : 'offline');
  }
  const ours = view !== null && me !== null && view.claim?.arbitratorId === me;
  if (resolution === 'redecided' && (!ours || view?.decision)) throw new ConflictActionError('not_yours');
  await db.transaction('rw', [db.cases, db.bundles, db.outbox, db.conflicts], async () => {
    await recordResolution(db, clientId, resolution, now);
    if (view && ours) {
      // Open work again if it is still this account's to decide; done if the server settled it.
      await db.cases.update(conflict.caseId, { local: 'open' });
      await applyCaseView(db, view);
    } else await forgetCase(db, conflict.caseId);
  });
}
