import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoticeListSchema, type NoticeList, type QaPlanCreated } from '@common/api';
import { DEFAULT_POLICY } from '@common/policy';
import type { Verdict } from '@common/domain';
import { loadDecisions } from '../services/qa';
import { seedDecisions } from '../demo/decisions';
import { seedCases } from '../start';
import { call, makeEnv, seedUsers, type Session, type TestEnv } from '../../testing/serverHarness';

/**
 * The inbox: an override or a QA review of an arbitrator's decision is a notice addressed to that
 * arbitrator, listed by GET /v1/notices whatever their pull pages carried, with who (by name), why and
 * when; read state is per user and shared by every machine.
 */
describe('notices', () => {
  let env: TestEnv;
  let s: Record<string, Session>;
  beforeAll(async () => {
    env = await makeEnv('pglite');
    s = await seedUsers(env.app, ['arb1', 'arb2', 'sup1', 'admin']);
    await seedCases(env.app, 80, 5, s.admin!.userId, new Date('2026-03-01T00:00:00Z'));
    await seedDecisions(env.database.db, env.app.gavel.deps.policies, { perArbitrator: 10, seed: 5 });
  }, 120_000);
  afterAll(async () => env?.close());

  const inbox = async (who: Session): Promise<NoticeList> => {
    const r = await call(env.app, who, 'GET', '/v1/notices');
    expect(r.statusCode, r.body).toBe(200);
    return NoticeListSchema.parse(r.json());
  };

  it('an override and a review of arb1 decisions reach arb1 only, named by display name, with the reason; read state sticks', async () => {
    expect(await inbox(s.arb1!)).toEqual({ notices: [], unread: 0 });
    const mine = (await loadDecisions(env.database.db)).filter((d) => d.arbitratorId === s.arb1!.userId);
    const target = mine[0]!;
    const verdict: Verdict = target.verdict === 'rejected' ? 'upheld' : 'rejected';
    const rc = DEFAULT_POLICY.reasonCodes[target.kind].find((r) => r.verdicts.includes(verdict))!;
    const remedies = verdict === 'rejected' ? ['no_action'] : [DEFAULT_POLICY.remediesByKind[target.kind].find((x) => x !== 'no_action')!];
    const reason = '证据不支持原判';
    const ov = await call(env.app, s.sup1!, 'POST', '/v1/qa/overrides', { clientId: 'n-ov-1', caseId: target.caseId, decision: { verdict, remedies, reasonCodes: [rc.code], note: '' }, reason });
    expect(ov.statusCode, ov.body).toBe(200);

    // A blind review of another of arb1's decisions, with feedback.
    const plan = (await call(env.app, s.sup1!, 'POST', '/v1/qa/plans', { name: 'n', method: { type: 'random', size: 40 }, population: { arbitratorIds: [s.arb1!.userId] }, seed: 9 })).json<QaPlanCreated>();
    const item = plan.items.find((i) => i.caseId !== target.caseId)!;
    const reviewed = mine.find((d) => d.key === item.decisionKey)!;
    const rrc = DEFAULT_POLICY.reasonCodes[reviewed.kind].find((r) => r.verdicts.includes('rejected'))!;
    const push = await call(env.app, s.sup1!, 'POST', '/v1/sync/push', {
      mutations: [{ clientId: 'n-qa-1', type: 'qa_review', caseId: item.caseId, itemId: item.itemId, review: { verdict: 'rejected', remedies: ['no_action'], reasonCodes: [rrc.code] }, feedback: '请复核物流证据' }],
    });
    expect(push.json<{ results: Array<{ status: string }> }>().results[0]!.status).toBe('applied');

    const got = await inbox(s.arb1!);
    expect(got.unread).toBe(2);
    expect(got.notices.map((n) => n.type)).toEqual(['feedback', 'override']); // newest first
    const override = got.notices.find((n) => n.type === 'override')!;
    expect(override).toMatchObject({ caseId: target.caseId, kind: target.kind, externalId: target.externalId, byId: s.sup1!.userId, byName: 'sup1', note: reason, previous: { verdict: target.verdict }, decision: { verdict }, readAt: null });
    expect(got.notices.find((n) => n.type === 'feedback')).toMatchObject({ caseId: item.caseId, byName: 'sup1', note: '请复核物流证据', previous: { verdict: reviewed.verdict }, decision: { verdict: 'rejected' } });
    // Nobody else's inbox has them.
    expect((await inbox(s.arb2!)).notices.filter((n) => n.caseId === target.caseId || n.caseId === item.caseId)).toEqual([]);

    // Another user cannot mark them; unknown ids are ignored; marking twice counts once.
    const foreign = await call(env.app, s.arb2!, 'POST', '/v1/notices/read', { ids: [override.id] });
    expect(foreign.json()).toEqual({ read: 0 });
    const mark = await call(env.app, s.arb1!, 'POST', '/v1/notices/read', { ids: [override.id, 'no-such-notice'] });
    expect(mark.json()).toEqual({ read: 1 });
    expect((await call(env.app, s.arb1!, 'POST', '/v1/notices/read', { ids: [override.id] })).json()).toEqual({ read: 0 });
    const after = await inbox(s.arb1!);
    expect(after.unread).toBe(1);
    expect(after.notices.find((n) => n.id === override.id)?.readAt).toEqual(expect.any(String));
  });

  it('validates the body and keeps the inbox to those who decide', async () => {
    const empty = await call(env.app, s.arb1!, 'POST', '/v1/notices/read', { ids: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ error: { code: 'invalid_body', field: 'ids' } });
    expect((await call(env.app, s.admin!, 'GET', '/v1/notices')).statusCode).toBe(403);
    expect((await call(env.app, null, 'GET', '/v1/notices')).statusCode).toBe(401);
  });
});
