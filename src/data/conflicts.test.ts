import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MutationResult } from '@common/api';
import { applyClaimedCases } from './casesRepo';
import { actionsFor, resolveConflict } from './conflictsRepo';
import { GavelDb } from './db';
import { applyPushResults, nextBatch, recordDecision } from './outboxRepo';
import { caseView, decision } from '../../testing/fixtures/caseViews';

let db: GavelDb;
let n = 0;
beforeEach(async () => {
  db = new GavelDb(`conflicts-${n++}`);
  await applyClaimedCases(db, [caseView(1), caseView(2)]);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const details = { caseId: 'c1', status: 'decided', heldBy: 'arb-2', evidenceVersion: 1, decidedBy: 'arb-2' };

async function conflictOn(caseId: string, result: (clientId: string) => MutationResult): Promise<string> {
  const id = `m-${caseId}`;
  await recordDecision(db, caseId, decision(id, { note: '空包，重量 12g' }));
  const batch = await nextBatch(db, 10);
  await applyPushResults(db, batch, [result(id)]);
  return id;
}

describe('conflict resolutions', () => {
  it('offers only the actions that make sense for each kind of conflict', async () => {
    const id = await conflictOn('c1', (clientId) => ({ clientId, status: 'conflict', reason: 'already_decided', message: 'decided by arb-2', details }));
    const row = await db.conflicts.get(id);
    expect(actionsFor(row!)).toEqual(['discarded', 'sent_to_supervisor']);
    await expect(resolveConflict(id, 'redecided', 'x', db)).rejects.toThrow(/does not apply/);
  });

  it('re-deciding after new evidence reopens the case and keeps the conflict on record', async () => {
    const id = await conflictOn('c1', (clientId) => ({ clientId, status: 'conflict', reason: 'new_evidence', message: 'evidence v2', details: { ...details, status: 'claimed', decidedBy: null, evidenceVersion: 2 } }));
    expect(await db.cases.get('c1')).toMatchObject({ local: 'conflict' });
    await resolveConflict(id, 'redecided', 'x', db);
    expect(await db.cases.get('c1')).toMatchObject({ local: 'open', status: 'claimed' });
    expect(await db.conflicts.get(id)).toMatchObject({ resolution: 'redecided' });
    await expect(resolveConflict(id, 'discarded', 'y', db)).rejects.toThrow(/already been resolved/);
  });

  it('sending to a supervisor queues an escalation that carries the intended decision', async () => {
    const id = await conflictOn('c2', (clientId) => ({ clientId, status: 'conflict', reason: 'withdrawn', message: 'withdrawn', details: { ...details, caseId: 'c2', status: 'withdrawn' } }));
    await resolveConflict(id, 'sent_to_supervisor', 'esc-1', db);
    const [queued] = await nextBatch(db, 10);
    expect(queued?.mutation).toMatchObject({ type: 'escalate', caseId: 'c2', clientId: 'esc-1' });
    expect(queued?.mutation.type === 'escalate' && queued.mutation.reason).toMatch(/withdrawn.*upheld.*AS_EMPTY_PARCEL.*空包/);
    expect(await db.conflicts.get(id)).toMatchObject({ resolution: 'sent_to_supervisor' });
  });
});
