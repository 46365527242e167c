import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrecedentsResponseSchema, QaRecordsResponseSchema, type CaseView, type PrecedentsResponse, type QaPlanCreated } from '@common/api';
import { DEFAULT_POLICY } from '@common/policy';
import { bundleFeatures, type CaseBundle } from '@common/domain';
import { sql } from 'kysely';
import { generateBundles } from '../demo/bundles';
import { bundle, call, decisionFor, makeEnv, seedUsers, type Session, type TestEnv } from '../../testing/serverHarness';

/**
 * GET /v1/cases/:caseId/precedents: decided cases of the same kind, scored; who may ask (an
 * arbitrator only for a case they hold, a supervisor not for a case under their blind review); and
 * the decide mutation's precedentHint, stored on the case row and read back by QA.
 */
describe('precedents (pglite)', () => {
  let env: TestEnv;
  let s: Record<string, Session>;
  let held: CaseView[] = [];
  let open: CaseView;
  beforeAll(async () => {
    env = await makeEnv('pglite');
    s = await seedUsers(env.app, ['arb1', 'arb2', 'sup1', 'admin']);
    const imported = await call(env.app, s.admin!, 'POST', '/v1/import', Array.from({ length: 8 }, (_, i) => bundle(900 + i)));
    expect(imported.statusCode, imported.body).toBe(200);
    const claimed = await call(env.app, s.arb1!, 'POST', '/v1/claims', { count: 8 });
    held = claimed.json<{ cases: CaseView[] }>().cases;
    expect(held).toHaveLength(8);
    // Six decided (rejected), one with the hint shown, one by an old client that does not say.
    const mutations = held.slice(0, 6).map((c, i) => ({
      clientId: `p-dec-${i}`,
      type: 'decide',
      caseId: c.id,
      decision: decisionFor(c.kind, s.arb1!.userId, `p-dec-${i}`),
      ...(i === 0 ? { precedentHint: true } : i === 1 ? { precedentHint: false } : {}),
    }));
    const push = await call(env.app, s.arb1!, 'POST', '/v1/sync/push', { mutations });
    expect(push.json<{ results: Array<{ status: string }> }>().results.map((r) => r.status)).toEqual(Array(6).fill('applied'));
    open = held[6]!;
  }, 120_000);
  afterAll(async () => env?.close());

  const precedents = (who: Session | null, caseId: string) => call(env.app, who, 'GET', `/v1/cases/${caseId}/precedents`);

  it('lists the decided cases of the kind, best first, with why, and the verdicts of the close ones', async () => {
    const r = await precedents(s.arb1!, open.id);
    expect(r.statusCode, r.body).toBe(200);
    const body: PrecedentsResponse = PrecedentsResponseSchema.parse(r.json());
    expect(body.caseId).toBe(open.id);
    expect(body.scanned).toBe(6);
    expect(body.precedents).toHaveLength(6);
    const decidedIds = new Set(held.slice(0, 6).map((c) => c.id));
    for (const p of body.precedents) {
      expect(decidedIds.has(p.caseId)).toBe(true);
      expect(p).toMatchObject({ verdict: 'rejected', noteFirstLine: 'test decision', policyVersion: open.policyVersion });
      // The fixture's cases share their parties and address: identical in every part.
      expect(p.score).toBe(1);
      expect(p.why).toEqual(expect.arrayContaining(['same_party', 'same_ring', 'same_policy', 'same_amount_band']));
    }
    expect(body.distribution).toEqual([{ verdict: 'rejected', count: 6 }]);
    // The case itself and undecided cases are never their own precedents.
    expect(body.precedents.map((p) => p.caseId)).not.toContain(open.id);
    expect(body.precedents.map((p) => p.caseId)).not.toContain(held[7]!.id);
  });

  it('arbitrators only for cases they hold (others answer as missing), supervisors for any, admins never', async () => {
    expect((await precedents(s.arb2!, open.id)).statusCode).toBe(404);
    expect((await precedents(s.arb1!, 'no-such-case')).statusCode).toBe(404);
    expect((await precedents(s.sup1!, open.id)).statusCode).toBe(200);
    expect((await precedents(s.admin!, open.id)).statusCode).toBe(403);
    expect((await precedents(null, open.id)).statusCode).toBe(401);
  });

  it('stores whether the hint was shown on the case row and gives it to QA per decision', async () => {
    const rows = await env.database.db.selectFrom('cases').select(['id', 'precedent_hint_shown']).where('id', 'in', held.slice(0, 3).map((c) => c.id)).execute();
    const byId = new Map(rows.map((r) => [r.id, r.precedent_hint_shown]));
    expect(held.slice(0, 3).map((c) => byId.get(c.id))).toEqual([true, false, null]);
    const records = QaRecordsResponseSchema.parse((await call(env.app, s.sup1!, 'GET', '/v1/qa/records?limit=50')).json());
    const fact = (id: string) => records.decisions.find((d) => d.caseId === id)?.precedentHint;
    expect([fact(held[0]!.id), fact(held[1]!.id), fact(held[2]!.id)]).toEqual([true, false, null]);
  });

  it('a supervisor never sees precedents of a case under their open blind review', async () => {
    const plan = await call(env.app, s.sup1!, 'POST', '/v1/qa/plans', { name: 'p', method: { type: 'random', size: 6 }, population: { arbitratorIds: [s.arb1!.userId] }, seed: 3 });
    expect(plan.statusCode, plan.body).toBe(201);
    const items = plan.json<QaPlanCreated>().items;
    expect(items.length).toBeGreaterThan(0);
    const blind = await precedents(s.sup1!, items[0]!.caseId);
    expect(blind.statusCode).toBe(403);
    expect(blind.json()).toMatchObject({ error: { field: 'caseId' } });
    // The arbitrator who decided it is not reviewing it; the rule is the reviewer's.
    const other = held.slice(0, 6).find((c) => !items.some((i) => i.caseId === c.id));
    if (other) expect((await precedents(s.sup1!, other.id)).statusCode).toBe(200);
  });

  it('refuses a precedentHint that is not a boolean, naming the field', async () => {
    const c = held[7]!;
    const r = await call(env.app, s.arb1!, 'POST', '/v1/sync/push', {
      mutations: [{ clientId: 'p-bad', type: 'decide', caseId: c.id, decision: decisionFor(c.kind, s.arb1!.userId, 'p-bad'), precedentHint: 'yes' }],
    });
    // A malformed mutation is refused alone (the push itself is answered), its issue at the field.
    const result = r.json<{ results: Array<{ status: string; reason: string; issues: Array<{ path: string }> }> }>().results[0]!;
    expect(result).toMatchObject({ status: 'rejected', reason: 'invalid_request' });
    expect(result.issues.map((i) => i.path)).toContain('precedentHint');
  });
  it('follows the decision wherever it is written: an override shows its new verdict, an appealed case stops being a precedent', async () => {
    const [overridden, appealed] = [held[4]!, held[5]!];
    const rc = DEFAULT_POLICY.reasonCodes[overridden.kind].find((r) => r.verdicts.includes('upheld'))!;
    const remedies = [DEFAULT_POLICY.remediesByKind[overridden.kind].find((x) => x !== 'no_action')!];
    const ov = await call(env.app, s.sup1!, 'POST', '/v1/qa/overrides', {
      clientId: 'p-ov-1',
      caseId: overridden.id,
      // Leading blank lines, then the line the list shows.
      decision: { verdict: 'upheld', remedies, reasonCodes: [rc.code], note: '\n \n  商家未能提供发货凭证，支持投诉。 \n第二行不显示' },
      reason: '证据支持投诉',
    });
    expect(ov.statusCode, ov.body).toBe(200);
    const ap = await call(env.app, s.admin!, 'POST', `/v1/platform/cases/${appealed.externalId}/appeal`, { byId: 'm1', reason: '商家不服' });
    expect(ap.statusCode, ap.body).toBe(200);

    const body = PrecedentsResponseSchema.parse((await precedents(s.arb1!, open.id)).json());
    const byId = new Map(body.precedents.map((p) => [p.caseId, p]));
    // What the list shows follows the override too: its reason codes and its note's first line.
    expect(byId.get(overridden.id)).toMatchObject({
      verdict: 'upheld',
      externalId: overridden.externalId,
      title: overridden.bundle.case.title ?? null,
      reasonCodes: [rc.code],
      noteFirstLine: '商家未能提供发货凭证，支持投诉。',
    });
    expect(byId.has(appealed.id)).toBe(false);
    expect(body.scanned).toBe(5);
    // Five close ones left: one overridden to upheld, four rejected.
    expect(body.distribution).toEqual([
      { verdict: 'rejected', count: 4 },
      { verdict: 'upheld', count: 1 },
    ]);
  });
});

