import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type Policy } from '@common/policy';
import { applyPullPage } from './casesRepo';
import { GavelDb, storeSchemaAt } from './db';
import { governingPolicy, sourceOf } from './policies';
import { getPolicySeq, loadPolicies } from './policiesRepo';
import { caseView, pullPage } from '../../testing/fixtures/caseViews';

let db: GavelDb;
let n = 0;
beforeEach(async () => {
  db = new GavelDb(`policies-${n++}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const version = (v: string, effectiveFrom: string, seq: number): { seq: number; version: string; effectiveFrom: string; publishedAt: string; policy: Policy } => ({
  seq,
  version: v,
  effectiveFrom,
  publishedAt: '2026-12-01T00:00:00Z',
  policy: { ...DEFAULT_POLICY, version: v, effectiveFrom, thresholds: { ...DEFAULT_POLICY.thresholds, noMovementHours: 24 + seq } },
});

describe('policy versions on this machine', () => {
  it('a pull page stores the versions it carries with the sequence to ask from, in the page transaction', async () => {
    expect(await getPolicySeq(db)).toBeUndefined();
    await applyPullPage(db, { ...pullPage([caseView(1)], '1.0'), policies: { seq: 2, versions: [version('2026.1', DEFAULT_POLICY.effectiveFrom, 1), version('2027.1', '2027-01-01T00:00:00+08:00', 2)] } });
    expect(await getPolicySeq(db)).toBe(2);
    expect((await loadPolicies(db)).map((p) => p.version).sort()).toEqual(['2026.1', '2027.1']);
    // A page without versions leaves them and the sequence alone.
    await applyPullPage(db, pullPage([caseView(2)], '2.0'));
    expect(await getPolicySeq(db)).toBe(2);
    expect(await db.policies.count()).toBe(2);
  });

  it('judges a case by its governing version; the built-in default only before any server answered', () => {
    const fresh = governingPolicy(sourceOf([]), { filedAt: '2027-03-01T00:00:00Z', policyVersion: '2027.1' });
    expect(fresh).toEqual({ policy: DEFAULT_POLICY, builtIn: true });
    const rows = [version('2026.1', DEFAULT_POLICY.effectiveFrom, 1), version('2027.1', '2027-01-01T00:00:00+08:00', 2)];
    const synced = sourceOf(rows);
    expect(governingPolicy(synced, { filedAt: '2027-03-01T00:00:00Z', policyVersion: '2026.1' })).toMatchObject({ policy: { version: '2026.1' }, builtIn: false });
    // Rows from before the server named the version: by filing time, boundary included.
    expect(governingPolicy(synced, { filedAt: '2026-12-31T16:00:00Z' })).toMatchObject({ policy: { version: '2027.1' } });
    expect(governingPolicy(synced, { filedAt: '2026-12-31T15:59:59Z' })).toMatchObject({ policy: { version: '2026.1' } });
    // A version that has not arrived is reported, never replaced by the default.
    expect(governingPolicy(synced, { filedAt: '2027-06-01T00:00:00Z', policyVersion: '2027.2' })).toEqual({ missing: '2027.2' });
  });

  it('schema v5 adds the policies table to a v4 database and keeps every row', async () => {
    const name = `v4-upgrade-${n++}`;
    const v4 = new Dexie(name);
    v4.version(4).stores(storeSchemaAt(4));
    await v4.open();
    await v4.table('cases').put({ id: 'c1', externalId: 'EXT-1', findingCodes: [] });
    await v4.table('meta').put({ key: 'pull.cursor', value: '9.1' });
    v4.close();
    const v5 = new GavelDb(name);
    try {
      await v5.open();
      expect(v5.verno).toBe(14);
      expect(await v5.cases.get('c1')).toMatchObject({ externalId: 'EXT-1' });
      expect(await v5.meta.get('pull.cursor')).toMatchObject({ value: '9.1' });
      expect(await v5.policies.count()).toBe(0);
    } finally {
      v5.close();
      await v5.delete();
    }
  });
});
