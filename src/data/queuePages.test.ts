import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPullPage } from './casesRepo';
import { GavelDb } from './db';
import { recordDecision } from './outboxRepo';
import { QueueIndex } from './queueIndex';
import { BUCKETS, COMPLETE, FOLD_AT, RESET_AT } from './queuePages';
import { packQueuePages, readGeneration, readQueuePages } from './queuePagesRepo';
import { caseRowFromView, type CaseRow } from './rows';
import { caseView, decision, pullPage } from '../../testing/fixtures/caseViews';

let db: GavelDb;
let n = 0;
let name = '';
beforeEach(async () => {
  name = `qp-${n++}`;
  db = new GavelDb(name);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const rowsOf = (count: number, from = 0): CaseRow[] =>
  Array.from({ length: count }, (_, i) => ({ ...caseRowFromView(caseView(1), 'open'), id: `r${from + i}`, externalId: `EXT-${from + i}`, dueAtMs: 1_000_000 - i }));

/** What a start of the app would see: a fresh index on the same store, read to the end. */
async function startAgain(): Promise<{ index: QueueIndex; rows: Map<string, CaseRow> }> {
  const index = new QueueIndex(db);
  await index.start();
  index.stop();
  return { index, rows: new Map((index.getSnapshot()?.rows ?? []).map((r) => [r.id, r])) };
}

/** The table's rows as the queue sees them (the packed copy drops search tokens where search text exists). */
async function table(): Promise<Map<string, Omit<CaseRow, 'tokens'>>> {
  return new Map((await db.cases.toArray()).map(({ tokens: _, ...r }) => [r.id, r]));
}
const same = (rows: Map<string, CaseRow>) => new Map([...rows].map(([id, { tokens: _, ...r }]) => [id, r]));

describe('the compact queue copy', () => {
  it('is packed after a row-by-row read, then read whole on the next start, equal to the table', async () => {
    await db.cases.bulkPut(rowsOf(700));
    const first = await startAgain();
    expect(first.index.readFromPages).toBe(false);
    expect(await first.index.maintain()).toBe('packed');
    // Packed into the buckets (plus the complete mark and the generation), not one record per row.
    expect(await db.queuePages.count()).toBeLessThanOrEqual(BUCKETS + 2);
    const next = await startAgain();
    expect(next.index.readFromPages).toBe(true);
    expect(same(next.rows)).toEqual(await table());
  });

  it('carries every write made after packing (pull, decision, update, delete, add), from any writer, through the overlay', async () => {
    await applyPullPage(db, pullPage([caseView(1), caseView(2), caseView(3)], '1.0'));
    await db.cases.bulkPut(rowsOf(400));
    expect(await (await startAgain()).index.maintain()).toBe('packed');

    await applyPullPage(db, pullPage([caseView(4), { ...caseView(2), version: 9 }], '2.0'));
    await recordDecision(db, 'c1', decision('c1'));
    await db.cases.update('r3', { amountFen: 4242 });
    await db.cases.delete('r5');
    await db.cases.where('id').anyOf(['r6', 'r7']).delete();
    await db.cases.put({ ...rowsOf(1, 500)[0]! });

    const next = await startAgain();
    expect(next.index.readFromPages).toBe(true);
    expect(same(next.rows)).toEqual(await table());
    expect(next.rows.get('c1')?.local).toBe('pending');
    expect(next.rows.get('r3')?.amountFen).toBe(4242);
    expect(next.rows.has('r5') || next.rows.has('r6')).toBe(false);
    expect(next.rows.has('r500')).toBe(true);
  });

  it('is reset, not given overlay rows, by a large write while it is incomplete; packed later it still equals the table', async () => {
    await db.cases.bulkPut(rowsOf(400));
    const index = new QueueIndex(db);
    await index.start();
    const stale = await readGeneration(db);
    // A decision-sized write goes to the overlay, even on an incomplete copy (it must not stop a packing).
    await db.cases.put({ ...rowsOf(1)[0]!, amountFen: 1 });
    expect(await db.queueOverlay.count()).toBe(1);
    // A pull-page-sized write: the copy starts over (that overlay row, now stale, goes with it).
    await db.cases.bulkPut(rowsOf(RESET_AT).map((r) => ({ ...r, amountFen: 2 })));
    expect(await db.queueOverlay.count()).toBe(0);
    expect(await readGeneration(db)).not.toBe(stale);
    // A packing begun before it cannot complete.
    expect(await packQueuePages(db, rowsOf(400), stale)).toBe(false);

    expect(await index.maintain()).toBe('packed');
    index.stop();
    const next = await startAgain();
    expect(next.index.readFromPages).toBe(true);
    expect(same(next.rows)).toEqual(await table());
    expect(next.rows.get('r0')?.amountFen).toBe(2);
    // Once complete, a large write is carried by the overlay and the copy stays.
    await db.cases.bulkPut(rowsOf(RESET_AT, 2000));
    expect(await db.queueOverlay.count()).toBe(RESET_AT);
    expect((await startAgain()).index.readFromPages).toBe(true);
  });

  it('folds the overlay into its buckets once it is large, and the copy still equals the table', async () => {
    await db.cases.bulkPut(rowsOf(400));
    const { index } = await startAgain();
    await index.maintain();
    await db.cases.bulkPut(rowsOf(FOLD_AT - 1, 1000));
    const again = await startAgain();
    expect(await again.index.maintain()).toBe('nothing');
    await db.cases.bulkPut(rowsOf(1, 3000));
    await db.cases.delete('r3');
    const third = await startAgain();
    expect(await third.index.maintain()).toBe('folded');
    expect(await db.queueOverlay.count()).toBe(0);
    const last = await startAgain();
    expect(last.index.readFromPages).toBe(true);
    expect(same(last.rows)).toEqual(await table());
    expect(last.rows.size).toBe(400 + FOLD_AT - 1 + 1 - 1);
  });

  it('is dropped by a clear of the table, and never stands for rows that are gone', async () => {
    await db.cases.bulkPut(rowsOf(400));
    await (await startAgain()).index.maintain();
    expect(await readQueuePages(db)).not.toBeNull();
    await db.cases.clear();
    expect(await readQueuePages(db)).toBeNull();
    await db.cases.bulkPut(rowsOf(2, 900));
    const next = await startAgain();
    expect(next.index.readFromPages).toBe(false);
    expect([...next.rows.keys()].sort()).toEqual(['r900', 'r901']);
    // A table its first page covers needs no copy.
    expect(await next.index.maintain()).toBe('nothing');
  });

  it('is not marked complete when the table was reset while it was being packed', async () => {
    await db.cases.bulkPut(rowsOf(30));
    const generation = await readGeneration(db);
    const stale = await db.cases.toArray();
    await db.cases.clear();
    expect(await packQueuePages(db, stale, generation)).toBe(false);
    expect(await db.queuePages.get(COMPLETE)).toBeUndefined();
    expect(await readQueuePages(db)).toBeNull();
  });

  it('is read back by a store opened again from disk', async () => {
    await db.cases.bulkPut(rowsOf(500));
    await (await startAgain()).index.maintain();
    db.close();
    db = new GavelDb(name);
    await db.open();
    const next = await startAgain();
    expect(next.index.readFromPages).toBe(true);
    expect(next.rows.size).toBe(500);
  });
});
