import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseViewSchema, PolicyListResponseSchema, PolicyVersionViewSchema, PullResponseSchema, type CaseView, type MutationResult } from '@common/api';
import { REMEDY_LABELS, type CaseBundleInput } from '@common/domain';
import { businessDeadline, DEFAULT_POLICY, type Policy } from '@common/policy';
import { applyMutation } from '../services/sync';
import { bundle, call, decisionFor, makeEnv, seedUsers, type Session, type TestEnv } from '../../testing/serverHarness';

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A draft of the next version: another name, another instant, one threshold changed. */
const nextVersion = (version: string, effectiveFrom: string, patch: Partial<Policy['thresholds']> = {}): Policy => ({
  ...structuredClone(DEFAULT_POLICY),
  version,
  effectiveFrom,
  description: `test version ${version}`,
  thresholds: { ...DEFAULT_POLICY.thresholds, ...patch },
});

describe('policy registry (pglite)', () => {
  let env: TestEnv;
  let s: Record<string, Session>;
  let n = 5000;
  beforeAll(async () => {
    env = await makeEnv('pglite');
    s = await seedUsers(env.app, ['arb1', 'sup1', 'admin']);
  });
  afterAll(async () => env?.close());

  const importOne = async (b: CaseBundleInput): Promise<string> => {
    const r = await call(env.app, s.admin!, 'POST', '/v1/import', [b]);
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ results: Array<{ caseId: string }> }>().results[0]!.caseId;
  };
  const claim = async (caseId: string): Promise<CaseView> => {
    await env.database.db.updateTable('cases').set({ priority: 3 }).where('id', '=', caseId).execute();
    const r = await call(env.app, s.arb1!, 'POST', '/v1/claims', { count: 1 });
    const c = CaseViewSchema.parse(r.json<{ cases: unknown[] }>().cases[0]);
    expect(c.id).toBe(caseId);
    await env.database.db.updateTable('cases').set({ priority: 1 }).where('id', '=', caseId).execute();
    return c;
  };
  const push = async (mutations: unknown[]): Promise<MutationResult[]> => {
    const r = await call(env.app, s.arb1!, 'POST', '/v1/sync/push', { mutations });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ results: MutationResult[] }>().results;
  };
  const filedNow = (mut: (b: CaseBundleInput) => void = () => undefined): CaseBundleInput => {
    const b = bundle(n++);
    b.case.filedAt = iso(Date.now() - 60_000);
    b.case.dueAt = iso(Date.now() + 48 * H);
    mut(b);
    return b;
  };

  it('serves the base version a fresh server seeds, with its catalogue of reason codes and remedies in zh and en', async () => {
    const list = PolicyListResponseSchema.parse((await call(env.app, s.arb1!, 'GET', '/v1/policies')).json());
    expect(list.versions.map((v) => v.version)).toEqual([DEFAULT_POLICY.version]);
    expect(list.inForce).toBe(DEFAULT_POLICY.version);
    expect(list.versions[0]!.publishedBy).toBeNull();
    const res = await call(env.app, s.admin!, 'GET', `/v1/policies/${DEFAULT_POLICY.version}`);
    expect(res.statusCode).toBe(200);
    const view = PolicyVersionViewSchema.parse(res.json());
    expect(view.policy.thresholds).toEqual(DEFAULT_POLICY.thresholds);
    expect(view.catalogue.fake_shipment.reasonCodes.find((r) => r.code === 'FS_NO_MOVEMENT')).toEqual({ code: 'FS_NO_MOVEMENT', zh: '揽收后无物流轨迹', en: 'No movement after pickup', verdicts: ['upheld', 'partially_upheld'] });
    expect(view.catalogue.abnormal_review.remedies).toContainEqual({ code: 'remove_review', ...REMEDY_LABELS.remove_review });
    expect((await call(env.app, s.admin!, 'GET', '/v1/policies/no-such')).statusCode).toBe(404);
  });

  it('publication: admins only, validated by the policy schema, never in the past, immutable, audited', async () => {
    const draft = nextVersion('2099.1', '2099-01-01T00:00:00+08:00', { noMovementHours: 36 });
    for (const who of [s.arb1!, s.sup1!]) expect((await call(env.app, who, 'POST', '/v1/policies', draft)).statusCode).toBe(403);
    expect((await call(env.app, null, 'POST', '/v1/policies', draft)).statusCode).toBe(401);

    const bad = structuredClone(draft) as unknown as { thresholds: { weightShortfallRatio: number } };
    bad.thresholds.weightShortfallRatio = 1.5;
    const invalid = await call(env.app, s.admin!, 'POST', '/v1/policies', bad);
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ error: { code: 'invalid_body', field: 'thresholds.weightShortfallRatio' } });

    const past = await call(env.app, s.admin!, 'POST', '/v1/policies', nextVersion('2026.past', iso(Date.now() - 60_000)));
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({ error: { code: 'invalid_body', field: 'effectiveFrom' } });
    expect(past.json<{ error: { message: string } }>().error.message).toMatch(/not in the future/);

    const ok = await call(env.app, s.admin!, 'POST', '/v1/policies', draft);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(PolicyVersionViewSchema.parse(ok.json())).toMatchObject({ version: '2099.1', publishedBy: s.admin!.userId, policy: { thresholds: { noMovementHours: 36 } } });
    // The same document again is the same version; another document under the name is refused.
    expect((await call(env.app, s.admin!, 'POST', '/v1/policies', draft)).statusCode).toBe(201);
    const changed = await call(env.app, s.admin!, 'POST', '/v1/policies', { ...draft, description: 'edited' });
    expect(changed.statusCode).toBe(409);
    expect(changed.json()).toMatchObject({ error: { code: 'conflict', field: 'version' } });
    const sameInstant = await call(env.app, s.admin!, 'POST', '/v1/policies', nextVersion('2099.1b', draft.effectiveFrom));
    expect(sameInstant.json()).toMatchObject({ error: { code: 'conflict', field: 'effectiveFrom' } });

    const audit = await env.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'policy.publish').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: s.admin!.userId, case_id: null, after: { version: '2099.1', effectiveFrom: '2099-01-01T00:00:00+08:00' } });
    expect((audit[0]!.after as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('judges a case under the version in force when it was filed; a rollout never invalidates a decision made under it', async () => {
    // Decided "offline": the decision exists before the new version does.
    const before = await importOne(filedNow());
    const view = await claim(before);
    expect(view.policyVersion).toBe(DEFAULT_POLICY.version);
    const offline = { clientId: 'offline-1', type: 'decide', caseId: before, leaseEpoch: view.claim!.epoch, evidenceVersion: view.evidenceVersion, decision: decisionFor(view.kind, s.arb1!.userId, 'offline-1') };

    // The rollout: a version that takes effect a moment from now, then is in force.
    const effective = Date.now() + 1500;
    expect((await call(env.app, s.admin!, 'POST', '/v1/policies', nextVersion('2026.rollout', iso(effective), { shipTimeoutMax: 5 }))).statusCode).toBe(201);
    await sleep(Math.max(0, effective - Date.now()) + 100);
    expect(PolicyListResponseSchema.parse((await call(env.app, s.arb1!, 'GET', '/v1/policies')).json()).inForce).toBe('2026.rollout');

    // Reconnect: the old case keeps its governing version, and its decision is applied.
    const [applied] = await push([offline]);
    expect(applied, JSON.stringify(applied)).toMatchObject({ status: 'applied' });

    // A case filed after the rollout is governed by the new version; citing the old one is refused with the reason.
    const after = await importOne(filedNow((b) => (b.case.filedAt = iso(Date.now()))));
    const newer = await claim(after);
    expect(newer.policyVersion).toBe('2026.rollout');
    const [refused] = await push([{ clientId: 'stale-1', type: 'decide', caseId: after, decision: decisionFor(newer.kind, s.arb1!.userId, 'stale-1') }]);
    expect(refused).toMatchObject({ status: 'rejected', reason: 'invalid_decision', issues: [{ path: 'decision.policyVersion' }] });
    expect(refused?.status === 'rejected' && refused.message).toMatch(/governed by policy 2026\.rollout, the version in force when it was filed/);
    const [good] = await push([{ clientId: 'fresh-1', type: 'decide', caseId: after, decision: { ...decisionFor(newer.kind, s.arb1!.userId, 'fresh-1'), policyVersion: '2026.rollout' } }]);
    expect(good).toMatchObject({ status: 'applied' });
  });

  it('the decision stores the assessment it was made against; decidedBy and mutationId may be left out', async () => {
    const id = await importOne(filedNow());
    const view = await claim(id);
    const { decidedBy: _by, mutationId: _m, ...decision } = decisionFor(view.kind, 'someone-else', 'ignored');
    const [r] = await push([{ clientId: 'bare-1', type: 'decide', caseId: id, decision: { ...decision, policyVersion: view.policyVersion } }]);
    expect(r).toMatchObject({ status: 'applied' });
    const row = await env.database.db.selectFrom('cases').select(['decision']).where('id', '=', id).executeTakeFirstOrThrow();
    const stored = row.decision as { decidedBy: string; mutationId: string; assessment: { at: string; policyVersion: string; codes: string[] } };
    expect(stored.decidedBy).toBe(s.arb1!.userId);
    expect(stored.mutationId).toBe('bare-1');
    expect(stored.assessment).toEqual({ at: new Date(decision.decidedAt).toISOString(), policyVersion: view.policyVersion, codes: [] });
  });

  it('re-assesses at push with the clock of the push: time-based findings reflect now', async () => {
    const now = Date.now();
    // A fake-shipment complaint whose parcel was picked up 47 h ago and has not moved since.
    const id = await importOne(
      filedNow((b) => {
        b.case.kind = 'fake_shipment';
        b.orders![0]!.createdAt = iso(now - 60 * H);
        b.orders![0]!.shipBy = iso(now - 40 * H);
        b.orders![0]!.commissionSettledAt = undefined;
        b.traces![0]!.events = [
          { seq: 1, at: iso(now - 50 * H), city: '深圳', status: 'created' },
          { seq: 2, at: iso(now - 47 * H), city: '深圳', status: 'picked_up', weightGrams: 650 },
        ];
        b.reviews = [];
      }),
    );
    const imported = await env.database.db.selectFrom('cases').select(['findings']).where('id', '=', id).executeTakeFirstOrThrow();
    const codes = (a: unknown) => (a as { findings: Array<{ code: string }> }).findings.map((f) => f.code);
    expect(codes(imported.findings)).not.toContain('NO_MOVEMENT_AFTER_PICKUP');
    const view = await claim(id);
    const row = await env.database.db.selectFrom('users').select(['id', 'role']).where('id', '=', s.arb1!.userId).executeTakeFirstOrThrow();
    const decidedAt = iso(now);
    // The push arrives two hours later (an offline decision): 49 h without movement by then.
    const result = await applyMutation(
      { db: env.database.db, policies: env.app.gavel.deps.policies, user: { id: row.id, role: 'arbitrator' }, now: () => new Date(now + 2 * H) },
      { clientId: 'clock-1', type: 'decide', caseId: id, leaseEpoch: view.claim!.epoch, decision: { ...decisionFor('fake_shipment', row.id, 'clock-1'), decidedAt } },
    );
    expect(result).toMatchObject({ status: 'applied' });
    const after = await env.database.db.selectFrom('cases').select(['findings', 'decision', 'max_severity']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(codes(after.findings)).toContain('NO_MOVEMENT_AFTER_PICKUP');
    expect(after.max_severity).toBe('critical');
    // What the arbitrator saw when committing had no such finding, and that is what the decision keeps.
    expect((after.decision as { assessment: { codes: string[]; at: string } }).assessment).toMatchObject({ codes: [], at: decidedAt });
  });

  it('computes evidence deadlines itself, in mainland China business days; a client dueAt is ignored', async () => {
    const id = await importOne(filedNow());
    await claim(id);
    const [r] = await push([{ clientId: 'ev-1', type: 'request_evidence', caseId: id, from: 'both', request: '请补充开箱视频', dueAt: '2099-01-01T00:00:00Z' }]);
    expect(r).toMatchObject({ status: 'applied' });
    const row = await env.database.db.selectFrom('cases').select(['evidence_due_at']).where('id', '=', id).executeTakeFirstOrThrow();
    const expected = businessDeadline(Date.now(), DEFAULT_POLICY.sla.merchantAnswerBusinessDays);
    expect(row.evidence_due_at?.toISOString()).toBe(expected.toISOString());
    const ev = await call(env.app, s.admin!, 'GET', '/v1/events');
    const requested = ev.json<{ events: Array<{ caseId: string; evidenceRequest: { dueAt: string } | null }> }>().events.find((e) => e.caseId === id);
    expect(requested?.evidenceRequest?.dueAt).toBe(expected.toISOString());
  });

  it('pull brings the versions a client does not have yet, and nothing once it is up to date', async () => {
    const first = PullResponseSchema.parse((await call(env.app, s.arb1!, 'GET', '/v1/sync/pull?limit=5')).json());
    const versions = first.policies?.versions.map((v) => v.version);
    expect(versions).toEqual(expect.arrayContaining([DEFAULT_POLICY.version, '2099.1', '2026.rollout']));
    const seq = first.policies!.seq;
    const again = PullResponseSchema.parse((await call(env.app, s.arb1!, 'GET', `/v1/sync/pull?limit=5&policySeq=${seq}`)).json());
    expect(again.policies).toBeUndefined();
    const partial = PullResponseSchema.parse((await call(env.app, s.arb1!, 'GET', `/v1/sync/pull?limit=5&policySeq=${seq - 1}`)).json());
    expect(partial.policies?.versions).toHaveLength(1);
  });

  it('an instance sees a version another instance published (shared database)', async () => {
    const effective = iso(Date.now() + 10 * 86_400_000);
    await sql`insert into policies (version, effective_from, document, published_by) values ('2026.elsewhere', ${effective}::timestamptz, ${JSON.stringify(nextVersion('2026.elsewhere', effective))}::jsonb, ${s.admin!.userId})`.execute(env.database.db);
    const view = await call(env.app, s.arb1!, 'GET', '/v1/policies/2026.elsewhere');
    expect(view.statusCode).toBe(200);
  });
});
