import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '@common/api';
import { applyClaimedCases, applyPullPage, getCursor, loadBundle, partyOrders } from './casesRepo';
import { GavelDb, storeSchemaAt } from './db';
import { bundleRowFromView, partyTimesOf } from './rows';
import { OutboxError } from './outboxError';
import { applyPushResults, DECISION_DURABLE_MARK, enqueueMutation, markSent, nextBatch, recordDecision, undoDecision } from './outboxRepo';
import { caseView, decision, pullPage } from '../../testing/fixtures/caseViews';

let db: GavelDb;
let n = 0;
beforeEach(async () => {
  db = new GavelDb(`test-${n++}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('pull-apply', () => {
  it('stores cases, bundles, shared orders and the cursor together', async () => {
    await applyPullPage(db, pullPage([caseView(1), caseView(2)], '5.0'));
    expect(await db.cases.count()).toBe(2);
    expect(await getCursor(db)).toBe('5.0');
    const row = await db.cases.get('c1');
    expect(row).toMatchObject({ externalId: 'EXT-1001', complainantName: '杭州优品旗舰店', amountFen: 19901, local: 'open', topSeverity: 0 });
    // The junk finding from the server is dropped, the two real ones are counted.
    expect(row?.findingCounts).toEqual({ critical: 1, warn: 0, info: 1 });
    // An order in both cases' evidence is stored with each case's bundle, and listed once in a party's history.
    expect((await db.bundles.where('partyTimes').between(['m-1', 0], ['m-1', Infinity]).distinct().primaryKeys()).sort()).toEqual(['c1', 'c2']);
    expect((await partyOrders(db, 'm-1', 0)).filter((o) => o.id === 'o-shared')).toHaveLength(1);
  });

  it('leaves the cursor where it was when a page fails to apply', async () => {
    await applyPullPage(db, pullPage([caseView(1)], '1.0'));
    const bad = pullPage([caseView(2)], '2.0');
    // A change whose case cannot be stored (an index key of the wrong type) aborts the whole page.
    (bad.changes[0] as { case: { dueAt: unknown } }).case.dueAt = 'not a date';
    Object.defineProperty(bad.changes[0], 'caseId', { value: { bad: true } });
    await expect(applyPullPage(db, bad)).rejects.toThrow();
    expect(await getCursor(db)).toBe('1.0');
    expect(await db.cases.count()).toBe(1);
  });

  it('removes a revoked case unless a mutation for it is still queued', async () => {
    await applyPullPage(db, pullPage([caseView(1), caseView(2)], '1.0'));
    await recordDecision(db, 'c2', decision('m-2'));
    await applyPullPage(db, {
      changes: [
        { access: 'revoked', caseId: 'c1', types: ['claimed'], reason: 'claimed_by_other', status: 'claimed' },
        { access: 'revoked', caseId: 'c2', types: ['claimed'], reason: 'claimed_by_other', status: 'claimed' },
      ],
      cursor: '2.0',
      hasMore: false,
    });
    expect(await db.cases.get('c1')).toBeUndefined();
    expect(await db.bundles.get('c1')).toBeUndefined();
    expect(await db.cases.get('c2')).toMatchObject({ local: 'pending', claimedBy: null });
    // o-shared is still c2's evidence; c1's orders are gone with it.
    expect((await partyOrders(db, 'm-1', 0)).map((o) => `${o.caseId}/${o.id}`).sort()).toEqual(['c2/o-2', 'c2/o-shared']);
  });

  it('writes two rows a case on a pull (the case and its bundle, which holds the orders), and the history follows new evidence', async () => {
    const spied = new GavelDb(`test-${n++}`);
    const written = new Map<string, number>();
    spied.use({
      stack: 'dbcore',
      name: 'writes-spy',
      create: (down) => ({
        ...down,
        table(name) {
          const table = down.table(name);
          return {
            ...table,
            mutate(req) {
              if (req.type === 'put' || req.type === 'add') written.set(name, (written.get(name) ?? 0) + req.values.length);
              return table.mutate(req);
            },
          };
        },
      }),
    });
    try {
      await applyPullPage(spied, pullPage([caseView(1), caseView(2)], '1.0'));
      // Per case: its row and its bundle. The rest is the cursor and the queue's compact copy.
      const perCase = [...written].filter(([t]) => !['meta', 'queuePages', 'queueOverlay'].includes(t));
      expect(perCase.sort()).toEqual([
        ['bundles', 2],
        ['cases', 2],
      ]);
      // New evidence on c1 (an order refunded, one gone): its history changes, c2's orders stay.
      const refunded = caseView(1, { evidenceVersion: 2 });
      refunded.bundle.orders = refunded.bundle.orders.filter((o) => o.id !== 'o-shared');
      refunded.bundle.orders[0]!.paidFen = 0;
      await applyPullPage(spied, pullPage([refunded], '2.0'));
      const merchant = await partyOrders(spied, 'm-1', 0);
      expect(merchant.map((o) => [`${o.caseId}/${o.id}`, o.paidFen]).sort()).toEqual([
        ['c1/o-1', 0],
        ['c2/o-2', 19902],
        ['c2/o-shared', 10000],
      ]);
    } finally {
      spied.close();
      await spied.delete();
    }
  });

  it('keeps a pending local decision on screen when the server view arrives', async () => {
    await applyPullPage(db, pullPage([caseView(1)], '1.0'));
    await recordDecision(db, 'c1', decision('m-1'));
    await applyPullPage(db, pullPage([caseView(1, { evidenceVersion: 2 })], '2.0'));
    expect(await db.cases.get('c1')).toMatchObject({ local: 'pending', status: 'decided', evidenceVersion: 2 });
  });
});

describe('search and reads', () => {
  it('stores the text the queue searches: ids, party names, title', async () => {
    await applyClaimedCases(db, [caseView(1, { title: '退货空包纠纷' }), caseView(2, { title: '评价引流' })]);
    const text = (id: string) => db.cases.get(id).then((r) => r?.searchText ?? '');
    expect(await text('c1')).toContain('空包');
    expect(await text('c2')).toContain('ext-1002');
    expect(await text('c2')).toContain('买家2');
    expect(await text('c1')).not.toContain('引流');
  });

  it('upgrades from v3 keep every case row: v4 drops the token index, v11–v14 move orders to the bundles, v13 keeps the indexes read', async () => {
    const name = `v3-upgrade-${n++}`;
    const v3 = new Dexie(name);
    v3.version(3).stores(storeSchemaAt(3));
    await v3.open();
    await v3.table('cases').put({ id: 'c1', externalId: 'EXT-1', priorityRank: 1, dueAtMs: 5, tokens: ['ext', 'ext-1'], findingCodes: ['WEIGHT_SHORTFALL'] });
    // An order in two cases' evidence, one row listing both (before v11).
    const o9 = { id: 'o-9', buyerId: 'b-1', merchantId: 'm-1', createdAt: '2026-10-01T00:00:00Z' };
    await v3.table('orders').put({ ...o9, createdAtMs: Date.parse('2026-10-01T00:00:00Z'), caseIds: ['c1', 'c2'] });
    // Bundles were objects then; each holds its case's orders.
    await v3.table('bundles').bulkPut(['c1', 'c2'].map((caseId) => ({ caseId, bundle: { orders: [o9] }, mediaShas: [] })));
    v3.close();
    const v4 = new GavelDb(name);
    try {
      await v4.open();
      expect(v4.verno).toBe(14);
      expect(v4.cases.schema.indexes.map((i) => i.name)).not.toContain('tokens');
      // v11–v14: the orders are found through the bundles that hold them; both order tables are gone.
      expect((await v4.bundles.toArray()).map((r) => [r.caseId, r.partyTimes])).toEqual([
        ['c1', [['b-1', Date.parse('2026-10-01T00:00:00Z')], ['m-1', Date.parse('2026-10-01T00:00:00Z')]]],
        ['c2', [['b-1', Date.parse('2026-10-01T00:00:00Z')], ['m-1', Date.parse('2026-10-01T00:00:00Z')]]],
      ]);
      expect((await partyOrders(v4, 'b-1', 0)).map((o) => o.id)).toEqual(['o-9']);
      expect(v4.tables.map((t) => t.name)).not.toContain('orders');
      expect(v4.tables.map((t) => t.name)).not.toContain('caseOrders');
      expect(await v4.cases.get('c1')).toMatchObject({ externalId: 'EXT-1', tokens: ['ext', 'ext-1'] });
      // v13: only the indexes something reads are left on cases; the row keeps every field.
      expect(v4.cases.schema.indexes.map((i) => i.name).sort()).toEqual(['dueAtMs', 'leaseExpiresAtMs', 'local']);
      expect(await v4.cases.orderBy('dueAtMs').primaryKeys()).toEqual(['c1']);
      expect((await v4.cases.get('c1'))?.findingCodes).toEqual(['WEIGHT_SHORTFALL']);
    } finally {
      v4.close();
      await v4.delete();
    }
  });

  it('upgrades a v13 store (bundles as JSON text, orders a second time in their own rows) to v14, a damaged order and all', async () => {
    const name = `v13-upgrade-${n++}`;
    const v13 = new Dexie(name);
    v13.version(13).stores(storeSchemaAt(13));
    await v13.open();
    for (const view of [caseView(1), caseView(2)]) {
      const { partyTimes, ...row } = bundleRowFromView(view);
      // c2's evidence holds two damaged orders: they must not keep the store from opening.
      const orders: unknown[] = view.id === 'c2' ? [...view.bundle.orders, null, { id: 'o-bad' }] : view.bundle.orders;
      await v13.table('bundles').put({ ...row, bundle: JSON.stringify({ ...view.bundle, orders }) });
      await v13.table('caseOrders').put({ caseId: view.id, orders: JSON.stringify(view.bundle.orders), partyTimes });
    }
    v13.close();
    const v14 = new GavelDb(name);
    try {
      await v14.open();
      expect(v14.verno).toBe(14);
      expect(v14.tables.map((t) => t.name)).not.toContain('caseOrders');
      // Each bundle now carries the keys of its own sound orders.
      expect((await v14.bundles.toArray()).map((r) => [r.caseId, r.partyTimes])).toEqual([
        ['c1', partyTimesOf(caseView(1).bundle.orders)],
        ['c2', partyTimesOf(caseView(2).bundle.orders)],
      ]);
      expect((await partyOrders(v14, 'u-1', 0)).map((o) => `${o.caseId}/${o.id}`)).toEqual(['c1/o-1']);
      expect((await loadBundle(v14, 'c1'))?.bundle.orders.map((o) => o.id)).toEqual(['o-1', 'o-shared']);
    } finally {
      v14.close();
      await v14.delete();
    }
  });

  it('lists a party’s orders newest first across time zones', async () => {
    await applyClaimedCases(db, [caseView(1)]);
    const merchant = await partyOrders(db, 'm-1', 0);
    // 2026-10-20T09:00+08:00 is later than 2026-10-01T09:00Z.
    expect(merchant.map((o) => o.id)).toEqual(['o-1', 'o-shared']);
    expect(await partyOrders(db, 'm-1', Date.parse('2026-10-10T00:00:00Z'))).toHaveLength(1);
  });

  it('refuses a corrupted stored bundle with the field named', async () => {
    await applyClaimedCases(db, [caseView(1)]);
    const row = await db.bundles.get('c1');
    await db.bundles.put({ ...row!, bundle: { ...row!.bundle, parties: [] } });
    await expect(loadBundle(db, 'c1')).rejects.toThrow(/parties/);
  });
});

describe('outbox', () => {
  beforeEach(async () => {
    await applyClaimedCases(db, [caseView(1), caseView(2), caseView(3)]);
  });

  it('records a decision with its case update and outbox row atomically', async () => {
    await recordDecision(db, 'c1', decision('m-1'));
    expect(await db.cases.get('c1')).toMatchObject({ local: 'pending', status: 'decided' });
    const [row] = await nextBatch(db, 10);
    expect(row?.mutation).toMatchObject({ type: 'decide', caseId: 'c1', leaseEpoch: 1, evidenceVersion: 1 });
    await expect(recordDecision(db, 'c1', decision('m-1b'))).rejects.toMatchObject({ code: 'already_decided' });
    await expect(recordDecision(db, 'nope', decision('m-x'))).rejects.toMatchObject({ code: 'case_not_found' });
  });

  it('records a decision on the row the screen showed without reading it first', async () => {
    const seen = (await db.cases.get('c1'))!;
    await recordDecision(db, 'c1', decision('m-1'), new Date(), seen);
    expect(await db.cases.get('c1')).toEqual({ ...seen, local: 'pending', status: 'decided' });
    expect((await nextBatch(db, 10)).map((r) => r.clientId)).toEqual(['m-1']);
    expect(await db.decisions.get('m-1')).toMatchObject({ caseId: 'c1', previousLocal: 'open' });
  });

  it('re-reads the case when it changed after the screen showed it, keeping the newer row', async () => {
    const seen = (await db.cases.get('c1'))!;
    // A heartbeat renewed the lease between render and commit.
    await db.cases.update('c1', { leaseExpiresAt: '2031-01-01T00:00:00.000Z', leaseExpiresAtMs: Date.parse('2031-01-01T00:00:00.000Z') });
    await recordDecision(db, 'c1', decision('m-1'), new Date(), seen);
    expect(await db.cases.get('c1')).toMatchObject({ local: 'pending', status: 'decided', leaseExpiresAt: '2031-01-01T00:00:00.000Z' });
    expect(await db.outbox.count()).toBe(1);
    expect(await db.decisions.count()).toBe(1);
  });

  it('marks a decision durable once per commit, never for an aborted attempt', async () => {
    performance.clearMarks(DECISION_DURABLE_MARK);
    const seen = (await db.cases.get('c1'))!;
    await db.cases.update('c1', { leaseEpoch: 2 });
    // The first attempt on the stale row aborts; the second commits.
    await recordDecision(db, 'c1', decision('m-1'), new Date(), seen);
    expect(performance.getEntriesByName(DECISION_DURABLE_MARK)).toHaveLength(1);
    expect((await nextBatch(db, 10))[0]?.mutation).toMatchObject({ leaseEpoch: 2 });
    await expect(recordDecision(db, 'c1', decision('m-2'))).rejects.toMatchObject({ code: 'already_decided' });
    expect(performance.getEntriesByName(DECISION_DURABLE_MARK)).toHaveLength(1);
  });

  it('judges a decision by the stored row when the screen showed an older state', async () => {
    const stored = (await db.cases.get('c1'))!;
    // The screen still showed a decision that has since been undone.
    await recordDecision(db, 'c1', decision('m-1'), new Date(), { ...stored, local: 'pending', status: 'decided' });
    expect(await db.cases.get('c1')).toMatchObject({ local: 'pending', status: 'decided' });
    await expect(recordDecision(db, 'c2', decision('m-2', { reasonCodes: [''] }), new Date(), (await db.cases.get('c2')))).rejects.toThrow(/decision\.reasonCodes\.0/);
    expect((await nextBatch(db, 10)).map((r) => r.clientId)).toEqual(['m-1']);
  });

  it('refuses a second decision made on a stale screen, and writes nothing', async () => {
    const seen = (await db.cases.get('c1'))!;
    await recordDecision(db, 'c1', decision('m-1'));
    await expect(recordDecision(db, 'c1', decision('m-2'), new Date(), seen)).rejects.toMatchObject({ code: 'already_decided' });
    expect((await nextBatch(db, 10)).map((r) => r.clientId)).toEqual(['m-1']);
    expect(await db.decisions.get('m-2')).toBeUndefined();
  });

  it('rejects an invalid decision naming the field, and stores nothing', async () => {
    await expect(recordDecision(db, 'c1', decision('m-1', { reasonCodes: [''] }))).rejects.toThrow(/decision\.reasonCodes\.0/);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.cases.get('c1')).toMatchObject({ local: 'open' });
  });

  it('undoes a decision until it has been sent, never after', async () => {
    await recordDecision(db, 'c1', decision('m-1'));
    await undoDecision(db, 'm-1');
    expect(await db.cases.get('c1')).toMatchObject({ local: 'open', status: 'claimed' });
    expect(await db.outbox.count()).toBe(0);
    await recordDecision(db, 'c1', decision('m-2'));
    await markSent(db, await nextBatch(db, 10));
    await expect(undoDecision(db, 'm-2')).rejects.toBeInstanceOf(OutboxError);
    expect(await db.outbox.count()).toBe(1);
  });

  it('shows a queued evidence request as the case’s open request before it syncs, offline too', async () => {
    const request: Mutation = { clientId: 'q-1', type: 'request_evidence', caseId: 'c2', from: 'respondent', categories: ['return_waybill'], request: '请商家补充退货运单。', dueAt: '2031-01-03T16:00:00.000Z' };
    await enqueueMutation(db, request);
    expect(await db.cases.get('c2')).toMatchObject({ local: 'pending', status: 'awaiting_evidence' });
    expect((await db.bundles.get('c2'))?.evidenceRequest).toEqual({ from: 'respondent', categories: ['return_waybill'], request: '请商家补充退货运单。', dueAt: '2031-01-03T16:00:00.000Z' });
    // An old client's request without the form's deadline leaves the open request to the server.
    await enqueueMutation(db, { clientId: 'q-2', type: 'request_evidence', caseId: 'c3', from: 'both', categories: [], request: '请补充证据。' });
    expect((await db.bundles.get('c3'))?.evidenceRequest ?? null).toBeNull();
  });

  it('applies per-mutation results: conflicts leave the queue without blocking the rest', async () => {
    await recordDecision(db, 'c1', decision('m-1'));
    await recordDecision(db, 'c2', decision('m-2'));
    const release: Mutation = { clientId: 'r-3', type: 'release', caseId: 'c3' };
    await enqueueMutation(db, release);
    const batch = await nextBatch(db, 10);
    expect(batch.map((r) => r.clientId)).toEqual(['m-1', 'm-2', 'r-3']);
    const results: MutationResult[] = [
      { clientId: 'm-1', status: 'conflict', reason: 'withdrawn', message: 'withdrawn', details: { caseId: 'c1', status: 'withdrawn', heldBy: null, evidenceVersion: 1, decidedBy: null } },
      { clientId: 'm-2', status: 'applied', caseId: 'c2', caseVersion: 4 },
      { clientId: 'r-3', status: 'applied', caseId: 'c3', caseVersion: 2 },
    ];
    const outcome = await applyPushResults(db, batch, results);
    expect(outcome).toEqual({ applied: 2, rejected: 0, conflicts: 1 });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.cases.get('c1')).toMatchObject({ local: 'conflict' });
    expect(await db.cases.get('c2')).toMatchObject({ local: 'synced', version: 4 });
    expect(await db.decisions.get('m-1')).toMatchObject({ state: 'conflict' });
    expect(await db.conflicts.get('m-1')).toMatchObject({ externalId: 'EXT-1001', resolution: null });
  });
});
