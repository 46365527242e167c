import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClaimResponseSchema, PullResponseSchema, CaseViewSchema } from '@common/api';
import { bundle, call, decisionFor, makeEnv, seedUsers, type Session, type TestEnv } from '../../testing/serverHarness';

describe('smoke (pglite)', () => {
  let env: TestEnv;
  let s: Record<string, Session>;
  beforeAll(async () => {
    env = await makeEnv('pglite');
    s = await seedUsers(env.app);
  });
  afterAll(async () => env?.close());

  it('imports, claims, decides, pulls', async () => {
    const imp = await call(env.app, s.admin!, 'POST', '/v1/import', [bundle(1), bundle(2, { priority: 'urgent' }), { nope: 1 }]);
    expect(imp.statusCode, imp.body).toBe(200);
    const ib = imp.json<{ summary: { created: number; invalid: number } }>();
    expect(ib.summary).toMatchObject({ created: 2, invalid: 1 });
    const cl = await call(env.app, s.arb1!, 'POST', '/v1/claims', { count: 1 });
    expect(cl.statusCode, cl.body).toBe(200);
    // The database-built JSON must satisfy the wire schemas the app validates with.
    const claimed = ClaimResponseSchema.parse(cl.json());
    const c = claimed.cases[0]!;
    expect(c.bundle.case.status).toBe('claimed');
    expect(CaseViewSchema.parse((await call(env.app, s.arb1!, 'GET', `/v1/cases/${c.id}`)).json()).id).toBe(c.id);
    expect(c.externalId).toBe('EXT-2');
    const push = await call(env.app, s.arb1!, 'POST', '/v1/sync/push', { mutations: [{ clientId: 'm1', type: 'decide', caseId: c.id, decision: decisionFor(c.kind, s.arb1!.userId, 'm1') }] });
    expect(push.statusCode, push.body).toBe(200);
    expect(push.json<{ results: Array<{ status: string }> }>().results[0], push.body).toMatchObject({ status: 'applied' });
    const pull = await call(env.app, s.arb1!, 'GET', '/v1/sync/pull');
    expect(pull.statusCode, pull.body).toBe(200);
    const pb = PullResponseSchema.parse(pull.json());
    const got = pb.changes.find((x) => x.caseId === c.id);
    expect(got?.access === 'visible' && got.case.status).toBe('decided');
    expect(got?.access === 'visible' && got.case.decision?.decidedBy).toBe(s.arb1!.userId);
    const ev = await call(env.app, s.admin!, 'GET', '/v1/events');
    expect(ev.json<{ events: unknown[] }>().events).toHaveLength(1);
    const o = await call(env.app, null, 'GET', '/openapi.json');
    expect(o.statusCode, o.body.slice(0, 500)).toBe(200);
  });
});