/**
 * The features trigger (migrations 17 and 20) against the bundle itself: for generated cases of
 * every shape (several orders, orders outside the subject, affiliates, shared addresses), the row a
 * decision leaves is what `bundleFeatures` reads from the bundle, whatever statement wrote it.
 */
describe('precedent features trigger (pglite)', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await makeEnv('pglite');
  }, 120_000);
  afterAll(async () => env?.close());

  it('keeps one row per decided case with the bundle\'s parties, addresses and amount, and the decision\'s codes in order', async () => {
    const s = await seedUsers(env.app, ['admin']);
    const bundles = [...generateBundles({ cases: 60, seed: 20 })].map((g) => g.bundle);
    const imported = await call(env.app, s.admin!, 'POST', '/v1/import', bundles);
    expect(imported.statusCode, imported.body).toBe(200);
    const db = env.database.db;
    // Decided by a plain UPDATE (not the push): the trigger, not the writer, keeps the table.
    await sql`update cases set status = 'decided', decided_at = now(),
      decision = jsonb_build_object('verdict', 'rejected', 'policyVersion', policy_version,
        'assessment', jsonb_build_object('codes', (select coalesce(jsonb_agg(f -> 'code'), '[]') from jsonb_array_elements((findings -> 'eligibility') || (findings -> 'findings')) f)))`.execute(db);
    const rows = (
      await sql<{ bundle: CaseBundle; codes: string[] | null; finding_codes: string[]; party_ids: string[]; addresses: string[]; amount_fen: string; verdict: string; kind: string }>`
        select c.bundle, array(select jsonb_array_elements_text(c.decision -> 'assessment' -> 'codes')) as codes,
          f.finding_codes, f.party_ids, f.addresses, f.amount_fen::text, f.verdict, f.kind
        from cases c join precedent_features f on f.case_id = c.id`.execute(db)
    ).rows;
    expect(rows).toHaveLength(bundles.length);
    const sorted = (xs: readonly string[]) => [...xs].sort();
    let otherOrders = 0;
    let withCodes = 0;
    for (const r of rows) {
      const want = bundleFeatures(r.bundle);
      expect({ parties: sorted(r.party_ids), addresses: sorted(r.addresses), amount: Number(r.amount_fen), kind: r.kind }).toEqual({
        parties: sorted(want.partyIds),
        addresses: sorted(want.addresses),
        amount: want.amountFen,
        kind: want.kind,
      });
      expect(new Set(r.party_ids).size).toBe(r.party_ids.length);
      expect(r.finding_codes).toEqual(r.codes ?? []);
      expect(r.verdict).toBe('rejected');
      if (r.bundle.orders.length > r.bundle.case.subject.orderIds.length) otherOrders++;
      if (r.finding_codes.length > 0) withCodes++;
    }
    // The generated set has the shapes that tell a right row from a wrong one.
    expect(otherOrders).toBeGreaterThan(0);
    expect(withCodes).toBeGreaterThan(0);
  }, 120_000);

  it('a deleted case takes its features row with it, by a trigger: no foreign key checks each decision\'s features row (migration 22)', async () => {
    const db = env.database.db;
    const fks = (await sql<{ conname: string }>`select conname from pg_constraint where conrelid = 'precedent_features'::regclass and contype = 'f'`.execute(db)).rows;
    expect(fks).toEqual([]);
    const ids = (await sql<{ case_id: string }>`select case_id from precedent_features order by case_id limit 3`.execute(db)).rows.map((r) => r.case_id);
    expect(ids).toHaveLength(3);
    const total = async () => (await sql<{ n: number }>`select count(*)::int as n from precedent_features`.execute(db)).rows[0]!.n;
    const before = await total();
    await sql`delete from cases where id in (${sql.join(ids.slice(0, 2))})`.execute(db);
    expect(await total()).toBe(before - 2);
    expect((await sql<{ case_id: string }>`select case_id from precedent_features where case_id in (${sql.join(ids)})`.execute(db)).rows.map((r) => r.case_id)).toEqual([ids[2]]);
  });
});
