import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MutationResult, QaItemView, QaPull } from '@common/api';
import { applyPullPage, getCursor } from './casesRepo';
import { GavelDb, storeSchemaAt } from './db';
import { applyPushResults, markSent, nextBatch } from './outboxRepo';
import { OutboxError } from './outboxError';
import { recordQaReview } from './qaRepo';
import { caseView, pullPage } from '../../testing/fixtures/caseViews';

let db: GavelDb;
let n = 0;
beforeEach(async () => {
  db = new GavelDb(`qa-test-${n++}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const original = { verdict: 'upheld' as const, remedies: ['compensate_merchant' as const], reasonCodes: ['AS_EMPTY_PARCEL'] };
const review = { verdict: 'rejected' as const, remedies: ['no_action' as const], reasonCodes: ['AS_GENUINE_RETURN'] };
function item(i: number, over: Partial<QaItemView> = {}): QaItemView {
  const v = caseView(i, { claimedBy: null, status: 'decided' });
  return { itemId: `it-${i}`, planId: 'p1', planName: 'weekly', caseId: v.id, externalId: v.externalId, kind: v.kind, assignedAt: `2026-11-2${i}T00:00:00Z`, status: 'open', case: v, comparison: null, ...over };
}
const comparison = { arbitratorId: 'arb-1', arbitratorName: '李娜', original, review, verdictAgrees: false, remediesAgree: false, reasonCodesAgree: false, feedback: 'look again', reviewedAt: '2026-11-23T00:00:00Z' };
const page = (qa: QaPull, cursor: string) => ({ ...pullPage([], cursor), qa });

describe('QA data layer', () => {
  it('schema v3 upgrades a v1 database in place: every v1 row is kept, the QA tables are added', async () => {
    const name = `qa-upgrade-${n++}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(storeSchemaAt(1));
    await v1.open();
    await v1.table('meta').put({ key: 'pull.cursor', value: '7.1' });
    await v1.table('outbox').add({ clientId: 'kept', caseId: 'c1', type: 'add_note', mutation: {}, enqueuedAt: 'x', sentAt: null, attempts: 0, lastError: null });
    v1.close();
    const v2 = new GavelDb(name);
    await v2.open();
    expect(v2.verno).toBe(14);
    expect(await getCursor(v2)).toBe('7.1');
    expect((await v2.outbox.toArray()).map((r) => r.clientId)).toEqual(['kept']);
    expect(await v2.qaItems.count()).toBe(0);
    v2.close();
    await v2.delete();
  });

  it('pull pages bring items and notices with the cursor; a pending review survives a later pull of the open item', async () => {
    await applyPullPage(db, page({ items: [item(1), item(2)], notices: [{ id: 'n1', caseId: 'c9', externalId: 'EXT-9', type: 'feedback', at: '2026-11-23T00:00:00Z', byId: 's', byName: '陈静', note: 'hi', previous: original, decision: review }] }, '3.0'));
    expect(await getCursor(db)).toBe('3.0');
    expect((await db.qaItems.get('it-1'))).toMatchObject({ local: 'open', done: 0, review: null });
    expect(await db.qaNotices.get('n1')).toMatchObject({ note: 'hi' });
    await recordQaReview(db, 'it-1', review, ' please check the trace ', 'rev-1');
    expect(await db.qaItems.get('it-1')).toMatchObject({ local: 'pending', clientId: 'rev-1', feedback: 'please check the trace' });
    expect((await db.outbox.toArray()).map((r) => [r.type, r.clientId])).toEqual([['qa_review', 'rev-1']]);
    await expect(recordQaReview(db, 'it-1', review, '', 'rev-2')).rejects.toBeInstanceOf(OutboxError);
    // The server has not seen it yet: the item comes again as open, and stays pending here.
    await applyPullPage(db, page({ items: [item(1)], notices: [] }, '4.0'));
    expect(await db.qaItems.get('it-1')).toMatchObject({ local: 'pending', review });
    // Then reviewed on the server: the comparison arrives.
    await applyPullPage(db, page({ items: [item(1, { status: 'reviewed', comparison })], notices: [] }, '5.0'));
    expect(await db.qaItems.get('it-1')).toMatchObject({ local: 'reviewed', done: 1, comparison: { verdictAgrees: false } });
  });

  it('push answers: applied stores the comparison; refused marks the item (not the conflicts table) and allows another review', async () => {
    await applyPullPage(db, page({ items: [item(1), item(2)], notices: [] }, '1.0'));
    await recordQaReview(db, 'it-1', review, 'fb', 'a');
    await recordQaReview(db, 'it-2', review, '', 'b');
    const sent = await nextBatch(db, 10);
    await markSent(db, sent);
    const results: MutationResult[] = [
      { clientId: 'a', status: 'applied', caseId: 'c1', caseVersion: 3, comparison },
      { clientId: 'b', status: 'rejected', reason: 'invalid_state', message: 'this QA item has already been reviewed' },
    ];
    const outcome = await applyPushResults(db, sent, results);
    expect(outcome).toEqual({ applied: 1, rejected: 1, conflicts: 0 });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.conflicts.count()).toBe(0);
    expect(await db.qaItems.get('it-1')).toMatchObject({ local: 'reviewed', comparison: { feedback: 'look again' } });
    expect(await db.qaItems.get('it-2')).toMatchObject({ local: 'rejected', error: 'this QA item has already been reviewed', clientId: null });
    await recordQaReview(db, 'it-2', review, '', 'c');
    expect(await db.qaItems.get('it-2')).toMatchObject({ local: 'pending', clientId: 'c' });
  });
});
