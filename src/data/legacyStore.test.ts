import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { applyClaimedCases, applyPullPage, getCursor } from './casesRepo';
import { GavelDb } from './db';
import { migrateLegacyStore } from './legacyStore';
import { applyPushResults, enqueueMutation, nextBatch, recordDecision } from './outboxRepo';
import { caseView, decision, pullPage } from '../../testing/fixtures/caseViews';

let n = 0;
const opened: GavelDb[] = [];
function store(name: string): GavelDb {
  const db = new GavelDb(name);
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

/** Yesterday's shared database: what arb-1 and (after a sign-in on the same machine) arb-2 left in it. */
async function sharedStore(name: string): Promise<GavelDb> {
  const legacy = store(name);
  // arb-1's cases, one decided offline (pending), one decided and refused (a conflict), one synced.
  await applyPullPage(legacy, pullPage([caseView(1), caseView(2), caseView(3), caseView(4, { claimedBy: 'arb-2' }), caseView(5, { claimedBy: null, status: 'decided' })], '7000.1'));
  await recordDecision(legacy, 'c1', decision('d1', { note: '离线裁决' }));
  await recordDecision(legacy, 'c2', decision('d2'));
  const sent = (await nextBatch(legacy, 10)).find((r) => r.clientId === 'd2');
  await applyPushResults(legacy, [sent!], [{ clientId: 'd2', status: 'conflict', reason: 'withdrawn', message: 'withdrawn', details: { caseId: 'c2', status: 'withdrawn', heldBy: 'arb-1', evidenceVersion: 1, decidedBy: null } }]);
  await enqueueMutation(legacy, { clientId: 'n3', type: 'add_note', caseId: 'c3', text: '已联系买家' });
  // arb-2's pending decision on its own case.
  await recordDecision(legacy, 'c4', decision('d4', { decidedBy: 'arb-2' }));
  legacy.close();
  return legacy;
}

describe('migrating the shared database into per-pair stores', () => {
  it('each pair takes its own work, nobody else’s, and the old database goes once empty: nothing is lost', async () => {
    const legacyName = `legacy-${n++}`;
    await sharedStore(legacyName);

    const a = store(`gavel:standalone:arb-1-${n}`);
    const movedA = await migrateLegacyStore(a, 'arb-1', legacyName);
    expect(movedA).toMatchObject({ moved: { outbox: 2, decisions: 2, conflicts: 1 }, removed: false });
    expect((await a.outbox.orderBy('seq').toArray()).map((r) => r.clientId)).toEqual(['d1', 'n3']);
    expect(await a.decisions.get('d1')).toMatchObject({ state: 'pending', decision: { note: '离线裁决' } });
    expect(await a.conflicts.get('d2')).toMatchObject({ resolution: null, result: { reason: 'withdrawn' } });
    expect((await a.cases.toCollection().primaryKeys()).sort()).toEqual(['c1', 'c2', 'c3']);
    expect(await a.bundles.get('c1')).toBeDefined();
    // The cursor may come from another backend or account: the pair pulls from the start instead.
    expect(await getCursor(a)).toBeUndefined();
    expect(await Dexie.exists(legacyName)).toBe(true);

    // Migrating again moves nothing twice.
    expect(await migrateLegacyStore(a, 'arb-1', legacyName)).toMatchObject({ moved: { outbox: 0, decisions: 0, conflicts: 0 } });

    const b = store(`gavel:standalone:arb-2-${n}`);
    const movedB = await migrateLegacyStore(b, 'arb-2', legacyName);
    expect(movedB).toMatchObject({ moved: { outbox: 1, decisions: 1, conflicts: 0 }, removed: true });
    expect((await b.outbox.toArray()).map((r) => r.clientId)).toEqual(['d4']);
    expect(await b.cases.toCollection().primaryKeys()).toEqual(['c4']);
    expect(await b.outbox.where('clientId').anyOf(['d1', 'n3']).count()).toBe(0);
    expect(await Dexie.exists(legacyName)).toBe(false);
  });

  it('a database only one account used moves whole, queued work in its order behind what the pair already queued', async () => {
    const legacyName = `legacy-${n++}`;
    const legacy = store(legacyName);
    await applyClaimedCases(legacy, [caseView(1), caseView(2)]);
    await recordDecision(legacy, 'c1', decision('d1'));
    await recordDecision(legacy, 'c2', decision('d2'));
    legacy.close();

    const a = store(`gavel:https://gavel.example.com:arb-1-${n}`);
    await applyClaimedCases(a, [caseView(3)]);
    await recordDecision(a, 'c3', decision('d3'));
    expect(await migrateLegacyStore(a, 'arb-1', legacyName)).toMatchObject({ moved: { outbox: 2, cases: 2 }, removed: true });
    expect((await nextBatch(a, 10)).map((r) => r.clientId)).toEqual(['d3', 'd1', 'd2']);
    expect(await migrateLegacyStore(a, 'arb-1', legacyName)).toBeNull();
  });
});
