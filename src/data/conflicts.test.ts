import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseView, MutationResult } from '@common/api';
import { ConflictActionError, resolveConflictWith } from '../sync/conflictResolution';
import { applyClaimedCases } from './casesRepo';
import { actionsFor, conflictKind } from './conflictsRepo';
import { GavelDb } from './db';
import { applyPushResults, nextBatch, recordDecision } from './outboxRepo';
import { caseView, decision } from '../../testing/fixtures/caseViews';
import type { ConflictRow } from './rows';

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

const ME = 'arb-1';
const details = { caseId: 'c1', status: 'decided', heldBy: 'arb-2', evidenceVersion: 1, decidedBy: 'arb-2' };

async function conflictOn(caseId: string, result: (clientId: string) => MutationResult): Promise<string> {
  const id = `m-${caseId}`;
  await recordDecision(db, caseId, decision(id, { note: '空包，重量 12g' }));
  const batch = await nextBatch(db, 10);
  await applyPushResults(db, batch, [result(id)]);
  return id;
}

/** The case as the server holds it after the platform added a call record (evidence version 2). */
function withNewCall(view: CaseView): CaseView {
  return {
    ...view,
    evidenceVersion: 2,
    version: 3,
    bundle: { ...view.bundle, calls: [{ id: 'call-new', callerId: 'm-1', calleeId: 'u-1', at: '2026-11-02T10:00:00+08:00', answered: false, durationSec: 0, channel: 'phone' }] },
  };
}

const port = (answer: (caseId: string) => Promise<CaseView>) => ({ fetchCase: answer });
const refused = () => Promise.reject(Object.assign(new Error('not yours'), { code: 'bad_request' }));
const offline = () => Promise.reject(Object.assign(new Error('ECONNREFUSED'), { code: 'offline' }));

function row(result: ConflictRow['result'], extra: Partial<ConflictRow> = {}): ConflictRow {
  return { clientId: result.clientId, caseId: 'c1', externalId: 'EXT-1001', kind: 'abnormal_after_sales', result, mutation: { clientId: result.clientId, type: 'decide', caseId: 'c1', decision: decision(result.clientId) }, at: '2026-11-23T10:00:00Z', resolution: null, ...extra };
}

describe('conflict kinds and the actions each offers', () => {
  it('offers only actions the server will accept, per kind', () => {
    const c = (reason: 'withdrawn' | 'already_decided' | 'claimed_by_other' | 'new_evidence', heldBy: string | null = 'arb-2') =>
      row({ clientId: 'x', status: 'conflict', reason, message: '', details: { ...details, heldBy } });
    const r = (reason: 'not_found' | 'not_holder' | 'invalid_state' | 'invalid_decision' | 'invalid_request') => row({ clientId: 'x', status: 'rejected', reason, message: '' });
    const table: [ConflictRow, string, string[]][] = [
      [c('withdrawn'), 'withdrawn', ['discarded']],
      [c('already_decided'), 'decided_elsewhere', ['discarded']],
      [c('claimed_by_other'), 'reclaimed', ['discarded']],
      [c('claimed_by_other', ME), 'lease_lost', ['redecided', 'sent_to_supervisor', 'discarded']],
      [c('new_evidence', ME), 'new_evidence', ['redecided', 'sent_to_supervisor', 'discarded']],
      [r('not_holder'), 'lease_lost', ['discarded']],
      [r('not_found'), 'gone', ['discarded']],
      [r('invalid_decision'), 'rejected', ['redecided', 'sent_to_supervisor', 'discarded']],
      [r('invalid_state'), 'rejected', ['discarded']],
      [{ ...r('invalid_request'), quarantined: true }, 'quarantined', ['redecided', 'discarded']],
    ];
    for (const [conflict, kind, actions] of table) {
      expect(conflictKind(conflict, ME)).toBe(kind);
      expect(actionsFor(conflict, ME)).toEqual(actions);
    }
  });
});

