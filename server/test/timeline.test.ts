import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseTimelineSchema, type CaseTimeline, type CaseView, type MutationResult } from '@common/api';
import { bundle, call, decisionFor, makeEnv, PG_SKIP_REASON, seedUsers, type Engine, type Session, type TestEnv } from '../../testing/serverHarness';

/**
 * GET /v1/cases/:caseId/timeline: a case's life read back from the change log, in order, with who by
 * name; and who may read it (arbitrators only what they hold, supervisors anything but a case under
 * their own blind review, platform accounts nothing).
 */
const engines: Array<{ engine: Engine; skip: string | null }> = [
  { engine: 'pglite', skip: null },
  { engine: 'postgres', skip: PG_SKIP_REASON },
];

for (const { engine, skip } of engines) {
  if (skip) {
    describe.skip(`case timeline on postgres: SKIPPED (${skip})`, () => it('needs PostgreSQL binaries', () => undefined));
    continue;
  }
  describe(`case timeline on ${engine}`, () => {
    let env: TestEnv;
    let s: Record<string, Session>;
    beforeAll(async () => {
      env = await makeEnv(engine);
      s = await seedUsers(env.app, ['arb1', 'arb2', 'sup1', 'admin']);
    }, 120_000);
    afterAll(async () => env?.close());

    const claimNext = async (who: Session, queue?: string): Promise<CaseView> => {
      const r = await call(env.app, who, 'POST', '/v1/claims', { count: 1, ...(queue ? { queue } : {}) });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ cases: CaseView[] }>().cases[0]!;
    };
    const push = async (who: Session, mutation: Record<string, unknown>) => {
      const r = await call(env.app, who, 'POST', '/v1/sync/push', { mutations: [mutation] });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json<{ results: MutationResult[] }>().results[0]).toMatchObject({ status: 'applied' });
    };
    const timeline = async (who: Session, caseId: string): Promise<CaseTimeline> => {
      const r = await call(env.app, who, 'GET', `/v1/cases/${caseId}/timeline`);
      expect(r.statusCode, r.body).toBe(200);
      return CaseTimelineSchema.parse(r.json());
    };

    it('a case decided, given new evidence, escalated, appealed and decided again reads back in order, with who; RBAC as the other case routes', async () => {
      const b = bundle(1);
      const imported = await call(env.app, s.admin!, 'POST', '/v1/import', [b]);
      expect(imported.statusCode, imported.body).toBe(200);
      const caseId = imported.json<{ results: Array<{ caseId: string }> }>().results[0]!.caseId;

      const c = await claimNext(s.arb1!);
      expect(c.id).toBe(caseId);
      const added = await call(env.app, s.admin!, 'POST', `/v1/platform/cases/${b.case.externalId}/evidence`, { chats: [] });
      expect(added.statusCode, added.body).toBe(200);
      await push(s.arb1!, { clientId: 't-esc', type: 'escalate', caseId, category: 'policy_unclear', reason: '规则不清楚' });
      // Escalated cases go to the supervisors' queue; the supervisor hands it back by deciding it.
      const esc = await claimNext(s.sup1!, 'escalations');
      expect(esc?.id).toBe(caseId);
      await push(s.sup1!, { clientId: 't-dec1', type: 'decide', caseId, decision: decisionFor(c.kind, s.sup1!.userId, 't-dec1') });
      const ap = await call(env.app, s.admin!, 'POST', `/v1/platform/cases/${b.case.externalId}/appeal`, { byId: 'm1', reason: '商家不服' });
      expect(ap.statusCode, ap.body).toBe(200);
      const again = await claimNext(s.arb2!, 'appeals');
      expect(again.id).toBe(caseId);
      await push(s.arb2!, { clientId: 't-dec2', type: 'decide', caseId, decision: decisionFor(c.kind, s.arb2!.userId, 't-dec2') });

      const got = await timeline(s.arb2!, caseId);
      expect(got).toMatchObject({ caseId, externalId: b.case.externalId });
      const who = (e: CaseTimeline['events'][number]) => (e.actor.type === 'user' ? `${e.actor.name}/${e.actor.role}` : e.actor.type);
      expect(got.events.map((e) => [e.kind, who(e)])).toEqual([
        ['imported', 'platform'],
        ['assessed', 'system'],
        ['claimed', 'arb1/arbitrator'],
        ['evidence_added', 'platform'],
        ['assessed', 'system'],
        ['escalated', 'arb1/arbitrator'],
        ['claimed', 'sup1/supervisor'],
        ['decided', 'sup1/supervisor'],
        ['appealed', 'platform'],
        ['claimed', 'arb2/arbitrator'],
        ['decided', 'arb2/arbitrator'],
      ]);
      const [imp, assessed] = got.events;
      expect(assessed).toMatchObject({ kind: 'assessed', cause: 'import' });
      expect(assessed?.kind === 'assessed' && assessed.policyVersion).toBeTruthy();
      expect(got.events.find((e) => e.kind === 'escalated')).toMatchObject({ category: 'policy_unclear', reason: '规则不清楚' });
      expect(got.events.find((e) => e.kind === 'appealed')).toMatchObject({ reason: '商家不服' });
      expect(got.events.filter((e) => e.kind === 'decided').map((e) => (e.kind === 'decided' ? e.decision?.verdict : null))).toEqual(['rejected', 'rejected']);
      const times = got.events.map((e) => Date.parse(e.at));
      expect(times).toEqual([...times].sort((x, y) => x - y));
      expect(Date.now() - Date.parse(imp!.at)).toBeLessThan(120_000);
      // No id of a person anywhere in the answer.
      const text = JSON.stringify(got.events);
      for (const u of Object.values(s)) expect(text).not.toContain(u.userId);

      // Who may read it.
      expect((await timeline(s.sup1!, caseId)).events).toHaveLength(got.events.length);
      const notHolder = await call(env.app, s.arb1!, 'GET', `/v1/cases/${caseId}/timeline`);
      expect(notHolder.statusCode).toBe(404);
      expect(notHolder.json()).toMatchObject({ error: { code: 'not_found', field: 'caseId' } });
      expect((await call(env.app, s.admin!, 'GET', `/v1/cases/${caseId}/timeline`)).statusCode).toBe(403);
      expect((await call(env.app, null, 'GET', `/v1/cases/${caseId}/timeline`)).statusCode).toBe(401);
      expect((await call(env.app, s.sup1!, 'GET', '/v1/cases/no-such-case/timeline')).statusCode).toBe(404);
    });

    it('hides a case under the supervisor’s own open blind review', async () => {
      const b = bundle(2);
      await call(env.app, s.admin!, 'POST', '/v1/import', [b]);
      const c = await claimNext(s.arb1!);
      await push(s.arb1!, { clientId: 't-blind', type: 'decide', caseId: c.id, decision: decisionFor(c.kind, s.arb1!.userId, 't-blind') });
      const plan = await call(env.app, s.sup1!, 'POST', '/v1/qa/plans', { name: 'blind', method: { type: 'random', size: 5 }, population: { arbitratorIds: [s.arb1!.userId] }, seed: 1 });
      expect(plan.statusCode, plan.body).toBe(201);
      const blind = await call(env.app, s.sup1!, 'GET', `/v1/cases/${c.id}/timeline`);
      expect(blind.statusCode).toBe(403);
      expect(blind.json()).toMatchObject({ error: { code: 'forbidden', field: 'caseId' } });
      // The arbitrator who holds it still reads it.
      expect((await timeline(s.arb1!, c.id)).events.map((e) => e.kind)).toEqual(['imported', 'assessed', 'claimed', 'decided']);
    });
  });
}
