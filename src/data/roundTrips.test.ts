/**
 * The writes that share `cases`, `decisions` and the outbox with a decision being recorded place
 * their requests together, so their transactions do not stay open across trips through the page's
 * main thread (IndexedDB runs a transaction only after every earlier one over the same stores; the
 * workstation bench traced decisions waiting 10–60 ms behind them, docs/performance.md).
 *
 * What is recorded is the real store's traffic (fake-indexeddb under Dexie), seen by a DBCore
 * middleware placed below the app's own: which requests went out, and whether one went out before
 * another had its answer.
 */
import 'fake-indexeddb/auto';
import { Dexie, type DBCore, type DBCoreMutateRequest, type Middleware } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPullPage } from './casesRepo';
import { GavelDb } from './db';
import { applyPushResults, enqueueMutation, markSent, nextBatch, recordDecision } from './outboxRepo';
import { prunePrecedents } from './precedentsRepo';
import type { PrecedentRow } from './rows';
import { caseView, decision, pullPage } from '../../testing/fixtures/caseViews';

type Event = { what: 'sent' | 'answered'; table: string; type: DBCoreMutateRequest['type'] } | { what: 'transaction'; stores: string[]; mode: string };

/** Records every write request (sent, answered) and every transaction opened, at the bottom of the stack. */
function recorder(events: Event[]): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'test-round-trips',
    level: -100,
    create: (down) => ({
      ...down,
      transaction(stores, mode, options) {
        events.push({ what: 'transaction', stores: [...stores], mode });
        return down.transaction(stores, mode, options);
      },
      table(name) {
        const table = down.table(name);
        return {
          ...table,
          mutate(req) {
            events.push({ what: 'sent', table: name, type: req.type });
            return table.mutate(req).then((res) => {
              events.push({ what: 'answered', table: name, type: req.type });
              return res;
            });
          },
        };
      },
    }),
  };
}

const names: string[] = [];
async function open(events: Event[]): Promise<GavelDb> {
  const name = `round-trips-${names.length}-${Date.now()}`;
  names.push(name);
  const db = new GavelDb(name);
  db.use(recorder(events));
  await db.open();
  return db;
}
afterEach(async () => {
  for (const n of names.splice(0)) await Dexie.delete(n);
});

const at = (events: Event[], what: 'sent' | 'answered', table: string) => events.findIndex((e) => e.what === what && 'table' in e && e.table === table);
const writes = (events: Event[], table: string) => events.filter((e) => e.what === 'sent' && e.table === table).length;