describe('conflict resolutions converge from the server state', () => {
  it('re-deciding after new evidence reads the case first: the new call record is stored and marked, the case reopens, the conflict stays on record', async () => {
    const id = await conflictOn('c1', (clientId) => ({ clientId, status: 'conflict', reason: 'new_evidence', message: 'evidence v2', details: { ...details, status: 'claimed', heldBy: ME, decidedBy: null, evidenceVersion: 2 } }));
    expect(await db.cases.get('c1')).toMatchObject({ local: 'conflict', evidenceVersion: 1 });
    await resolveConflictWith(db, port(() => Promise.resolve(withNewCall(caseView(1)))), ME, id, 'redecided');
    expect(await db.cases.get('c1')).toMatchObject({ local: 'open', status: 'claimed', evidenceVersion: 2, newKeys: ['call:call-new'], newSince: 1 });
    expect((await db.bundles.get('c1'))?.bundle.calls.map((c) => c.id)).toEqual(['call-new']);
    expect(await db.conflicts.get(id)).toMatchObject({ resolution: 'redecided' });
    await expect(resolveConflictWith(db, port(() => Promise.resolve(caseView(1))), ME, id, 'discarded')).rejects.toMatchObject({ reason: 'already_resolved' });
    // The second decision carries the version it was made on.
    await recordDecision(db, 'c1', decision('m-c1-again'));
    const [queued] = await nextBatch(db, 10);
    expect(queued?.mutation).toMatchObject({ type: 'decide', evidenceVersion: 2 });
  });

  it('sending to a supervisor queues an escalation that carries the intended decision', async () => {
    const id = await conflictOn('c2', (clientId) => ({ clientId, status: 'conflict', reason: 'new_evidence', message: 'evidence v2', details: { ...details, caseId: 'c2', status: 'claimed', heldBy: ME, decidedBy: null, evidenceVersion: 2 } }));
    await resolveConflictWith(db, port(refused), ME, id, 'sent_to_supervisor', new Date(), 'esc-1');
    const [queued] = await nextBatch(db, 10);
    expect(queued?.mutation).toMatchObject({ type: 'escalate', caseId: 'c2', clientId: 'esc-1' });
    expect(queued?.mutation.type === 'escalate' && queued.mutation.reason).toMatch(/new_evidence.*upheld.*AS_EMPTY_PARCEL.*空包/);
    expect(await db.conflicts.get(id)).toMatchObject({ resolution: 'sent_to_supervisor' });
  });

  it('discarding a case that is no longer this account’s takes it off this machine; the conflict and decision stay on record', async () => {
    const id = await conflictOn('c1', (clientId) => ({ clientId, status: 'conflict', reason: 'already_decided', message: 'decided by arb-2', details }));
    await expect(resolveConflictWith(db, port(refused), ME, id, 'redecided')).rejects.toMatchObject({ reason: 'not_offered' });
    await resolveConflictWith(db, port(refused), ME, id, 'discarded');
    expect(await db.cases.get('c1')).toBeUndefined();
    expect(await db.conflicts.get(id)).toMatchObject({ resolution: 'discarded' });
    expect(await db.decisions.get(id)).toMatchObject({ state: 'conflict' });
  });

  it('discarding a withdrawn case still held here shows it settled, never as open work', async () => {
    const id = await conflictOn('c1', (clientId) => ({ clientId, status: 'conflict', reason: 'withdrawn', message: 'withdrawn', details: { ...details, status: 'withdrawn', heldBy: ME, decidedBy: null } }));
    await resolveConflictWith(db, port(() => Promise.resolve(caseView(1, { status: 'withdrawn' }))), ME, id, 'discarded');
    expect(await db.cases.get('c1')).toMatchObject({ local: 'synced', status: 'withdrawn' });
  });

  it('an action that must read the server fails offline and leaves the conflict open to try again', async () => {
    const id = await conflictOn('c1', (clientId) => ({ clientId, status: 'conflict', reason: 'new_evidence', message: 'evidence v2', details: { ...details, status: 'claimed', heldBy: ME, decidedBy: null, evidenceVersion: 2 } }));
    await expect(resolveConflictWith(db, port(offline), ME, id, 'redecided')).rejects.toBeInstanceOf(ConflictActionError);
    expect(await db.conflicts.get(id)).toMatchObject({ resolution: null });
    expect(await db.cases.get('c1')).toMatchObject({ local: 'conflict' });
  });

  it('re-deciding refuses when the server says the case went to someone else meanwhile', async () => {
    const id = await conflictOn('c1', (clientId) => ({ clientId, status: 'conflict', reason: 'new_evidence', message: 'evidence v2', details: { ...details, status: 'claimed', heldBy: ME, decidedBy: null, evidenceVersion: 2 } }));
    await expect(resolveConflictWith(db, port(() => Promise.resolve(caseView(1, { claimedBy: 'arb-2' }))), ME, id, 'redecided')).rejects.toMatchObject({ reason: 'not_yours' });
    expect(await db.conflicts.get(id)).toMatchObject({ resolution: null });
  });
});
