import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDeadline, DEFAULT_POLICY } from '@common/policy';
import type { CaseView, EventsResponse, MutationResult, PullResponse } from '@common/api';
import { createHmac } from 'node:crypto';
import { AuditCheckpointSchema, EventsResponseSchema } from '@common/api';
import { appendAudit, verifyAudit } from '../services/audit';
import { bundle, call, decisionFor, makeEnv, PG_SKIP_REASON, seedUsers, type Engine, type Session, type TestEnv } from '../../testing/serverHarness';

const engines: Array<{ engine: Engine; skip: string | null }> = [
  { engine: 'pglite', skip: null },
  { engine: 'postgres', skip: PG_SKIP_REASON },
];

for (const { engine, skip } of engines) {
  if (skip) {
    // Visible in the summary: why the real-PostgreSQL half did not run.
    describe.skip(`routes on postgres: SKIPPED (${skip})`, () => it('needs PostgreSQL binaries', () => undefined));
    continue;
  }
  describe(`routes on ${engine}`, () => {
    let env: TestEnv;
    let s: Record<string, Session>;
    let next = 1000;
    const ext = () => next++;
    beforeAll(async () => {
      env = await makeEnv(engine);
      s = await seedUsers(env.app, ['arb1', 'arb2', 'sup1', 'admin']);
    });
    afterAll(async () => env?.close());

    const importOne = async (b: ReturnType<typeof bundle>) => {
      const r = await call(env.app, s.admin!, 'POST', '/v1/import', [b]);
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ results: Array<{ caseId: string; status: string }> }>().results[0]!;
    };
    /** Claims exactly the given case for `who` by taking everything ahead of it out of the queue. */
    const claimSpecific = async (who: Session, caseId: string): Promise<CaseView> => {
      await env.database.db.updateTable('cases').set({ priority: 9 }).where('id', '=', caseId).execute();
      const r = await call(env.app, who, 'POST', '/v1/claims', { count: 1 });
      expect(r.statusCode, r.body).toBe(200);
      const c = r.json<{ cases: CaseView[] }>().cases[0]!;
      expect(c.id).toBe(caseId);
      await env.database.db.updateTable('cases').set({ priority: 1 }).where('id', '=', caseId).execute();
      return c;
    };
    const push = async (who: Session, mutations: unknown[]) => {
      const r = await call(env.app, who, 'POST', '/v1/sync/push', { mutations });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ results: MutationResult[] }>().results;
    };
    const decide = (who: Session, c: { id: string; kind: CaseView['kind'] }, clientId: string, extra: Record<string, unknown> = {}) => ({
      clientId,
      type: 'decide',
      caseId: c.id,
      decision: decisionFor(c.kind, who.userId, clientId),
      ...extra,
    });
    const expireLease = (caseId: string) =>
      sql`update cases set lease_expires_at = now() - interval '1 minute' where id = ${caseId}`.execute(env.database.db).then(() => env.app.gavel.sweep());

    it('auth: login, refresh rotation, a retry within the grace window, reuse after it closes the session, logout revokes', async () => {
      const bad = await call(env.app, null, 'POST', '/v1/auth/login', { username: 'arb1', password: 'nope' });
      expect(bad.statusCode).toBe(401);
      expect(bad.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
      const login = (await call(env.app, null, 'POST', '/v1/auth/login', { username: 'arb1', password: 'password-arb1' })).json<{ accessToken: string; refreshToken: string }>();
      const me = await env.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${login.accessToken}` } });
      expect(me.json()).toMatchObject({ username: 'arb1', role: 'arbitrator' });
      const r1 = await call(env.app, null, 'POST', '/v1/auth/refresh', { refreshToken: login.refreshToken });
      expect(r1.statusCode).toBe(200);
      const rotated = r1.json<{ accessToken: string; refreshToken: string }>();
      expect(rotated.refreshToken).not.toBe(login.refreshToken);
      // The old token again right away (the first answer was lost on the way): the same pair again,
      // never a second chain beside the first.
      const retried = await call(env.app, null, 'POST', '/v1/auth/refresh', { refreshToken: login.refreshToken });
      expect(retried.statusCode).toBe(200);
      expect(retried.json<{ accessToken: string; refreshToken: string }>()).toMatchObject({ accessToken: rotated.accessToken, refreshToken: rotated.refreshToken });
      // Past the grace window, reusing it is treated as theft: the whole session is revoked.
      await sql`update auth_tokens set rotated_at = now() - interval '31 seconds' where rotated_at is not null`.execute(env.database.db);
      const theft = await call(env.app, null, 'POST', '/v1/auth/refresh', { refreshToken: login.refreshToken });
      expect(theft.statusCode).toBe(401);
      expect(theft.json()).toMatchObject({ error: { field: 'refreshToken' } });
      expect((await call(env.app, null, 'POST', '/v1/auth/refresh', { refreshToken: rotated.refreshToken })).statusCode).toBe(401);
      // And once the session is closed, not even a fresh rotation's grace brings it back.
      await sql`update auth_tokens set rotated_at = now() where rotated_at is not null`.execute(env.database.db);
      expect((await call(env.app, null, 'POST', '/v1/auth/refresh', { refreshToken: login.refreshToken })).statusCode).toBe(401);
      const fresh = (await call(env.app, null, 'POST', '/v1/auth/login', { username: 'arb1', password: 'password-arb1' })).json<{ accessToken: string }>();
      const sess = { token: fresh.accessToken, userId: s.arb1!.userId, role: 'arbitrator' as const };
      expect((await call(env.app, sess, 'POST', '/v1/auth/logout')).statusCode).toBe(200);
      expect((await call(env.app, sess, 'GET', '/v1/me')).statusCode).toBe(401);
    });

    const login = (username: string, password: string, from: string) =>
      env.app.inject({ method: 'POST', url: '/v1/auth/login', remoteAddress: from, payload: { username, password } });
    type AuditRow = { actor: string | null } & Record<string, unknown>;
    const audits = async (action: string): Promise<AuditRow[]> =>
      (await env.database.db.selectFrom('audit_log').select(['actor_id', 'after']).where('action', '=', action).orderBy('id').execute()).map((r) => ({
        ...(r.after as Record<string, unknown>),
        actor: r.actor_id,
      }));

    it('refresh grace: the same pair at most once; a third use, or a use after the successor moved on, closes the session', async () => {
      await seedUsers(env.app, ['graceful']);
      const first = (await login('graceful', 'password-graceful', '10.1.0.1')).json<{ accessToken: string; refreshToken: string }>();
      const rotate = (token: string) => call(env.app, null, 'POST', '/v1/auth/refresh', { refreshToken: token });
      const next = (await rotate(first.refreshToken)).json<{ accessToken: string; refreshToken: string }>();
      const again = await rotate(first.refreshToken);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ accessToken: next.accessToken, refreshToken: next.refreshToken });
      // Third use of the spent token, still inside 30 s: theft; the session and its live pair are gone.
      expect((await rotate(first.refreshToken)).statusCode).toBe(401);
      expect((await rotate(next.refreshToken)).statusCode).toBe(401);
      expect((await call(env.app, { token: next.accessToken, userId: '', role: 'arbitrator' }, 'GET', '/v1/me')).statusCode).toBe(401);

      // R1 → R2, then R2 → R3: R1 replayed inside the window must not start a second chain.
      const a = (await login('graceful', 'password-graceful', '10.1.0.1')).json<{ refreshToken: string }>();
      const b = (await rotate(a.refreshToken)).json<{ refreshToken: string }>();
      const c = (await rotate(b.refreshToken)).json<{ accessToken: string; refreshToken: string }>();
      expect((await rotate(a.refreshToken)).statusCode).toBe(401);
      expect((await rotate(c.refreshToken)).statusCode).toBe(401);
      // An expired spent token gets nothing either, even inside the window.
      const d = (await login('graceful', 'password-graceful', '10.1.0.1')).json<{ refreshToken: string }>();
      await rotate(d.refreshToken);
      await env.database.db.updateTable('auth_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('rotated_at', 'is not', null).where('grace_used', '=', false).execute();
      expect((await rotate(d.refreshToken)).statusCode).toBe(401);
      const theft = await audits('auth.refresh_reuse');
      expect(theft.length).toBeGreaterThanOrEqual(3);
      expect(theft[0]).toMatchObject({ actor: null, verdict: 'session revoked' });
    });

    it('login is throttled per account (backoff, Retry-After) and per address, for known and unknown names alike', async () => {
      await seedUsers(env.app, ['target']);
      // 60 wrong passwords from 60 addresses (the per-address limit never trips), then the right one.
      const answers: number[] = [];
      for (let i = 0; i < 60; i++) answers.push((await login('target', `wrong-${i}`, `10.2.0.${i}`)).statusCode);
      expect(answers.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(answers.filter((x) => x === 429).length).toBeGreaterThan(50);
      const right = await login('target', 'password-target', '10.2.1.1');
      expect(right.statusCode).toBe(429);
      expect(right.json()).toMatchObject({ error: { code: 'rate_limited' } });
      expect(Number(right.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // Only the first attempts ever reached the password check.
      const checked = (await audits('auth.login_failed')).filter((a) => a.username === 'target' && a.reason === 'wrong_password');
      expect(checked.length).toBeLessThanOrEqual(6);
      // An unknown name answers the same way: throttling does not tell which accounts exist.
      const ghost: number[] = [];
      for (let i = 0; i < 8; i++) ghost.push((await login('no-such-user', `x${i}`, `10.3.0.${i}`)).statusCode);
      expect(ghost.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(ghost.slice(5)).toContain(429);
      // 200 guesses at once against one account from one address: a handful checked, the rest refused.
      await seedUsers(env.app, ['burst']);
      const burst = await Promise.all(Array.from({ length: 200 }, (_, i) => login('burst', `guess-${i}`, '10.4.0.1')));
      const codes = burst.map((r) => r.statusCode);
      expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(5);
      expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(195);
      for (const r of burst.filter((x) => x.statusCode === 429)) expect(r.headers['retry-after']).toBeDefined();
      // One address spraying many names: past 50 attempts it backs off, and past 60 a minute it is cut
      // off before the route runs at all.
      const spray: number[] = [];
      for (let i = 0; i < 62; i++) spray.push((await login(`spray-${i}`, 'x', '10.6.0.1')).statusCode);
      expect(spray.slice(0, 50).every((c) => c === 401)).toBe(true);
      expect(spray.slice(51)).not.toContain(401);
      const cut = await login('spray-last', 'x', '10.6.0.1');
      expect(cut.statusCode).toBe(429);
      expect(cut.json()).toMatchObject({ error: { code: 'rate_limited' } });
      expect(Number(cut.headers['retry-after'])).toBeGreaterThan(0);
      // After the backoff, the right password works and clears the account's count.
      await env.database.db.updateTable('login_throttle').set({ last_attempt_at: new Date(Date.now() - 3_700_000) }).where('key', '=', 'u:target').execute();
      expect((await login('target', 'password-target', '10.2.1.2')).statusCode).toBe(200);
      expect(await env.database.db.selectFrom('login_throttle').select('key').where('key', '=', 'u:target').executeTakeFirst()).toBeUndefined();
    });

    it('accounts can be disabled, re-enabled and given a new password by an admin; every step and every sign-in is audited', async () => {
      const u = (await seedUsers(env.app, ['lifecycle'])).lifecycle!;
      const admin = s.admin!;
      expect((await call(env.app, admin, 'POST', `/v1/admin/users/${u.userId}/disable`)).statusCode).toBe(200);
      expect((await call(env.app, u, 'GET', '/v1/me')).statusCode).toBe(401);
      const refused = await login('lifecycle', 'password-lifecycle', '10.5.0.1');
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
      expect((await call(env.app, admin, 'POST', `/v1/admin/users/${admin.userId}/disable`)).statusCode).toBe(400);
      expect((await call(env.app, admin, 'POST', '/v1/admin/users/nobody/disable')).statusCode).toBe(404);
      expect((await call(env.app, admin, 'POST', `/v1/admin/users/${u.userId}/enable`)).statusCode).toBe(200);
      const back = await login('lifecycle', 'password-lifecycle', '10.5.0.1');
      expect(back.statusCode).toBe(200);
      const session = { token: back.json<{ accessToken: string }>().accessToken, userId: u.userId, role: 'arbitrator' as const };
      expect((await call(env.app, admin, 'POST', `/v1/admin/users/${u.userId}/password`, { password: 'short' })).statusCode).toBe(400);
      expect((await call(env.app, admin, 'POST', `/v1/admin/users/${u.userId}/password`, { password: 'a-new-password' })).statusCode).toBe(200);
      expect((await call(env.app, session, 'GET', '/v1/me')).statusCode).toBe(401);
      expect((await login('lifecycle', 'password-lifecycle', '10.5.0.1')).statusCode).toBe(401);
      const fresh = await login('lifecycle', 'a-new-password', '10.5.0.1');
      expect(fresh.statusCode).toBe(200);
      expect((await call(env.app, { ...session, token: fresh.json<{ accessToken: string }>().accessToken }, 'POST', '/v1/auth/logout')).statusCode).toBe(200);

      const mine = async (action: string) => (await audits(action)).filter((a) => a.userId === u.userId || a.actor === u.userId || a.username === 'lifecycle');
      expect((await mine('user.disable')).map((a) => a.actor)).toEqual([admin.userId]);
      expect((await mine('user.enable')).map((a) => a.actor)).toEqual([admin.userId]);
      expect(await mine('user.password_reset')).toHaveLength(1);
      expect(JSON.stringify(await mine('user.password_reset'))).not.toContain('a-new-password');
      expect((await mine('auth.login_failed')).map((a) => a.reason)).toEqual(['disabled', 'wrong_password']);
      expect((await mine('auth.login')).map((a) => a.source)).toEqual(['127.0.0.1', '10.5.0.1', '10.5.0.1']);
      expect(await mine('auth.logout')).toHaveLength(1);
    });

    it('import: JSON and NDJSON, per-item results, idempotent by externalId, changes recorded', async () => {
      const a = ext();
      const r = await call(env.app, s.admin!, 'POST', '/v1/import', [bundle(a), { case: { externalId: 'BROKEN' } }]);
      const body = r.json<{ summary: Record<string, number>; results: Array<{ status: string; issues?: Array<{ path: string }> }> }>();
      expect(body.summary).toMatchObject({ received: 2, created: 1, invalid: 1 });
      expect(body.results[1]!.issues!.length).toBeGreaterThan(0);
      // NDJSON, larger than one batch, with a bad line in the middle.
      const lines = Array.from({ length: 300 }, () => JSON.stringify(bundle(ext())));
      lines.splice(150, 0, '{not json');
      const nd = await env.app.inject({ method: 'POST', url: '/v1/import', headers: { authorization: `Bearer ${s.admin!.token}`, 'content-type': 'application/x-ndjson' }, payload: lines.join('\n') });
      expect(nd.statusCode).toBe(200);
      const out = nd.body.trim().split('\n').map((l) => JSON.parse(l) as { status?: string; summary?: Record<string, number> });
      expect(out).toHaveLength(302);
      expect(out.at(-1)!.summary).toMatchObject({ received: 301, created: 300, invalid: 1 });
      expect(out[150]!.status).toBe('invalid');
      // Re-import: identical → unchanged; changed evidence → updated, version bumped, change recorded.
      expect((await importOne(bundle(a))).status).toBe('unchanged');
      const changed = bundle(a);
      changed.case.complaintText = 'more detail';
      const up = await importOne(changed);
      expect(up.status).toBe('updated');
      const row = await env.database.db.selectFrom('cases').select(['evidence_version']).where('id', '=', up.caseId).executeTakeFirstOrThrow();
      expect(row.evidence_version).toBe(2);
      const ch = await env.database.db.selectFrom('changes').select('type').where('case_id', '=', up.caseId).execute();
      expect(ch.map((c) => c.type)).toEqual(['imported', 'evidence_added']);
    });

    it('claims: priority, then dueAt; leases, heartbeat, release, offline cap', async () => {
      // Clear the queue so ordering is observable.
      await sql`update cases set status = 'closed' where status = 'queued'`.execute(env.database.db);
      const lo = await importOne(bundle(ext(), { priority: 'low' }));
      const late = await importOne(bundle(ext(), { priority: 'high', dueAt: '2026-03-20T10:00:00+08:00' }));
      const soon = await importOne(bundle(ext(), { priority: 'high', dueAt: '2026-03-13T10:00:00+08:00' }));
      const got = (await call(env.app, s.arb1!, 'POST', '/v1/claims', { count: 3 })).json<{ cases: CaseView[] }>().cases.map((c) => c.id);
      expect(got).toEqual([soon.caseId, late.caseId, lo.caseId]);
      const hbr = await call(env.app, s.arb1!, 'POST', '/v1/claims/heartbeat', { caseIds: [soon.caseId, 'nope'] });
      expect(hbr.statusCode, hbr.body).toBe(200);
      const hb = hbr.json<{ renewed: unknown[]; lost: Array<{ reason: string }> }>();
      expect(hb.renewed).toHaveLength(1);
      expect(hb.lost[0]!.reason).toBe('not_found');
      const hb2 = (await call(env.app, s.arb2!, 'POST', '/v1/claims/heartbeat', { caseIds: [soon.caseId] })).json<{ lost: Array<{ reason: string }> }>();
      expect(hb2.lost[0]!.reason).toBe('claimed_by_other');
      const rel = (await call(env.app, s.arb1!, 'POST', '/v1/claims/release', { caseIds: [lo.caseId, late.caseId, soon.caseId] })).json<{ released: string[] }>();
      expect(rel.released.sort()).toEqual([lo.caseId, late.caseId, soon.caseId].sort());
      // Offline checkout: capped by policy.
      const max = DEFAULT_POLICY.leases.offlineMaxCases;
      await call(env.app, s.admin!, 'POST', '/v1/import', Array.from({ length: max + 2 }, () => bundle(ext())));
      const off = (await call(env.app, s.arb2!, 'POST', '/v1/claims', { count: 200, mode: 'offline' })).json<{ cases: CaseView[] }>().cases;
      expect(off).toHaveLength(max);
      expect(off.every((c) => c.claim?.offline && Date.parse(c.claim.leaseExpiresAt) > Date.now() + DEFAULT_POLICY.leases.normalMinutes * 60_000)).toBe(true);
      expect((await call(env.app, s.arb2!, 'POST', '/v1/claims', { count: 5, mode: 'offline' })).json<{ cases: CaseView[] }>().cases).toHaveLength(0);
      await call(env.app, s.arb2!, 'POST', '/v1/claims/release', { caseIds: off.map((c) => c.id) });
      // Admins do not claim; arbitrators cannot take the supervisors' queue.
      expect((await call(env.app, s.admin!, 'POST', '/v1/claims', { count: 1 })).statusCode).toBe(403);
      const esc = await call(env.app, s.arb1!, 'POST', '/v1/claims', { count: 1, queue: 'escalations' });
      expect(esc.statusCode).toBe(403);
      expect(esc.json()).toMatchObject({ error: { field: 'queue' } });
    });

    it('push: applied, replay, rejected, and every case-aware conflict', async () => {
      const c1 = await claimSpecific(s.arb1!, (await importOne(bundle(ext()))).caseId);
      const [ok] = await push(s.arb1!, [decide(s.arb1!, c1, 'p-ok')]);
      expect(ok).toMatchObject({ status: 'applied' });
      const [again] = await push(s.arb1!, [decide(s.arb1!, c1, 'p-ok')]);
      expect(again).toEqual(ok);
      const [dup] = await push(s.arb1!, [decide(s.arb1!, c1, 'p-other')]);
      expect(dup).toMatchObject({ status: 'conflict', reason: 'already_decided' });

      // Invalid decision: rejected with the field named, and a later mutation still runs.
      const c2 = await claimSpecific(s.arb1!, (await importOne(bundle(ext()))).caseId);
      const bad = decide(s.arb1!, c2, 'p-bad');
      (bad.decision as { reasonCodes: string[] }).reasonCodes = ['NOT_A_CODE'];
      const [rej, note] = await push(s.arb1!, [bad, { clientId: 'p-note', type: 'add_note', caseId: c2.id, text: '看过了' }]);
      expect(rej).toMatchObject({ status: 'rejected', reason: 'invalid_decision' });
      expect(note).toMatchObject({ status: 'applied' });

      // Withdrawn while offline.
      const b3 = bundle(ext());
      const c3 = await claimSpecific(s.arb1!, (await importOne(b3)).caseId);
      expect((await call(env.app, s.admin!, 'POST', `/v1/platform/cases/${b3.case.externalId}/withdraw`, { reason: 'buyer withdrew' })).json()).toMatchObject({ status: 'withdrawn' });
      expect((await push(s.arb1!, [decide(s.arb1!, c3, 'p-w')]))[0]).toMatchObject({ status: 'conflict', reason: 'withdrawn' });
      // The withdrawal reached the holder through pull.
      const seen = (await call(env.app, s.arb1!, 'GET', '/v1/sync/pull?limit=1000')).json<PullResponse>().changes.find((x) => x.caseId === c3.id);
      expect(seen).toMatchObject({ access: 'visible', types: expect.arrayContaining(['withdrawn']) as unknown, case: { status: 'withdrawn' } });

      // Expired lease, nobody else claimed: accepted.
      const c4 = await claimSpecific(s.arb1!, (await importOne(bundle(ext()))).caseId);
      await expireLease(c4.id);
      expect((await push(s.arb1!, [decide(s.arb1!, c4, 'p-exp', { leaseEpoch: c4.claim!.epoch })]))[0]).toMatchObject({ status: 'applied' });

      // Expired lease, someone else claimed meanwhile: conflict; their pull shows it revoked for us.
      const c5 = await claimSpecific(s.arb1!, (await importOne(bundle(ext()))).caseId);
      await expireLease(c5.id);
      await claimSpecific(s.arb2!, c5.id);
      const [lost] = await push(s.arb1!, [decide(s.arb1!, c5, 'p-lost', { leaseEpoch: c5.claim!.epoch })]);
      // The conflict says the case is held by someone else, never whom (that id was a leak).
      expect(lost).toMatchObject({ status: 'conflict', reason: 'claimed_by_other', details: { heldBy: null, decidedBy: null } });
      expect(JSON.stringify(lost)).not.toContain(s.arb2!.userId);

      // New evidence arrived after the arbitrator looked.
      const b6 = bundle(ext());
      const c6 = await claimSpecific(s.arb1!, (await importOne(b6)).caseId);
      const ev = await call(env.app, s.admin!, 'POST', `/v1/platform/cases/${b6.case.externalId}/evidence`, { calls: [] , media: [] });
      expect(ev.statusCode, ev.body).toBe(200);
      expect((await push(s.arb1!, [decide(s.arb1!, c6, 'p-ev', { evidenceVersion: c6.evidenceVersion })]))[0]).toMatchObject({ status: 'conflict', reason: 'new_evidence' });

      // A rejection and a conflict are stored like an application: replayed after the case changed so
      // that the same mutation would now apply, each answers exactly as it did the first time.
      const c9 = (await importOne(bundle(ext()))).caseId;
      const early = { clientId: 'p-early', type: 'escalate', caseId: c9, reason: 'not mine yet' };
      const [notHeld] = await push(s.arb1!, [early]);
      expect(notHeld).toMatchObject({ status: 'rejected', reason: 'not_holder' });
      const c10 = await claimSpecific(s.arb2!, (await importOne(bundle(ext()))).caseId);
      const grab = decide(s.arb1!, c10, 'p-grab');
      const [taken] = await push(s.arb1!, [grab]);
      expect(taken).toMatchObject({ status: 'conflict', reason: 'claimed_by_other' });
      await claimSpecific(s.arb1!, c9);
      await push(s.arb2!, [{ clientId: 'p-hand-back', type: 'release', caseId: c10.id }]);
      await claimSpecific(s.arb1!, c10.id);
      expect(await push(s.arb1!, [early, grab])).toEqual([notHeld, taken]);
      const views = await Promise.all([c9, c10.id].map(async (id) => (await call(env.app, s.arb1!, 'GET', `/v1/cases/${id}`)).json<CaseView>()));
      expect(views.map((v) => [v.status, v.decision])).toEqual([
        ['claimed', null],
        ['claimed', null],
      ]);
      // An invalid item is answered on its own and stored too; the valid one beside it applies.
      const c11 = await claimSpecific(s.arb1!, (await importOne(bundle(ext()))).caseId);
      const malformed = { clientId: 'p-malformed', type: 'decide', caseId: c11.id, decision: { verdict: 'maybe' } };
      const [bad2, fine] = await push(s.arb1!, [malformed, { clientId: 'p-fine', type: 'add_note', caseId: c11.id, text: 'ok' }]);
      expect(bad2).toMatchObject({ clientId: 'p-malformed', status: 'rejected', reason: 'invalid_request', issues: expect.arrayContaining([expect.objectContaining({ path: 'decision.verdict' })]) as unknown });
      expect(fine).toMatchObject({ status: 'applied' });
      const [replayed] = await push(s.arb1!, [decide(s.arb1!, c11, 'p-malformed')]);
      expect(replayed).toEqual(bad2);

      // First-time duplicates racing each other: one applies, all answer the same, one note exists.
      const c8 = await claimSpecific(s.arb1!, (await importOne(bundle(ext()))).caseId);
      const race = await Promise.all(Array.from({ length: 6 }, () => push(s.arb1!, [{ clientId: 'p-race', type: 'add_note', caseId: c8.id, text: 'once' }, decide(s.arb1!, c8, 'p-race-d')])));
      for (const r of race) expect(r).toEqual(race[0]);
      expect(race[0]!.map((r) => r.status)).toEqual(['applied', 'applied']);
      const notes = await env.database.db.selectFrom('case_notes').select('text').where('case_id', '=', c8.id).execute();
      expect(notes).toHaveLength(1);

      // Not holding it at all.
      const c7 = (await importOne(bundle(ext()))).caseId;
      expect((await push(s.arb2!, [{ clientId: 'p-nh', type: 'release', caseId: c7 }]))[0]).toMatchObject({ status: 'rejected', reason: 'not_holder' });
      expect((await push(s.arb2!, [{ clientId: 'p-nf', type: 'release', caseId: 'missing' }]))[0]).toMatchObject({ status: 'rejected', reason: 'not_found' });
    });

    it('request evidence, escalate to supervisors, notes', async () => {
      const c = await claimSpecific(s.arb1!, (await importOne(bundle(ext()))).caseId);
      const [r] = await push(s.arb1!, [{ clientId: 'e-req', type: 'request_evidence', caseId: c.id, from: 'respondent', request: '请提供发货凭证', dueAt: '2030-01-01T00:00:00Z' }]);
      expect(r).toMatchObject({ status: 'applied' });
      const view = (await call(env.app, s.arb1!, 'GET', `/v1/cases/${c.id}`)).json<CaseView>();
      expect(view.status).toBe('awaiting_evidence');
      expect(view.notes[0]!.text).toContain('请提供发货凭证');
      const feed = (await call(env.app, s.admin!, 'GET', '/v1/events?limit=1000')).json<{ events: Array<{ caseId: string; type: string; evidenceRequest: unknown }> }>();
      expect(feed.events.find((e) => e.caseId === c.id)).toMatchObject({ type: 'evidence_requested', evidenceRequest: { from: 'respondent', request: '请提供发货凭证' } });
      const c2 = await claimSpecific(s.arb1!, (await importOne(bundle(ext()))).caseId);
      expect((await push(s.arb1!, [{ clientId: 'e-esc', type: 'escalate', caseId: c2.id, reason: 'unclear' }]))[0]).toMatchObject({ status: 'applied' });
      const sup = (await call(env.app, s.sup1!, 'POST', '/v1/claims', { count: 1, queue: 'escalations' })).json<{ cases: CaseView[] }>().cases;
      expect(sup.map((x) => x.id)).toEqual([c2.id]);
      expect((await push(s.sup1!, [decide(s.sup1!, sup[0]!, 'e-sup')]))[0]).toMatchObject({ status: 'applied' });
    });

    it('an evidence request carries party, categories, text and the business-day deadline to the case and the event feed; escalations need a category', async () => {
      const c = await claimSpecific(s.arb1!, (await importOne(bundle(ext()))).caseId);
      const before = Date.now();
      const text = '请商家于规定时间前补充以下材料：发货物流底单、完整聊天记录。';
      const [r] = await push(s.arb1!, [
        { clientId: 'rq-full', type: 'request_evidence', caseId: c.id, from: 'respondent', categories: ['outbound_waybill', 'chat_record'], request: text },
      ]);
      expect(r).toMatchObject({ status: 'applied' });
      const due = businessDeadline(before, DEFAULT_POLICY.sla.merchantAnswerBusinessDays).toISOString();
      const view = (await call(env.app, s.arb1!, 'GET', `/v1/cases/${c.id}`)).json<CaseView>();
      expect(view.evidenceRequest).toEqual({ from: 'respondent', categories: ['outbound_waybill', 'chat_record'], request: text, dueAt: due });
      expect(Date.parse(view.evidenceDueAt ?? '')).toBe(Date.parse(due));
      const feed = (await call(env.app, s.admin!, 'GET', '/v1/events?limit=1000')).json<EventsResponse>();
      expect(EventsResponseSchema.safeParse(feed).success).toBe(true);
      expect(feed.events.find((e) => e.caseId === c.id)?.evidenceRequest).toEqual({ from: 'respondent', categories: ['outbound_waybill', 'chat_record'], request: text, dueAt: due });

      // An old client's request (no categories) still applies, and the feed says it named none.
      const old = await claimSpecific(s.arb1!, (await importOne(bundle(ext()))).caseId);
      expect((await push(s.arb1!, [{ clientId: 'rq-old', type: 'request_evidence', caseId: old.id, from: 'both', request: '请补充开箱视频' }]))[0]).toMatchObject({ status: 'applied' });
      const feed2 = (await call(env.app, s.admin!, 'GET', '/v1/events?limit=1000')).json<EventsResponse>();
      expect(feed2.events.find((e) => e.caseId === old.id)?.evidenceRequest).toMatchObject({ from: 'both', categories: [] });
      // A category the platform does not know is refused, naming the field.
      const bad = await push(s.arb1!, [{ clientId: 'rq-bad', type: 'request_evidence', caseId: old.id, from: 'both', categories: ['selfie'], request: 'x' }]);
      expect(bad[0]).toMatchObject({ status: 'rejected', reason: 'invalid_request' });
      expect(JSON.stringify(bad[0])).toContain('categories');

      // Escalations: "other" needs words; a category alone is enough; an old client's words count as "other".
      const e1 = await claimSpecific(s.arb1!, (await importOne(bundle(ext()))).caseId);
      expect((await push(s.arb1!, [{ clientId: 'es-empty', type: 'escalate', caseId: e1.id, category: 'other', reason: ' ' }]))[0]).toMatchObject({
        status: 'rejected',
        reason: 'invalid_request',
        issues: [{ path: 'reason', code: 'escalation_text_required' }],
      });
      expect((await push(s.arb1!, [{ clientId: 'es-cat', type: 'escalate', caseId: e1.id, category: 'policy_unclear' }]))[0]).toMatchObject({ status: 'applied' });
      const e2 = await claimSpecific(s.arb1!, (await importOne(bundle(ext()))).caseId);
      expect((await push(s.arb1!, [{ clientId: 'es-old', type: 'escalate', caseId: e2.id, reason: '看不懂' }]))[0]).toMatchObject({ status: 'applied' });
      const notes = await env.database.db.selectFrom('case_notes').select(['case_id', 'text']).where('case_id', 'in', [e1.id, e2.id]).execute();
      expect(notes.find((n) => n.case_id === e1.id)?.text).toBe('[escalated: policy_unclear]');
      expect(notes.find((n) => n.case_id === e2.id)?.text).toBe('[escalated: other] 看不懂');
    });

    it('pull: scoped to the holder, paged, revoked entries, commit-safe cursor', async () => {
      const c = await claimSpecific(s.arb1!, (await importOne(bundle(ext()))).caseId);
      const all: PullResponse['changes'] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 1000; i++) {
        const page = (await call(env.app, s.arb1!, 'GET', `/v1/sync/pull?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json<PullResponse>();
        all.push(...page.changes);
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      expect(all.some((x) => x.caseId === c.id && x.access === 'visible')).toBe(true);
      const other = (await call(env.app, s.arb2!, 'GET', '/v1/sync/pull?limit=1000')).json<PullResponse>();
      expect(other.changes.some((x) => x.caseId === c.id)).toBe(false);
      // Not held answers like not found: the status must not tell an arbitrator which case ids exist.
      const notHeld = await call(env.app, s.arb2!, 'GET', `/v1/cases/${c.id}`);
      const missing = await call(env.app, s.arb2!, 'GET', '/v1/cases/no-such-case');
      expect(notHeld.statusCode).toBe(404);
      expect([notHeld.json<{ error: { code: string } }>().error.code, missing.statusCode]).toEqual(['not_found', 404]);
      await expireLease(c.id);
      await claimSpecific(s.arb2!, c.id);
      const after = (await call(env.app, s.arb1!, 'GET', `/v1/sync/pull?cursor=${cursor}`)).json<PullResponse>();
      expect(after.changes.find((x) => x.caseId === c.id)).toMatchObject({ access: 'revoked', reason: 'claimed_by_other' });
      // Supervisors see everything.
      const sup = (await call(env.app, s.sup1!, 'GET', '/v1/sync/pull?limit=1000')).json<PullResponse>();
      expect(sup.changes.length).toBeGreaterThan(0);
      // A cursor from a transaction this database has not reached (another server's, a restored
      // copy's) is refused rather than answered "nothing new", which would hide every change.
      const txid = Number(cursor!.split('.')[0]);
      const ahead = await call(env.app, s.arb1!, 'GET', `/v1/sync/pull?cursor=${txid + 1_000_000}.1`);
      expect(ahead.statusCode).toBe(409);
      expect(ahead.json()).toMatchObject({ error: { code: 'conflict', field: 'cursor' } });
      expect((await call(env.app, s.arb1!, 'GET', `/v1/sync/pull?cursor=${cursor}`)).statusCode).toBe(200);
    });

    it('platform: serious-kind withdrawal, appeal to a different arbitrator, event feed', async () => {
      const serious = bundle(ext(), { kind: 'counterfeit' });
      const sc = await importOne(serious);
      const w = await call(env.app, s.admin!, 'POST', `/v1/platform/cases/${serious.case.externalId}/withdraw`, {});
      expect(w.json()).toMatchObject({ status: 'withdrawn_penalty_retained' });
      // The penalty review still needs a decision.
      const c = await claimSpecific(s.arb1!, sc.caseId);
      expect((await push(s.arb1!, [decide(s.arb1!, c, 'w-pen')]))[0]).toMatchObject({ status: 'applied' });
      expect((await call(env.app, s.admin!, 'POST', `/v1/platform/cases/${serious.case.externalId}/withdraw`, {})).statusCode).toBe(409);

      const ap = await call(env.app, s.admin!, 'POST', `/v1/platform/cases/${serious.case.externalId}/appeal`, { byId: 'm1', reason: '不服' });
      expect(ap.json()).toMatchObject({ status: 'appealed' });
      // Past the appeal window a decided case closes and can no longer be appealed.
      const other = bundle(ext());
      const oc = await claimSpecific(s.arb1!, (await importOne(other)).caseId);
      await push(s.arb1!, [decide(s.arb1!, oc, 'w-old')]);
      await sql`update cases set decided_at = now() - interval '400 days' where id = ${oc.id}`.execute(env.database.db);
      await env.app.gavel.sweep();
      expect((await call(env.app, s.arb1!, 'GET', `/v1/cases/${oc.id}`)).json()).toMatchObject({ status: 'closed' });
      expect((await call(env.app, s.admin!, 'POST', `/v1/platform/cases/${other.case.externalId}/appeal`, { byId: 'm1', reason: 'late' })).statusCode).toBe(409);
      await env.database.db.updateTable('cases').set({ priority: 9 }).where('id', '=', c.id).execute();
      const mine = (await call(env.app, s.arb1!, 'POST', '/v1/claims', { count: 1, queue: 'appeals' })).json<{ cases: CaseView[] }>().cases;
      expect(mine.map((x) => x.id)).not.toContain(c.id);
      const theirs = (await call(env.app, s.arb2!, 'POST', '/v1/claims', { count: 1, queue: 'appeals' })).json<{ cases: CaseView[] }>().cases;
      expect(theirs.map((x) => x.id)).toEqual([c.id]);
      expect((await push(s.arb2!, [decide(s.arb2!, theirs[0]!, 'w-re')]))[0]).toMatchObject({ status: 'applied' });

      const feed = (await call(env.app, s.admin!, 'GET', '/v1/events?limit=1000')).json<{ events: Array<{ caseId: string; type: string; decision: { decidedBy: string } | null }> }>();
      const mineEv = feed.events.filter((e) => e.caseId === c.id).map((e) => [e.type, e.decision?.decidedBy ?? null]);
      expect(mineEv).toEqual([
        ['withdrawn', null],
        ['decided', s.arb1!.userId],
        ['appealed', null],
        ['decided', s.arb2!.userId],
      ]);
      const qa = await call(env.app, s.sup1!, 'GET', '/v1/qa/sample?size=5');
      expect(qa.statusCode).toBe(200);
      expect(qa.json<{ cases: unknown[] }>().cases.length).toBeGreaterThan(0);
    });

    it('audit: what someone with the database but not the key tries is detected (recomputed chain, forged or copied rows, edits before sealing, truncation against a checkpoint)', async () => {
      const db = env.database.db;
      await env.app.gavel.seal();
      expect((await verifyAudit(db)).problems).toEqual([]);
      // A checkpoint, exported by an admin and kept away from the database.
      const cpRes = await call(env.app, s.admin!, 'GET', '/v1/admin/audit/checkpoint');
      expect(cpRes.statusCode, cpRes.body).toBe(200);
      const checkpoint = AuditCheckpointSchema.parse(cpRes.json());
      expect((await call(env.app, s.sup1!, 'GET', '/v1/admin/audit/checkpoint')).statusCode).toBe(403);
      expect((await verifyAudit(db, { checkpoint })).problems).toEqual([]);
      expect((await verifyAudit(db, { checkpoint: { ...checkpoint, pos: checkpoint.pos - 1 } })).problems.some((p) => /not signed/.test(p.problem))).toBe(true);

      // 1. A row inserted straight into the table, with no writer tag, for the sealer to chain.
      const [real] = await sql<{ id: number; writer: string; txid: string }>`select id, writer, txid::text as txid from audit_log where writer is not null order by id desc limit 1`.execute(db).then((r) => r.rows);
      await sql`insert into audit_log (actor_id, action, case_id, before, after) values (null, 'case.decide', 'x', null, '{"forged":1}'::jsonb)`.execute(db);
      // 2. One that copies a real row's writer tag, its own transaction id set as the writer's would be;
      // 2b. and one that copies the real row's transaction id too.
      await sql`insert into audit_log (actor_id, action, case_id, before, after, writer) values (null, 'case.decide', 'y', null, '{"forged":2}'::jsonb, ${real!.writer})`.execute(db);
      await sql`insert into audit_log (actor_id, action, case_id, before, after, writer, txid) values (null, 'case.decide', 'z', null, '{"forged":3}'::jsonb, ${real!.writer}, ${real!.txid}::bigint)`.execute(db);
      // 3. A real row written through the service, then edited before the sealer got to it.
      await appendAudit(db, { actorId: s.admin!.userId, action: 'user.revoke_tokens', caseId: null, before: null, after: { userId: 'someone' } });
      await sql`update audit_log set after = '{"userId":"someone-else"}'::jsonb where chain_pos is null and action = 'user.revoke_tokens'`.execute(db);
      await appendAudit(db, { actorId: s.admin!.userId, action: 'user.create', caseId: null, before: null, after: { id: 'fine' } });
      await env.app.gavel.seal();
      const sealedForged = await sql<{ n: number }>`select count(*)::int as n from audit_log where chain_pos is not null and (after->>'forged' is not null or after->>'userId' = 'someone-else')`.execute(db);
      expect(sealedForged.rows[0]!.n).toBe(0);
      const afterForgery = await verifyAudit(db, { checkpoint });
      expect(afterForgery.rejected).toBe(4);
      expect(afterForgery.problems.map((p) => p.problem)).toEqual([
        'kept out of the chain: not written by Gavel: no valid writer tag',
        "kept out of the chain: carries the writer tag of another transaction's row",
        'kept out of the chain: changed after it was written',
        'kept out of the chain: changed after it was written',
      ]);
      await sql`delete from audit_log where rejected is not null`.execute(db);
      expect((await verifyAudit(db, { checkpoint })).problems).toEqual([]);

      // 4. Edit a sealed row and recompute every later hash, with SHA-256 as before and with a guessed key.
      const head = await sql<{ pos: number }>`select pos from audit_head`.execute(db);
      const from = Math.max(1, head.rows[0]!.pos - 5);
      const snapshot = await sql<{ id: number; chain_pos: number; prev_hash: string; hash: string; after: unknown }>`select id, chain_pos, prev_hash, hash, after from audit_log where chain_pos >= ${from} order by chain_pos`.execute(db);
      const hashes = await sql<{ hash: string }>`select hash from audit_log where chain_pos = ${from - 1}`.execute(db);
      let prev = hashes.rows[0]?.hash ?? 'genesis';
      await sql`update audit_log set after = '{"status":"forged"}'::jsonb where chain_pos = ${from}`.execute(db);
      const rows = await sql<{ id: number; at_us: string; actor_id: string | null; action: string; case_id: string | null; before_t: string | null; after_t: string | null; txid: string | null; writer: string | null; chain_pos: number }>`
        select id, (extract(epoch from at) * 1000000)::bigint::text as at_us, actor_id, action, case_id, before::text as before_t, after::text as after_t, txid::text as txid, writer, chain_pos
        from audit_log where chain_pos >= ${from} order by chain_pos`.execute(db);
      for (const r of rows.rows) {
        const h = createHmac('sha256', Buffer.alloc(32, 7)).update(prev).update('\n').update(JSON.stringify([r.id, r.at_us, r.actor_id, r.action, r.case_id, r.before_t, r.after_t, r.txid, r.writer])).update('\n').digest('hex');
        await sql`update audit_log set prev_hash = ${prev}, hash = ${h} where id = ${r.id}`.execute(db);
        prev = h;
      }
      await sql`update audit_head set hash = ${prev}`.execute(db);
      const recomputed = await verifyAudit(db);
      expect(recomputed.ok).toBe(false);
      expect(recomputed.problems.some((p) => p.chainPos === from && /recomputed|modified/.test(p.problem))).toBe(true);
      for (const r of snapshot.rows) await sql`update audit_log set prev_hash = ${r.prev_hash}, hash = ${r.hash}, after = ${JSON.stringify(r.after)}::jsonb where id = ${r.id}`.execute(db);
      await sql`update audit_head set hash = ${snapshot.rows.at(-1)!.hash}`.execute(db);
      expect((await verifyAudit(db, { checkpoint })).problems).toEqual([]);

      // 5. Truncate the tail and rewind the head to match: consistent on its own, caught by the checkpoint.
      const cut = checkpoint.pos - 3;
      const keep = await sql<{ hash: string }>`select hash from audit_log where chain_pos = ${cut}`.execute(db);
      await sql`delete from audit_log where chain_pos > ${cut}`.execute(db);
      await sql`update audit_head set pos = ${cut}, hash = ${keep.rows[0]!.hash}`.execute(db);
      expect((await verifyAudit(db)).problems).toEqual([]);
      const truncated = await verifyAudit(db, { checkpoint });
      expect(truncated.ok).toBe(false);
      expect(truncated.problems.some((p) => /truncated/.test(p.problem))).toBe(true);
    });

    it('audit: chain verifies, and a modified or deleted row is detected', async () => {
      await env.app.gavel.seal();
      const ok = await verifyAudit(env.database.db);
      expect(ok.problems).toEqual([]);
      expect(ok.sealed).toBeGreaterThan(10);
      const db = env.database.db;
      await sql`update audit_log set after = '{"status":"forged"}'::jsonb where chain_pos = 5`.execute(db);
      const mod = await verifyAudit(db);
      expect(mod.ok).toBe(false);
      expect(mod.problems.some((p) => p.chainPos === 5 && /modified/.test(p.problem))).toBe(true);
      await sql`delete from audit_log where chain_pos = 8`.execute(db);
      const del = await verifyAudit(db);
      expect(del.problems.some((p) => p.chainPos === 8 && /deleted|missing/.test(p.problem))).toBe(true);
    });
  });
}
