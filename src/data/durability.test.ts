import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPullPage } from './casesRepo';
import { GavelDb } from './db';
import { applyPushResults, markSent, nextBatch, recordDecision } from './outboxRepo';
import { caseView, decision, pullPage } from '../../testing/fixtures/caseViews';

let db: GavelDb;
let seen: (string | undefined)[] = [];
let n = 0;
beforeEach(async () => {
  db = new GavelDb(`dur-${n++}`);
  seen = [];
  // Next to IndexedDB: the durability each read-write transaction is opened with.
  db.use({
    stack: 'dbcore',
    name: 'durability-spy',
    level: 1,
    create: (down) => ({
      ...down,
      transaction(stores, mode, options) {
        if (mode === 'readwrite') seen.push((options as { durability?: string } | undefined)?.durability);
        return down.transaction(stores, mode, options);
      },
    }),
  });
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('durability', () => {
  it('is strict for a decision and its sending, relaxed only for what the server sends again', async () => {
    await applyPullPage(db, pullPage([caseView(1)], '1.0'));
    expect(seen).toEqual(['relaxed']);
    await recordDecision(db, 'c1', decision('m-1'));
    const rows = await nextBatch(db, 10);
    await markSent(db, rows);
    expect(seen.slice(1)).toEqual(['strict', 'strict']);
    // Written while a relaxed pull page is under way: a decision stays strict.
    await Promise.all([applyPullPage(db, pullPage([caseView(2)], '2.0')), recordDecision(db, 'c2', decision('m-2'))]);
    expect(seen.slice(3).sort()).toEqual(['relaxed', 'strict']);
    await applyPushResults(db, rows, [{ clientId: 'm-1', status: 'applied', caseId: 'c1', caseVersion: 2 }]);
    expect(seen.at(-1)).toBe('relaxed');
    // What the caller does next is outside it: the next batch's sending is strict.
    await markSent(db, await nextBatch(db, 10));
    expect(seen.at(-1)).toBe('strict');
    await db.cases.update('c1', { local: 'open' });
    expect(seen.at(-1)).toBe('strict');
  });
});
