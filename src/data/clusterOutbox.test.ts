import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyClaimedCases } from './casesRepo';
import { GavelDb } from './db';
import { nextBatch, recordDecision, recordDecisions } from './outboxRepo';
import { caseView, decision } from '../../testing/fixtures/caseViews';

let db: GavelDb;
let n = 0;
beforeEach(async () => {
  db = new GavelDb(`cluster-${n++}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

/** recordDecisions: a cluster decision is one transaction of ordinary per-case decisions (docs/clusters.md). */
describe('recordDecisions', () => {
  it('writes one decision and one decide mutation per case, each with its own client id, and marks each case pending', async () => {
    await applyClaimedCases(db, [caseView(1), caseView(2), caseView(3)]);
    const results = await recordDecisions(db, [
      { caseId: 'c1', decision: decision('k-1') },
      { caseId: 'c2', decision: decision('k-2') },
      { caseId: 'c3', decision: decision('k-3') },
    ]);
    expect(results.map((r) => [r.caseId, r.ok])).toEqual([['c1', true], ['c2', true], ['c3', true]]);
    const batch = await nextBatch(db, 10);
    expect(batch.map((r) => [r.caseId, r.clientId, r.type])).toEqual([['c1', 'k-1', 'decide'], ['c2', 'k-2', 'decide'], ['c3', 'k-3', 'decide']]);
    for (const r of batch) expect(r.mutation).toMatchObject({ clientId: r.clientId, caseId: r.caseId, type: 'decide' });
    expect((await db.cases.bulkGet(['c1', 'c2', 'c3'])).map((c) => c?.local)).toEqual(['pending', 'pending', 'pending']);
    expect(await db.decisions.count()).toBe(3);
  });

  it('reports a case already waiting to sync or not on this machine, and still records the others', async () => {
    await applyClaimedCases(db, [caseView(1), caseView(2)]);
    await recordDecision(db, 'c1', decision('first'));
    const results = await recordDecisions(db, [
      { caseId: 'c1', decision: decision('again') },
      { caseId: 'c2', decision: decision('k-2') },
      { caseId: 'nowhere', decision: decision('k-x') },
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['already_decided', 'ok', 'case_not_found']);
    expect((await nextBatch(db, 10)).map((r) => r.clientId)).toEqual(['first', 'k-2']);
  });
});