describe('round trips beside a decision', () => {
  it("places a decision's queue overlay row with its case row, before either is answered", async () => {
    const events: Event[] = [];
    const db = await open(events);
    await applyPullPage(db, pullPage([caseView(1)], '1.0'));
    const seen = (await db.cases.get('c1'))!;
    events.length = 0;
    await recordDecision(db, 'c1', decision('m-1'), new Date('2026-12-07T10:00:00.000Z'), seen);
    expect(at(events, 'sent', 'queueOverlay')).toBeGreaterThan(-1);
    // Sent before the case row's answer came back: one trip for the whole decision.
    expect(at(events, 'sent', 'queueOverlay')).toBeLessThan(at(events, 'answered', 'cases'));
    expect((await db.queueOverlay.get('c1'))?.row).toMatchObject({ id: 'c1', local: 'pending' });
  });

  it("applies a push's answers with one write per table, not one per answer, and the same outcome", async () => {
    const events: Event[] = [];
    const db = await open(events);
    const views = Array.from({ length: 12 }, (_, i) => caseView(i + 1));
    await applyPullPage(db, pullPage(views, '1.0'));
    for (const v of views.slice(0, 10)) await recordDecision(db, v.id, decision(`d-${v.id}`), new Date('2026-12-07T10:00:00.000Z'));
    // Case 11: a note, then a release, both queued; only the note is answered in this push.
    await enqueueMutation(db, { clientId: 'note-11', type: 'add_note', caseId: 'c11', text: 'checked the parcel photos' });
    await enqueueMutation(db, { clientId: 'release-11', type: 'release', caseId: 'c11' });
    const batch = await nextBatch(db, 100);
    const sent = batch.filter((r) => r.clientId !== 'release-11');
    await markSent(db, sent);
    events.length = 0;
    const results = sent.map((r, i) =>
      r.clientId === 'd-c2'
        ? { clientId: r.clientId, status: 'rejected' as const, reason: 'invalid_request' as const, message: 'no' }
        : { clientId: r.clientId, status: 'applied' as const, caseId: r.caseId, caseVersion: 100 + i },
    );
    const outcome = await applyPushResults(db, sent, results, new Date('2026-12-07T10:01:00.000Z'));
    expect(outcome).toEqual({ applied: 10, rejected: 1, conflicts: 0 });
    for (const table of ['outbox', 'decisions', 'cases', 'conflicts']) expect(writes(events, table), table).toBe(1);
    // As one at a time would leave it: decided cases synced, the refused one a conflict, the case
    // with a release still queued pending, and only that release left to send.
    expect((await db.cases.get('c1'))?.local).toBe('synced');
    expect((await db.cases.get('c1'))?.version).toBe(100);
    expect((await db.decisions.get('d-c1'))?.state).toBe('applied');
    expect((await db.cases.get('c2'))?.local).toBe('conflict');
    expect((await db.decisions.get('d-c2'))?.state).toBe('rejected');
    expect((await db.conflicts.get('d-c2'))?.externalId).toBe((await db.cases.get('c2'))?.externalId);
    expect((await db.cases.get('c11'))?.local).toBe('pending');
    expect((await db.outbox.toArray()).map((r) => r.clientId)).toEqual(['release-11']);
  });

  it('marks a batch sent in one write, and leaves a row taken back meanwhile gone', async () => {
    const events: Event[] = [];
    const db = await open(events);
    const views = Array.from({ length: 5 }, (_, i) => caseView(i + 1));
    await applyPullPage(db, pullPage(views, '1.0'));
    for (const v of views) await recordDecision(db, v.id, decision(`d-${v.id}`), new Date('2026-12-07T10:00:00.000Z'));
    const batch = await nextBatch(db, 100);
    await db.outbox.delete(batch[4]!.seq); // undone after the batch was read
    events.length = 0;
    await markSent(db, batch, new Date('2026-12-07T10:00:30.000Z'));
    // One write for the batch (row by row, each waited for the last).
    expect(writes(events, 'outbox')).toBe(1);
    const rows = await db.outbox.toArray();
    expect(rows.map((r) => r.clientId)).toEqual(['d-c1', 'd-c2', 'd-c3', 'd-c4']);
    expect(rows.every((r) => r.sentAt === '2026-12-07T10:00:30.000Z' && r.attempts === 1)).toBe(true);
  });

  it('prunes stored precedents without a write transaction over cases', async () => {
    const events: Event[] = [];
    const db = await open(events);
    await applyPullPage(db, pullPage([caseView(1)], '1.0'));
    const row = (caseId: string): PrecedentRow => ({ caseId, fetchedAt: '2026-12-07T10:00:00.000Z', response: { caseId } as PrecedentRow['response'] });
    await db.precedents.bulkPut([row('c1'), row('gone-1'), row('gone-2'), row('kept')]);
    events.length = 0;
    expect(await prunePrecedents(db, 'kept')).toBe(2);
    expect((await db.precedents.toCollection().primaryKeys()).sort()).toEqual(['c1', 'kept']);
    const writers = events.filter((e) => e.what === 'transaction' && e.mode === 'readwrite');
    expect(writers.length).toBeGreaterThan(0);
    for (const w of writers) expect(w.what === 'transaction' && w.stores).not.toContain('cases');
  });
});
