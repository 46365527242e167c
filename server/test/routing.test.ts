import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoutingCandidatesSchema, RoutingViewSchema, type CaseView, type RoutingCandidates, type SkillsSaveRequest } from '@common/api';
import { COMPLAINT_KINDS, DEFAULT_ROUTING_RULES, routingReasons, type ComplaintKind } from '@common/domain';
import { loadRules, routedCase } from '../services/routing';
import { bundle, call, makeEnv, seedUsers, type Session, type TestEnv } from '../../testing/serverHarness';

const ALL_QUEUES = ['merchant', 'consumer', 'appeals'] as const;

/**
 * Routing rules and skill profiles over HTTP: who may read and edit them (RBAC), validation naming
 * the field, audit rows, the claim honouring them (online and offline, golden cases too), the
 * "who would get this case?" tester agreeing with the claim, and a supervisor's reassignment refused
 * when the target lacks the skills.
 */
describe('routing (pglite)', () => {
  let env: TestEnv;
  let s: Record<string, Session>;
  let next = 1;
  beforeAll(async () => {
    env = await makeEnv('pglite');
    s = await seedUsers(env.app, ['junior', 'senior', 'sup1', 'admin', 'free', 'unrouted']);
  }, 60_000);
  afterAll(async () => env?.close());

  const db = () => env.database.db;
  const profile = (who: Session, over: Partial<SkillsSaveRequest> = {}): SkillsSaveRequest => ({ userId: who.userId, kinds: [...COMPLAINT_KINDS], queues: [...ALL_QUEUES], languages: ['zh-CN'], seniority: 'senior', tags: [], ...over });
  const importKinds = async (kinds: ComplaintKind[]): Promise<string[]> => {
    const r = await call(env.app, s.admin!, 'POST', '/v1/import', kinds.map((kind) => bundle(next++, { kind })));
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ results: Array<{ caseId: string }> }>().results.map((x) => x.caseId);
  };
  /** Nothing else claimable: every open case out of the way but these. */
  const only = async (ids: string[]) => {
    if (ids.length === 0) await sql`update cases set status = 'closed' where status = 'queued'`.execute(db());
    else await sql`update cases set status = 'closed' where status = 'queued' and not (id in (${sql.join(ids)}))`.execute(db());
  };
  const claim = async (who: Session, count: number, mode: 'online' | 'offline' = 'online'): Promise<CaseView[]> => {
    const r = await call(env.app, who, 'POST', '/v1/claims', { count, mode });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ cases: CaseView[] }>().cases;
  };
  const candidates = async (who: Session, caseId: string): Promise<RoutingCandidates> => {
    const r = await call(env.app, who, 'GET', `/v1/routing/candidates?caseId=${encodeURIComponent(caseId)}`);
    expect(r.statusCode, r.body).toBe(200);
    return RoutingCandidatesSchema.parse(r.json());
  };

  it('admins edit, supervisors read, arbitrators and anonymous callers get nothing', async () => {
    const rule = { id: 'rbac-rule', name: 'rbac', priority: 1, enabled: false, kind: null, queue: null, minAmountFen: null, language: null, minSeniority: 'senior', requiredSkill: null };
    for (const [method, url, body, readers] of [
      ['GET', '/v1/routing', undefined, ['sup1', 'admin']],
      ['GET', '/v1/routing/candidates?caseId=nope', undefined, ['sup1', 'admin']],
      ['POST', '/v1/routing/rules', rule, ['admin']],
      ['POST', '/v1/routing/skills', profile(s.free!), ['admin']],
    ] as const) {
      expect((await call(env.app, null, method, url, body)).statusCode, `${url} anonymous`).toBe(401);
      for (const who of ['junior', 'sup1', 'admin'] as const) {
        const code = (await call(env.app, s[who]!, method, url, body)).statusCode;
        if ((readers as readonly string[]).includes(who)) expect(code, `${url} ${who}`).not.toBe(403);
        else expect(code, `${url} ${who}`).toBe(403);
      }
    }
    // The supervisor reads the rules and profiles; the seeded defaults are there.
    const view = RoutingViewSchema.parse((await call(env.app, s.sup1!, 'GET', '/v1/routing')).json());
    expect(view.rules.map((r) => r.rule.id)).toEqual(expect.arrayContaining(['serious-counterfeit', 'serious-false-advertising']));
    // Migration 14 writes them out; they are the defaults the domain names.
    for (const d of DEFAULT_ROUTING_RULES) expect(view.rules.find((r) => r.rule.id === d.id)?.rule).toEqual(d);
    expect(view.arbitrators.find((a) => a.userId === s.free!.userId)?.profile).toMatchObject({ seniority: 'senior' });
  });

  it('validates every edit naming the field, and refuses profiles for anyone but an active arbitrator', async () => {
    const bad = async (url: string, body: unknown, field: string) => {
      const r = await call(env.app, s.admin!, 'POST', url, body);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json<{ error: { field?: string; message: string } }>().error.field ?? r.json<{ error: { message: string } }>().error.message).toContain(field);
    };
    const rule = { id: 'v-rule', name: 'v', priority: 1, enabled: true, kind: null, queue: null, minAmountFen: null, language: null, minSeniority: 'senior', requiredSkill: null };
    await bad('/v1/routing/rules', { ...rule, minSeniority: null }, 'minSeniority');
    await bad('/v1/routing/rules', { ...rule, kind: 'teleportation' }, 'kind');
    await bad('/v1/routing/rules', { ...rule, minAmountFen: -1 }, 'minAmountFen');
    await bad('/v1/routing/rules', { ...rule, id: 'Has Spaces' }, 'id');
    await bad('/v1/routing/skills', { ...profile(s.junior!), kinds: [] }, 'kinds');
    await bad('/v1/routing/skills', { ...profile(s.junior!), seniority: 'ancient' }, 'seniority');
    await bad('/v1/routing/skills', { ...profile(s.junior!), tags: ['Not A Tag'] }, 'tags');
    await bad('/v1/routing/skills', profile(s.sup1!), 'userId');
    await bad('/v1/routing/skills', { ...profile(s.junior!), userId: 'nobody' }, 'userId');
  });

  it('every edit is audited with before and after', async () => {
    const since = Number((await db().selectFrom('audit_log').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst())?.max ?? 0);
    const rule = { id: 'audit-rule', name: '大额须资深', priority: 5, enabled: false, kind: null, queue: null, minAmountFen: 100_000_00, language: null, minSeniority: 'senior', requiredSkill: null };
    expect((await call(env.app, s.admin!, 'POST', '/v1/routing/rules', rule)).statusCode).toBe(200);
    expect((await call(env.app, s.admin!, 'POST', '/v1/routing/rules', { ...rule, name: '大额须资深（改）' })).statusCode).toBe(200);
    expect((await call(env.app, s.admin!, 'POST', '/v1/routing/skills', profile(s.free!, { seniority: 'junior' }))).statusCode).toBe(200);
    const rows = await db().selectFrom('audit_log').select(['action', 'actor_id', 'before', 'after']).where('action', 'like', 'routing.%').where('id', '>', since).orderBy('id').execute();
    const mine = rows;
    expect(mine.map((r) => r.action)).toEqual(['routing.rule_create', 'routing.rule_update', 'routing.skills']);
    expect(mine.every((r) => r.actor_id === s.admin!.userId)).toBe(true);
    expect(mine[1]!.before).toMatchObject({ name: '大额须资深' });
    expect(mine[1]!.after).toMatchObject({ name: '大额须资深（改）' });
    expect(mine[2]!.after).toMatchObject({ userId: s.free!.userId, seniority: 'junior' });
  });

  it('a junior is never handed a serious case, online or offline; a senior is; the tester says why, and agrees with the claim', async () => {
    expect((await call(env.app, s.admin!, 'POST', '/v1/routing/skills', profile(s.junior!, { seniority: 'junior' }))).statusCode).toBe(200);
    expect((await call(env.app, s.admin!, 'POST', '/v1/routing/skills', profile(s.senior!))).statusCode).toBe(200);
    const ids = await importKinds(['counterfeit', 'false_advertising', 'quality', 'late_shipment', 'counterfeit']);
    await only(ids);
    // The serious ones first in the queue, so a claim that ignored routing would take them.
    await sql`update cases set priority = 9 where id in (${sql.join([ids[0]!, ids[1]!, ids[4]!])})`.execute(db());

    const tester = await candidates(s.sup1!, ids[0]!);
    expect(tester.case.kind).toBe('counterfeit');
    expect(tester.rules.map((r) => r.id)).toContain('serious-counterfeit');
    const j = tester.candidates.find((c) => c.userId === s.junior!.userId)!;
    expect(j).toMatchObject({ eligible: false, profiled: true });
    expect(j.reasons).toEqual([{ code: 'seniority', ruleId: 'serious-counterfeit', ruleName: '假冒商品须资深仲裁员' }]);
    expect(tester.candidates.find((c) => c.userId === s.senior!.userId)).toMatchObject({ eligible: true, reasons: [] });
    // The external id works as well as the case id.
    const ext = (await db().selectFrom('cases').select('external_id').where('id', '=', ids[0]!).executeTakeFirstOrThrow()).external_id;
    expect((await candidates(s.admin!, ext)).case.caseId).toBe(ids[0]);
    expect((await call(env.app, s.admin!, 'GET', '/v1/routing/candidates?caseId=no-such-case')).statusCode).toBe(404);

    const juniorGot = await claim(s.junior!, 1, 'offline');
    const juniorMore = await claim(s.junior!, 10);
    const taken = [...juniorGot, ...juniorMore];
    expect(taken.map((c) => c.kind).sort()).toEqual(['late_shipment', 'quality']);
    const seniorGot = await claim(s.senior!, 10);
    expect(seniorGot.map((c) => c.kind).sort()).toEqual(['counterfeit', 'counterfeit', 'false_advertising']);

    // The tester and the claim read the same rows the same way: for each case, eligible for the
    // junior exactly when the junior's claim took it.
    for (const id of ids) {
      const t = await candidates(s.sup1!, id);
      expect(t.candidates.find((c) => c.userId === s.junior!.userId)!.eligible, id).toBe(taken.some((c) => c.id === id));
    }
  });

  it('kinds, queues, languages, amount and skill-tag rules all narrow the claim; a disabled rule does not', async () => {
    const ids = await importKinds(['quality', 'quality', 'abnormal_order', 'late_shipment']);
    await only(ids);
    await sql`update cases set language = 'en' where id = ${ids[1]!}`.execute(db());
    await sql`update cases set amount_fen = 5000000 where id = ${ids[3]!}`.execute(db());
    const rule = { id: 'big-luxury', name: '大额须奢侈品技能', priority: 10, enabled: true, kind: null, queue: null, minAmountFen: 1_000_000, language: null, minSeniority: null, requiredSkill: 'luxury' };
    expect((await call(env.app, s.admin!, 'POST', '/v1/routing/rules', rule)).statusCode).toBe(200);
    // A consumer-kinds-only senior, Chinese only, without the luxury tag.
    expect((await call(env.app, s.admin!, 'POST', '/v1/routing/skills', profile(s.senior!, { kinds: ['quality', 'late_shipment'], queues: ['consumer'] }))).statusCode).toBe(200);

    const rules = await loadRules(db());
    const facts = await db().selectFrom('cases').select(['id', 'kind', 'queue', 'amount_fen', 'language']).where('id', 'in', ids).execute();
    const expected = facts
      .filter((f) => routingReasons(routedCase({ ...f, kind: f.kind as ComplaintKind }), { kinds: ['quality', 'late_shipment'], queues: ['consumer'], languages: ['zh-CN'], seniority: 'senior', tags: [] }, rules).length === 0)
      .map((f) => f.id);
    expect(expected).toEqual([ids[0]]);
    const got = await claim(s.senior!, 10);
    expect(got.map((c) => c.id)).toEqual(expected);
    const why = await candidates(s.admin!, ids[3]!);
    expect(why.candidates.find((c) => c.userId === s.senior!.userId)?.reasons).toEqual([{ code: 'skill', ruleId: 'big-luxury', ruleName: '大额须奢侈品技能', skill: 'luxury' }]);
    expect((await candidates(s.admin!, ids[1]!)).candidates.find((c) => c.userId === s.senior!.userId)?.reasons).toEqual([{ code: 'language' }]);
    expect((await candidates(s.admin!, ids[2]!)).candidates.find((c) => c.userId === s.senior!.userId)?.reasons).toEqual([{ code: 'kind' }, { code: 'queue' }]);

    // Disabled, the rule no longer binds; the luxury case is handed out.
    expect((await call(env.app, s.admin!, 'POST', '/v1/routing/rules', { ...rule, enabled: false })).statusCode).toBe(200);
    expect((await claim(s.senior!, 10)).map((c) => c.id)).toEqual([ids[3]]);
    // An account without a profile is not routed: the rest go to it.
    expect((await claim(s.unrouted!, 10)).map((c) => c.id).sort()).toEqual([ids[1]!, ids[2]!].sort());
  });

  it('golden cases (QA) follow routing too: a counterfeit golden is never inserted into a junior\'s claim', async () => {
    expect((await call(env.app, s.admin!, 'POST', '/v1/routing/skills', profile(s.junior!, { seniority: 'junior' }))).statusCode).toBe(200);
    expect((await call(env.app, s.admin!, 'POST', '/v1/routing/skills', profile(s.senior!))).statusCode).toBe(200);
    const [template] = await importKinds(['counterfeit']);
    await only([]);
    const code = (await import('@common/policy')).DEFAULT_POLICY.reasonCodes.counterfeit.find((r) => r.verdicts.includes('rejected'))!.code;
    const g = await call(env.app, s.sup1!, 'POST', '/v1/qa/golden', { caseId: template, answer: { verdict: 'rejected', remedies: ['no_action'], reasonCodes: [code] }, rate: 0.5 });
    expect(g.statusCode, g.body).toBe(201);
    const inserted = async (who: Session) => (await db().selectFrom('qa_golden_cases').select('case_id').where('arbitrator_id', '=', who.userId).execute()).length;
    // Each place is golden with probability 0.5: twenty places without one would be a one-in-a-million draw.
    for (let i = 0; i < 10; i++) await claim(s.junior!, 2);
    expect(await inserted(s.junior!)).toBe(0);
    for (let i = 0; i < 10 && (await inserted(s.senior!)) === 0; i++) await claim(s.senior!, 2);
    expect(await inserted(s.senior!)).toBe(1);
  });

  it("a supervisor cannot reassign a case to someone without the skills: a 400 naming toUserId, with the case and the reason", async () => {
    const [serious] = await importKinds(['counterfeit']);
    await only([serious!]);
    expect((await call(env.app, s.admin!, 'POST', '/v1/routing/skills', profile(s.senior!))).statusCode).toBe(200);
    const held = await claim(s.senior!, 1);
    expect(held.map((c) => c.id)).toEqual([serious]);
    const r = await call(env.app, s.sup1!, 'POST', '/v1/workforce/reassign', { caseIds: [serious], toUserId: s.junior!.userId });
    expect(r.statusCode, r.body).toBe(400);
    const err = r.json<{ error: { field: string; message: string } }>().error;
    expect(err.field).toBe('toUserId');
    expect(err.message).toContain(held[0]!.externalId);
    expect(err.message).toContain('needs a senior arbitrator');
    expect((await db().selectFrom('cases').select('assignee_id').where('id', '=', serious!).executeTakeFirstOrThrow()).assignee_id).toBe(s.senior!.userId);
  });
});
