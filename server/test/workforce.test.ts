import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkforceActionResponseSchema, WorkforceViewSchema, type CaseView, type MutationResult, type PullResponse, type WorkforceView } from '@common/api';
import { dayStart, workforceView } from '../services/workforce';
import { bundle, call, decisionFor, makeEnv, seedUsers, type Session, type TestEnv } from '../../testing/serverHarness';

const HOUR = 3_600_000;

/**
 * The supervisor's workforce view (GET /v1/workforce) and its actions on holdings: who may call
 * them, what each figure counts (every filter of the aggregates pinned by a case just outside it),
 * and what the former holder sees after a release or a reassignment (a conflict, not a lost decision).
 */
describe('workforce (pglite)', () => {
  let env: TestEnv;
  let s: Record<string, Session>;
  let next = 1;
  beforeAll(async () => {
    env = await makeEnv('pglite');
    s = await seedUsers(env.app, ['arb1', 'arb2', 'sup1', 'admin', 'arb3']);
  }, 60_000);
  afterAll(async () => env?.close());

  const db = () => env.database.db;
  const importCases = async (n: number): Promise<string[]> => {
    const r = await call(env.app, s.admin!, 'POST', '/v1/import', Array.from({ length: n }, () => bundle(next++)));
    expect(r.statusCode, r.body).toBe(200);
    const ids = r.json<{ results: Array<{ caseId: string }> }>().results.map((x) => x.caseId);
    // Out of every figure until a test puts them somewhere: due far ahead, nobody's.
    await sql`update cases set due_at = now() + interval '30 days' where id in (${sql.join(ids)})`.execute(db());
    return ids;
  };
  const set = (id: string, cols: string) => sql.raw(`update cases set ${cols} where id = '${id.replace(/'/g, "''")}'`).execute(db());
  const view = async (now = new Date()): Promise<WorkforceView> => WorkforceViewSchema.parse(await workforceView(db(), { withinHours: 24 }, now));
  const member = (v: WorkforceView, who: Session) => v.members.find((m) => m.userId === who.userId);
  const push = async (who: Session, mutations: unknown[]): Promise<MutationResult[]> => {
    const r = await call(env.app, who, 'POST', '/v1/sync/push', { mutations });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ results: MutationResult[] }>().results;
  };
  /** Everything claimable out of the way, so a claim takes exactly these cases. */
  const claimOnly = async (who: Session, ids: string[], mode: 'online' | 'offline' = 'online'): Promise<CaseView[]> => {
    await sql`update cases set priority = 99 where id in (${sql.join(ids)})`.execute(db());
    const r = await call(env.app, who, 'POST', '/v1/claims', { count: ids.length, mode });
    expect(r.statusCode, r.body).toBe(200);
    const got = r.json<{ cases: CaseView[] }>().cases;
    expect(got.map((c) => c.id).sort()).toEqual([...ids].sort());
    await sql`update cases set priority = 1 where id in (${sql.join(ids)})`.execute(db());
    return got;
  };

  it('supervisors only: arbitrators and admins get 403, no token 401; bodies are validated naming the field', async () => {
    for (const [method, url, body] of [
      ['GET', '/v1/workforce', undefined],
      ['POST', '/v1/workforce/release', { caseIds: ['x'] }],
      ['POST', '/v1/workforce/reassign', { caseIds: ['x'], toUserId: s.arb2!.userId }],
    ] as const) {
      expect((await call(env.app, s.arb1!, method, url, body)).statusCode, `${url} arbitrator`).toBe(403);
      expect((await call(env.app, s.admin!, method, url, body)).statusCode, `${url} admin`).toBe(403);
      expect((await call(env.app, null, method, url, body)).statusCode, `${url} anonymous`).toBe(401);
    }
    const ok = await call(env.app, s.sup1!, 'GET', '/v1/workforce?withinHours=48');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(WorkforceViewSchema.parse(ok.json())).toMatchObject({ withinHours: 48, timeZone: 'Asia/Shanghai' });
    expect((await call(env.app, s.sup1!, 'GET', '/v1/workforce?withinHours=0')).json()).toMatchObject({ error: { code: 'invalid_query', field: 'withinHours' } });
    expect((await call(env.app, s.sup1!, 'POST', '/v1/workforce/release', { caseIds: [] })).json()).toMatchObject({ error: { code: 'invalid_body', field: 'caseIds' } });
    expect((await call(env.app, s.sup1!, 'POST', '/v1/workforce/reassign', { caseIds: ['x'] })).json()).toMatchObject({ error: { code: 'invalid_body', field: 'toUserId' } });
    const [c] = await importCases(1);
    await claimOnly(s.arb1!, [c!]);
    const nobody = await call(env.app, s.sup1!, 'POST', '/v1/workforce/reassign', { caseIds: [c], toUserId: 'no-such-user' });
    expect(nobody.statusCode).toBe(400);
    const err = (r: { json: <T>() => T }) => r.json<{ error: { field: string; message: string } }>().error;
    expect(err(nobody).field).toBe('toUserId');
    expect(err(nobody).message).toContain('no such user');
    const sup = await call(env.app, s.sup1!, 'POST', '/v1/workforce/reassign', { caseIds: [c], toUserId: s.sup1!.userId });
    expect(err(sup).field).toBe('toUserId');
    expect(err(sup).message).toContain('not an arbitrator');
    const same = await call(env.app, s.sup1!, 'POST', '/v1/workforce/reassign', { caseIds: [c], toUserId: s.arb1!.userId });
    expect(same.statusCode).toBe(400);
    expect(err(same).field).toBe('toUserId');
    expect(err(same).message).toMatch(/arb1 already holds EXT-\d+; choose someone else/);
    // Nothing moved, nothing audited.
    expect((await db().selectFrom('cases').select('assignee_id').where('id', '=', c!).executeTakeFirstOrThrow()).assignee_id).toBe(s.arb1!.userId);
    expect(await db().selectFrom('audit_log').select('id').where('action', 'like', 'workforce.%').execute()).toEqual([]);
    await set(c!, `assignee_id = null, leased = false, status = 'decided'`);
  });

  it('counts live leases, throughput today, SLA at risk, lapsed leases and evidence waits, each filter pinned', async () => {
    const now = new Date();
    const ids = await importCases(16);
    const [on1, on2, off1, on4, lapsedSwept, lapsedUnswept, evOver, evSoon, evLater, slaSoon, slaOver, slaDecided, slaFar, golden, decidedToday, decidedYesterday] = ids;
    await claimOnly(s.arb1!, [on1!, on2!]);
    await claimOnly(s.arb1!, [off1!], 'offline');
    await claimOnly(s.arb2!, [on4!, lapsedSwept!]);
    // arb2's lease on one case runs out and the sweep ends it; arb1's on another has run out, unswept.
    await set(lapsedSwept!, `lease_expires_at = now() - interval '5 minutes', leased = false`);
    await set(lapsedUnswept!, `assignee_id = '${s.arb1!.userId}', leased = true, lease_expires_at = now() - interval '1 minute'`);
    // Evidence: one past its deadline, one due in 10 h (inside the window), one in 3 days (outside).
    await set(evOver!, `status = 'awaiting_evidence', assignee_id = '${s.arb1!.userId}', evidence_due_at = now() - interval '2 hours'`);
    await set(evSoon!, `status = 'awaiting_evidence', assignee_id = '${s.arb2!.userId}', evidence_due_at = now() + interval '10 hours'`);
    await set(evLater!, `status = 'awaiting_evidence', assignee_id = '${s.arb2!.userId}', evidence_due_at = now() + interval '3 days'`);
    // SLA: due in 5 h, 3 h overdue, decided (overdue but closed to the SLA), far ahead.
    await set(slaSoon!, `due_at = now() + interval '5 hours'`);
    await set(slaOver!, `due_at = now() - interval '3 hours'`);
    await set(slaDecided!, `due_at = now() - interval '3 hours', status = 'decided'`);
    await set(slaFar!, `due_at = now() + interval '30 hours'`);
    // A QA golden case held live by arb1, overdue: counted nowhere.
    await sql`insert into qa_golden (id, template_case_id, kind, answer, rate, created_by) values ('g1', ${golden!}, 'quality', '{}'::jsonb, 0.1, ${s.sup1!.userId})`.execute(db());
    await sql`insert into qa_golden_cases (case_id, golden_id, arbitrator_id) values (${golden!}, 'g1', ${s.arb1!.userId})`.execute(db());
    await set(golden!, `assignee_id = '${s.arb1!.userId}', leased = true, lease_expires_at = now() + interval '1 hour', due_at = now() - interval '1 hour'`);
    // Decisions: arb2 one today through push; arb1 one before today's midnight (not counted).
    const [d] = await claimOnly(s.arb2!, [decidedToday!]);
    expect((await push(s.arb2!, [{ clientId: 'wf-d1', type: 'decide', caseId: d!.id, decision: decisionFor(d!.kind, s.arb2!.userId, 'wf-d1') }]))[0]!.status).toBe('applied');
    await set(decidedYesterday!, `status = 'decided'`);
    await sql`insert into changes (case_id, type, holder_id, at) values (${decidedYesterday!}, 'decided', ${s.arb1!.userId}, ${new Date(dayStart(now).getTime() - 60_000)})`.execute(db());

    const v = await view(now);
    const a1 = member(v, s.arb1!)!;
    const a2 = member(v, s.arb2!)!;
    expect(a1).toMatchObject({ online: 2, offline: 1, decidedToday: 0 });
    expect(a1.holdings.map((h) => h.caseId).sort()).toEqual([on1, on2, off1].sort());
    expect(a1.holdings.find((h) => h.caseId === off1)?.offline).toBe(true);
    // Soonest first: the online leases end before the offline checkout.
    expect(a1.holdings.at(-1)?.caseId).toBe(off1);
    expect(a1.soonestLeaseExpiresAt).toBe(a1.holdings[0]!.leaseExpiresAt);
    expect(Date.parse(a1.soonestLeaseExpiresAt!)).toBeGreaterThan(now.getTime());
    expect(a2).toMatchObject({ online: 1, offline: 0, decidedToday: 1 });
    expect(a2.holdings.map((h) => h.caseId)).toEqual([on4]);
    // An arbitrator with nothing is listed; a supervisor with nothing and no decisions is not; admins never.
    expect(member(v, s.arb3!)).toMatchObject({ online: 0, offline: 0, decidedToday: 0, soonestLeaseExpiresAt: null, holdings: [] });
    expect(member(v, s.sup1!)).toBeUndefined();
    expect(member(v, s.admin!)).toBeUndefined();

    expect(v.lapsed.cases.map((c) => c.caseId).sort()).toEqual([lapsedSwept, lapsedUnswept].sort());
    expect(v.lapsed.total).toBe(2);
    expect(v.lapsed.cases.find((c) => c.caseId === lapsedSwept)).toMatchObject({ holderId: s.arb2!.userId, holderName: 'arb2' });

    expect(v.evidence).toMatchObject({ overdue: 1, dueSoon: 1 });
    expect(v.evidence.cases.map((c) => [c.caseId, c.overdue])).toEqual([
      [evOver, true],
      [evSoon, false],
    ]);
    expect(v.evidence.cases[0]).toMatchObject({ holderName: 'arb1' });

    // All the fixture's cases share one kind and queue; the earlier test's case is decided.
    const total = v.sla.reduce((n, r) => ({ atRisk: n.atRisk + r.atRisk, overdue: n.overdue + r.overdue }), { atRisk: 0, overdue: 0 });
    expect(total).toEqual({ atRisk: 1, overdue: 1 });
    expect(v.sla).toHaveLength(1);

    // A wider window takes in the case due in 30 h and the evidence due in 3 days.
    const wide = await workforceView(db(), { withinHours: 96 }, now);
    expect(wide.sla.reduce((n, r) => n + r.atRisk, 0)).toBe(2);
    expect(wide.evidence.dueSoon).toBe(2);
    // Tomorrow (China time) the day's decision no longer counts.
    const tomorrow = new Date(dayStart(now).getTime() + 24 * HOUR + 60_000);
    expect(member(await view(tomorrow), s.arb2!)?.decidedToday).toBe(0);
    await sql`update cases set status = 'decided', assignee_id = null, leased = false where id in (${sql.join(ids)})`.execute(db());
    await sql`delete from qa_golden_cases`.execute(db());
  });

  it('the day starts at midnight China time, whatever the host zone', () => {
    expect(dayStart(new Date('2026-03-01T15:59:00Z')).toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(dayStart(new Date('2026-03-01T16:00:00Z')).toISOString()).toBe('2026-03-01T16:00:00.000Z');
  });

  it('reassign: the new holder holds it under a new lease, audited; the former holder’s offline decision becomes a conflict', async () => {
    const [x, y] = await importCases(2);
    const held = await claimOnly(s.arb1!, [x!, y!], 'offline');
    const before = (await db().selectFrom('cases').select(['lease_epoch']).where('id', '=', x!).executeTakeFirstOrThrow()).lease_epoch;
    const r = await call(env.app, s.sup1!, 'POST', '/v1/workforce/reassign', { caseIds: [x], toUserId: s.arb2!.userId });
    expect(r.statusCode, r.body).toBe(200);
    const moved = WorkforceActionResponseSchema.parse(r.json()).results;
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ caseId: x, outcome: 'done', fromUserId: s.arb1!.userId, fromName: 'arb1' });
    expect(moved[0]!.externalId).toMatch(/^EXT-/);
    const row = await db().selectFrom('cases').selectAll().where('id', '=', x!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ assignee_id: s.arb2!.userId, leased: true, offline: false, lease_epoch: before + 1 });
    const audit = await db().selectFrom('audit_log').select(['actor_id', 'before', 'after']).where('action', '=', 'workforce.reassign').where('case_id', '=', x!).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: s.sup1!.userId, before: { assigneeId: s.arb1!.userId }, after: { assigneeId: s.arb2!.userId, leased: true } });
    const v = await view();
    expect(member(v, s.arb2!)!.holdings.map((h) => h.caseId)).toContain(x);
    expect(member(v, s.arb1!)!.holdings.map((h) => h.caseId)).toEqual([y]);

    // arb1's pull revokes it; their decision made offline under the old lease is a conflict.
    const pulled = (await call(env.app, s.arb1!, 'GET', '/v1/sync/pull?limit=500')).json<PullResponse>();
    expect(pulled.changes.filter((c) => c.caseId === x).at(-1)).toMatchObject({ access: 'revoked', reason: 'claimed_by_other' });
    const c = held.find((h) => h.id === x)!;
    // Sent in one push with a decision on the case they still hold (a run of decisions, written together).
    const other = held.find((h) => h.id === y)!;
    const [late, kept] = await push(s.arb1!, [
      { clientId: 'wf-late', type: 'decide', caseId: x, leaseEpoch: c.claim?.epoch, decision: decisionFor(c.kind, s.arb1!.userId, 'wf-late') },
      { clientId: 'wf-kept', type: 'decide', caseId: y, leaseEpoch: other.claim?.epoch, decision: decisionFor(other.kind, s.arb1!.userId, 'wf-kept') },
    ]);
    expect(late).toMatchObject({ status: 'conflict', reason: 'claimed_by_other' });
    expect(kept).toMatchObject({ status: 'applied' });
    // arb2 decides it.
    const [mine] = await push(s.arb2!, [{ clientId: 'wf-new', type: 'decide', caseId: x, decision: decisionFor(c.kind, s.arb2!.userId, 'wf-new') }]);
    expect(mine).toMatchObject({ status: 'applied' });
    // Once decided it is nobody's to move.
    const again = await call(env.app, s.sup1!, 'POST', '/v1/workforce/reassign', { caseIds: [x], toUserId: s.arb3!.userId });
    expect(again.json<{ results: unknown[] }>().results).toEqual([expect.objectContaining({ outcome: 'not_held' })]);
  });

  it('reassign never hands an appeal to the arbitrator who decided it, nor a golden case to anyone', async () => {
    const [x, g] = await importCases(2);
    await claimOnly(s.arb1!, [x!, g!]);
    await sql`insert into case_exclusions (case_id, user_id) values (${x!}, ${s.arb2!.userId})`.execute(db());
    await sql`insert into qa_golden (id, template_case_id, kind, answer, rate, created_by) values ('g2', ${g!}, 'quality', '{}'::jsonb, 0.1, ${s.sup1!.userId})`.execute(db());
    await sql`insert into qa_golden_cases (case_id, golden_id, arbitrator_id) values (${g!}, 'g2', ${s.arb1!.userId})`.execute(db());
    const r = WorkforceActionResponseSchema.parse((await call(env.app, s.sup1!, 'POST', '/v1/workforce/reassign', { caseIds: [x, g, 'missing'], toUserId: s.arb2!.userId })).json());
    expect(r.results.map((x) => x.outcome)).toEqual(['excluded', 'golden', 'not_found']);
    expect((await db().selectFrom('cases').select('assignee_id').where('id', 'in', [x!, g!]).execute()).map((c) => c.assignee_id)).toEqual([s.arb1!.userId, s.arb1!.userId]);
    expect((await call(env.app, s.sup1!, 'POST', '/v1/workforce/release', { caseIds: [g] })).json<{ results: Array<{ outcome: string }> }>().results[0]!.outcome).toBe('golden');
    await sql`update cases set status = 'decided', assignee_id = null, leased = false where id in (${x!}, ${g!})`.execute(db());
  });

  it('release: back to the queue, audited; the former holder loses the lease and their decision is refused as not held', async () => {
    const [x] = await importCases(1);
    const [c] = await claimOnly(s.arb1!, [x!], 'offline');
    const r = WorkforceActionResponseSchema.parse((await call(env.app, s.sup1!, 'POST', '/v1/workforce/release', { caseIds: [x, x] })).json());
    expect(r.results).toEqual([expect.objectContaining({ caseId: x, outcome: 'done', fromUserId: s.arb1!.userId })]);
    expect(await db().selectFrom('cases').select(['assignee_id', 'leased', 'offline']).where('id', '=', x!).executeTakeFirstOrThrow()).toEqual({ assignee_id: null, leased: false, offline: false });
    const audit = await db().selectFrom('audit_log').select(['actor_id', 'before']).where('action', '=', 'workforce.release').where('case_id', '=', x!).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: s.sup1!.userId, before: { assigneeId: s.arb1!.userId } });
    const beat = (await call(env.app, s.arb1!, 'POST', '/v1/claims/heartbeat', { caseIds: [x] })).json<{ lost: Array<{ reason: string }> }>();
    expect(beat.lost).toEqual([{ caseId: x, reason: 'not_holder' }]);
    const [late] = await push(s.arb1!, [{ clientId: 'wf-rel', type: 'decide', caseId: x, leaseEpoch: c!.claim?.epoch, decision: decisionFor(c!.kind, s.arb1!.userId, 'wf-rel') }]);
    expect(late).toMatchObject({ status: 'rejected', reason: 'not_holder' });
    // Released twice: nothing more happens, and it says so.
    const again = WorkforceActionResponseSchema.parse((await call(env.app, s.sup1!, 'POST', '/v1/workforce/release', { caseIds: [x] })).json());
    expect(again.results[0]!.outcome).toBe('not_held');
    expect(await db().selectFrom('audit_log').select('id').where('action', '=', 'workforce.release').where('case_id', '=', x!).execute()).toHaveLength(1);
  });
});
