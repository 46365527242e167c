import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WhatIfResponseSchema, type WhatIfResponse } from '@common/api';
import { DEFAULT_POLICY, type Policy } from '@common/policy';
import { addSummary, emptySummary, type WhatIfFlip, type WhatIfSummary } from '@common/rules';
import { whatIfSlice } from '../services/whatIf';
import { bundle, call, decisionFor, makeEnv, seedUsers, type Session, type TestEnv } from '../../testing/serverHarness';

/** The version in force with a 100 km/h transit cap: the fixture's parcel flies Shenzhen to Beijing faster. */
const draft: Policy = { ...structuredClone(DEFAULT_POLICY), version: 'draft', thresholds: { ...DEFAULT_POLICY.thresholds, maxTransitKmh: 100 } };

describe('policy what-if on the server (pglite)', () => {
  let env: TestEnv;
  let s: Record<string, Session>;
  const ids: string[] = [];
  beforeAll(async () => {
    env = await makeEnv('pglite');
    s = await seedUsers(env.app, ['arb1', 'sup1', 'admin']);
    // Cases 0–5 have the fixture's trace (the draft finds its transit impossible), 6–8 no trace at all.
    const bundles = Array.from({ length: 9 }, (_, i) => {
      const b = bundle(7000 + i);
      if (i >= 6) b.traces = [];
      return b;
    });
    const r = await call(env.app, s.admin!, 'POST', '/v1/import', bundles);
    expect(r.statusCode, r.body).toBe(200);
    ids.push(...r.json<{ results: Array<{ caseId: string }> }>().results.map((x) => x.caseId));
    const { db } = env.database;
    // Decided: case 0 (latest), case 6 (earlier). Withdrawn: case 1 (not judged any more).
    const decide = (i: number, at: string) =>
      db.updateTable('cases').set({ status: 'decided', decision: JSON.stringify({ ...decisionFor('late_shipment', s.arb1!.userId, `m-${i}`), decidedAt: at }), decided_at: new Date(at) }).where('id', '=', ids[i]!).execute();
    await decide(0, '2026-03-12T10:00:00+08:00');
    await decide(6, '2026-03-11T10:00:00+08:00');
    await db.updateTable('cases').set({ status: 'withdrawn' }).where('id', '=', ids[1]!).execute();
  });
  afterAll(async () => env?.close());

  /** A whole run, slice by slice, as the Policy page drives it. */
  const run = async (decidedLimit: number, limit: number) => {
    const summary: WhatIfSummary = emptySummary();
    const flips: WhatIfFlip[] = [];
    const slices: WhatIfResponse[] = [];
    let cursor: string | undefined;
    let at: string | undefined;
    for (;;) {
      const r = await whatIfSlice(env.database.db, env.app.gavel.deps.policies, { draft, decidedLimit, limit, cursor, at });
      slices.push(r);
      addSummary(summary, r.summary);
      flips.push(...r.flips);
      if (r.cursor === null) return { summary, flips, slices };
      cursor = r.cursor;
      at = r.at;
    }
  };

  it('judges the open cases and the latest decided ones; flips only what the draft changes', async () => {
    const { summary, flips, slices } = await run(10, 100);
    // Open: 2–5 and 7–8 (case 1 is withdrawn); decided: 0 and 6.
    expect(summary.examined).toEqual({ open: 6, decided: 2 });
    expect(slices[0]!.total).toBe(8);
    expect(flips.map((f) => f.caseId).sort()).toEqual([0, 2, 3, 4, 5].map((i) => ids[i]).sort());
    expect(flips.every((f) => f.raised.join() === 'IMPOSSIBLE_TRANSIT' && f.dropped.length === 0)).toBe(true);
    expect(flips.find((f) => f.caseId === ids[0])).toMatchObject({ decided: true, externalId: 'EXT-7000' });
    expect(summary.changed).toBe(5);
    expect(summary.byKind.late_shipment).toMatchObject({ cases: 8, changed: 5, raised: 5, dropped: 0 });
    expect(summary.raisedByCode.IMPOSSIBLE_TRANSIT).toBe(5);
  });

  it('takes only the latest N decided, and slices add up to one run', async () => {
    const one = await run(1, 100);
    expect(one.summary.examined).toEqual({ open: 6, decided: 1 });
    expect(one.flips.filter((f) => f.decided).map((f) => f.caseId)).toEqual([ids[0]]);

    const whole = await run(10, 100);
    const sliced = await run(10, 3);
    expect(sliced.slices.length).toBeGreaterThan(2);
    expect(sliced.slices.slice(1).every((x) => x.total === null && x.at === sliced.slices[0]!.at)).toBe(true);
    expect(sliced.slices.reduce((n, x) => n + x.processed, 0)).toBe(8);
    expect(sliced.summary).toEqual(whole.summary);
    expect(sliced.flips.map((f) => f.caseId).sort()).toEqual(whole.flips.map((f) => f.caseId).sort());
  });

  it('the version in force as the draft changes nothing', async () => {
    const r = await whatIfSlice(env.database.db, env.app.gavel.deps.policies, { draft: DEFAULT_POLICY, decidedLimit: 10, limit: 100 });
    expect(r.flips).toEqual([]);
    expect(r.summary.changed).toBe(0);
  });

  it('is a route for supervisors and admins, validated like a publication, with an opaque cursor', async () => {
    // The open cases, then the decided ones: each phase in its own slices.
    let changed = 0;
    let cursor: string | null | undefined;
    let slices = 0;
    do {
      const ok = await call(env.app, s.sup1!, 'POST', '/v1/policies/what-if', { draft, decidedLimit: 10, ...(cursor ? { cursor } : {}) });
      expect(ok.statusCode, ok.body).toBe(200);
      const body = WhatIfResponseSchema.parse(ok.json());
      changed += body.summary.changed;
      cursor = body.cursor;
      slices++;
    } while (cursor !== null && slices < 10);
    expect(cursor).toBeNull();
    expect(changed).toBe(5);
    expect((await call(env.app, s.arb1!, 'POST', '/v1/policies/what-if', { draft })).statusCode).toBe(403);
    expect((await call(env.app, s.sup1!, 'POST', '/v1/policies/what-if', { draft: { ...draft, thresholds: { maxTransitKmh: 'x' } } })).statusCode).toBe(400);
    expect((await call(env.app, s.sup1!, 'POST', '/v1/policies/what-if', { draft, cursor: 'nonsense' })).statusCode).toBe(400);
  });
});
