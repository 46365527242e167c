import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@common/api';
import { routeList, type RouteDef } from '@common/api/routes';
import { bundle, call, makeEnv, seedUsers, type Session, type TestEnv } from '../../testing/serverHarness';

/** Raw bytes to the server and the status line of its answer ('' when it closed without one). */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const done = () => resolve(answer.split('\r\n')[0] ?? '');
    socket.setTimeout(3000, () => socket.destroy());
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', done);
    socket.on('close', done);
    socket.end(request);
  });
}

/** Every route × every role (and no token): who gets in, and that bad input is a 4xx naming the field. */
describe('RBAC matrix and malformed input (pglite)', () => {
  let env: TestEnv;
  let s: Record<string, Session>;
  let port = 0;
  const byRole: Partial<Record<Role, Session>> = {};
  beforeAll(async () => {
    env = await makeEnv('pglite');
    s = await seedUsers(env.app, ['arb1', 'sup1', 'admin']);
    byRole.arbitrator = s.arb1;
    byRole.supervisor = s.sup1;
    byRole.admin = s.admin;
    // Listening too, for the raw-socket tests at the end (inject never parses a request line).
    port = Number(new URL(await env.app.listen({ host: '127.0.0.1', port: 0 })).port);
  });
  afterAll(async () => env?.close());

  const urlOf = (r: RouteDef) => r.path.replace(/:(\w+)/g, 'x');
  const passwords: Record<Role, [string, string]> = { arbitrator: ['arb1', 'password-arb1'], supervisor: ['sup1', 'password-sup1'], admin: ['admin', 'password-admin'] };
  /** Logout revokes the session it is called with, so it gets a throwaway one. */
  const sessionFor = async (r: RouteDef, role: Role): Promise<Session> => {
    if (r.path !== '/v1/auth/logout') return byRole[role]!;
    const [username, password] = passwords[role];
    const res = await call(env.app, null, 'POST', '/v1/auth/login', { username, password });
    return { token: res.json<{ accessToken: string }>().accessToken, userId: '', role };
  };

  it('covers every route', () => {
    expect(routeList.length).toBeGreaterThanOrEqual(18);
  });

  it('no token → 401; a role not listed → 403; a listed role gets past auth', async () => {
    const matrix: string[] = [];
    for (const r of routeList) {
      const body = r.method === 'POST' ? (r.streamed ? [] : {}) : undefined;
      const anon = await call(env.app, null, r.method, urlOf(r), body);
      if (r.roles === 'public') expect(anon.statusCode, `${r.path} anon`).not.toBe(401);
      else expect(anon.statusCode, `${r.method} ${r.path} without token`).toBe(401);
      for (const role of ROLES) {
        const res = await call(env.app, await sessionFor(r, role), r.method, urlOf(r), body);
        const allowed = r.roles === 'public' || r.roles.includes(role);
        matrix.push(`${r.method} ${r.path} ${role}: ${res.statusCode}`);
        expect(res.statusCode, `${r.method} ${r.path} as ${role}: ${res.body}`).toBeLessThan(500);
        if (allowed) expect([401, 403], `${r.method} ${r.path} as ${role}: ${res.body}`).not.toContain(res.statusCode);
        else {
          expect(res.statusCode, `${r.method} ${r.path} as ${role}`).toBe(403);
          expect(res.json()).toMatchObject({ error: { code: 'forbidden' } });
        }
      }
    }
    expect(matrix.length).toBe(routeList.length * ROLES.length);
  });

  it('invalid JSON and wrong shapes on every body route → 4xx naming the field, never 5xx', async () => {
    for (const r of routeList.filter((x) => x.method === 'POST')) {
      const role = r.roles === 'public' ? 'admin' : r.roles[r.roles.length - 1]!;
      const sess = byRole[role]!;
      const raw = await env.app.inject({ method: 'POST', url: urlOf(r), headers: { authorization: `Bearer ${sess.token}`, 'content-type': 'application/json' }, payload: '{"oops":' });
      expect(raw.statusCode, `${r.path} invalid JSON`).toBeGreaterThanOrEqual(400);
      expect(raw.statusCode).toBeLessThan(500);
      expect(raw.json<{ error: { field?: string } }>().error.field, `${r.path}: ${raw.body}`).toBeTruthy();
      if (!r.body || r.streamed) continue;
      for (const bad of [42, 'text', [], null, {}, { mutations: [{ type: 'decide' }] }, { caseIds: ['a', 7] }, { count: 'many' }]) {
        const res = await call(env.app, sess, 'POST', urlOf(r), bad);
        if (res.statusCode < 300) continue; // some shapes are valid for some routes ({} for withdraw)
        expect(res.statusCode, `${r.path} ${JSON.stringify(bad)}: ${res.body}`).toBeLessThan(500);
        expect(res.json<{ error: { field?: string } }>().error.field, `${r.path} ${JSON.stringify(bad)}: ${res.body}`).toBeTruthy();
      }
    }
  });

  it('random bodies (fast-check) never produce a 5xx; 4xx always carries a field', async () => {
    const bodyRoutes = routeList.filter((x) => x.method === 'POST' && x.body && !x.streamed && x.path !== '/v1/auth/logout');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bodyRoutes), fc.jsonValue({ maxDepth: 3 }), async (r, body) => {
        const role = r.roles === 'public' ? 'admin' : r.roles[r.roles.length - 1]!;
        const res = await call(env.app, byRole[role]!, 'POST', urlOf(r), body);
        if (res.statusCode >= 500) return false;
        if (res.statusCode >= 400 && ![401, 403, 404, 409].includes(res.statusCode)) return typeof res.json<{ error: { field?: string } }>().error.field === 'string';
        return true;
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  it("the router's own refusals (over-long path parameter, malformed %-escape) use the error shape with the field", async () => {
    // Found by the chaos fuzzer: Fastify answered these in its own {error, code, statusCode} shape.
    const long = await call(env.app, s.admin!, 'GET', `/v1/cases/${'x'.repeat(500)}`);
    expect(long.statusCode).toBe(414);
    expect(long.json()).toMatchObject({ error: { code: 'invalid_query', field: '(path)' } });
    const bad = await call(env.app, s.admin!, 'GET', '/v1/cases/%E0%A4%A');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_query', field: '(path)' } });
  });

  it('a NUL character or a lone surrogate anywhere (path, query, body) is a 400 naming the field, not a database 500', async () => {
    // Found by the chaos fuzzer: PostgreSQL text cannot hold U+0000 and the query failed with a 500.
    const a = s.admin!;
    const path = await call(env.app, a, 'GET', '/v1/cases/a%00b');
    expect(path.statusCode).toBe(400);
    expect(path.json()).toMatchObject({ error: { code: 'invalid_query', field: 'caseId' } });
    const query = await call(env.app, a, 'GET', '/v1/qa/sample?arbitratorId=a%00b');
    expect([400, 403]).toContain(query.statusCode);
    const body = await call(env.app, s.arb1!, 'POST', '/v1/claims/heartbeat', { caseIds: ['ok', 'a\u0000b'] });
    expect(body.statusCode).toBe(400);
    expect(body.json()).toMatchObject({ error: { code: 'invalid_body', field: 'caseIds[1]' } });
    // Same for a lone surrogate (valid JSON, not valid UTF-8): found at run 9361 of 10k on sync/push.
    // A push answers each mutation on its own, so the bad one is rejected naming its field.
    const push = await call(env.app, s.arb1!, 'POST', '/v1/sync/push', { mutations: [{ clientId: 'm1', type: 'escalate', caseId: '\ud800', reason: 'x' }] });
    expect(push.statusCode).toBe(200);
    expect(push.json()).toMatchObject({ results: [{ clientId: 'm1', status: 'rejected', reason: 'invalid_request', issues: [{ path: 'caseId' }] }] });
    // Without a usable clientId the item cannot be answered: the push is malformed.
    const anonymous = await call(env.app, s.arb1!, 'POST', '/v1/sync/push', { mutations: [{ clientId: 'a\u0000b', type: 'escalate', caseId: 'c', reason: 'x' }] });
    expect(anonymous.statusCode).toBe(400);
    expect(anonymous.json()).toMatchObject({ error: { code: 'invalid_body', field: 'mutations[0].clientId' } });
  });

  it('a NUL or lone surrogate in one imported bundle makes that item invalid, never the batch (a party could block a whole import)', async () => {
    const a = s.admin!;
    const good = Array.from({ length: 3 }, (_, i) => bundle(91_000 + i));
    const nul = bundle(91_100);
    nul.case.title = 'refund\u0000please';
    const lone = bundle(91_101);
    lone.case.complaintText = `bad \ud800 item`;
    for (const ndjson of [false, true]) {
      const items = [good[0], nul, good[1], lone, good[2]].map((b) => ({ ...b, case: { ...b!.case, externalId: `${b!.case.externalId}-${ndjson ? 'n' : 'j'}` } }));
      const payload = ndjson ? items.map((b) => JSON.stringify(b)).join('\n') : JSON.stringify(items);
      const res = await env.app.inject({ method: 'POST', url: '/v1/import', headers: { authorization: `Bearer ${a.token}`, 'content-type': ndjson ? 'application/x-ndjson' : 'application/json' }, payload });
      expect(res.statusCode, res.body).toBe(200);
      const results = ndjson ? res.body.trim().split('\n').slice(0, -1).map((l) => JSON.parse(l) as { index: number; status: string; issues?: Array<{ path: string }> }) : res.json<{ results: Array<{ index: number; status: string; issues?: Array<{ path: string }> }> }>().results;
      expect(results.map((r) => r.status)).toEqual(['created', 'invalid', 'created', 'invalid', 'created']);
      expect(results[1]!.issues?.map((i) => i.path)).toContain('case.title');
      expect(results[3]!.issues?.map((i) => i.path)).toContain('case.complaintText');
    }
  });

  it('malformed cursors and impossible dates are 400s naming the field, never 500s', async () => {
    const a = s.admin!;
    const huge = '99999999999999999999.1';
    for (const [who, url, field] of [
      [s.arb1!, `/v1/sync/pull?cursor=${huge}`, 'cursor'],
      [a, `/v1/events?cursor=1.${huge.split('.')[0]}`, 'cursor'],
      [s.sup1!, '/v1/qa/records?from=0000-01-01T00:00:00Z', 'from'],
    ] as const) {
      const res = await call(env.app, who, 'GET', url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'invalid_query', field } });
    }
    const ext = bundle(92_000);
    await call(env.app, a, 'POST', '/v1/import', [ext]);
    const withdraw = await call(env.app, a, 'POST', `/v1/platform/cases/${ext.case.externalId}/withdraw`, { at: '0000-06-01T00:00:00Z' });
    expect(withdraw.statusCode).toBe(400);
    expect(withdraw.json()).toMatchObject({ error: { code: 'invalid_body', field: 'at' } });
    // A year-0000 due date in one mutation is that mutation's rejection; the push itself answers.
    const push = await call(env.app, s.arb1!, 'POST', '/v1/sync/push', {
      mutations: [{ clientId: 'y0', type: 'request_evidence', caseId: 'whatever', from: 'both', request: 'receipt', dueAt: '0000-01-01T00:00:00Z' }],
    });
    expect(push.statusCode, push.body).toBe(200);
    expect(push.json()).toMatchObject({ results: [{ clientId: 'y0', status: 'rejected', issues: [{ path: 'dueAt' }] }] });
  });

  it('malformed queries and streamed import bodies → 400 with the field', async () => {
    const a = s.admin!;
    for (const [url, field] of [
      ['/v1/sync/pull?cursor=abc', 'cursor'],
      ['/v1/sync/pull?limit=-3', 'limit'],
      ['/v1/events?limit=99999', 'limit'],
    ] as const) {
      const res = await call(env.app, a, 'GET', url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'invalid_query', field } });
    }
    const qa = await call(env.app, s.sup1!, 'GET', '/v1/qa/sample?kind=nonsense');
    expect(qa.json()).toMatchObject({ error: { field: 'kind' } });
    const notArray = await call(env.app, a, 'POST', '/v1/import', { case: {} });
    expect(notArray.statusCode).toBe(400);
    expect(notArray.json()).toMatchObject({ error: { field: '(root)' } });
    const items = await call(env.app, a, 'POST', '/v1/import', [1, { case: { kind: 'x' } }]);
    expect(items.statusCode).toBe(200);
    const results = items.json<{ results: Array<{ status: string; issues: Array<{ path: string }> }> }>().results;
    expect(results.map((x) => x.status)).toEqual(['invalid', 'invalid']);
    expect(results[1]!.issues.map((i) => i.path)).toContain('case.kind');
    const text = await env.app.inject({ method: 'POST', url: '/v1/import', headers: { authorization: `Bearer ${a.token}`, 'content-type': 'text/plain' }, payload: 'hi' });
    expect(text.statusCode).toBe(415);
  });

  // The server takes requests from the network: no request line or header a client can send may end
  // the process or answer 5xx. Node's parser answers what it cannot read; the router and the error
  // handler answer the rest.
  it('answers hostile request targets without a 5xx and stays up', async () => {
    const host = `127.0.0.1:${port}`;
    for (const target of ['//', '///v1/me', '/./v1/../v1/me', '*', 'http://[::1', 'http://evil.example/v1/me', '/v1/cases/%', '/v1/cases/%00', '/%E0%A4%A', `/${'a'.repeat(70_000)}`, '/v1/sync/pull?cursor=%FF%FE']) {
      const status = await raw(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(status, target.slice(0, 40)).toMatch(/^HTTP\/1\.1 [1-4]\d\d/);
    }
    expect(await raw(port, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)).toMatch(/ 200 /);
  });

  it('survives fuzzed request lines and headers', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    const token = fc.string({ unit: fc.constantFrom(...'/\\.%:@?#[]!$&*+,;= -_~aZ09\u00ff\t'.split('')), maxLength: 24 });
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'G\u0000T', ''),
          fc.tuple(fc.constantFrom('/', '//', '/v1/', '/v1/import', '/v1/sync/push', '/v1/cases/', '*', 'http://', ''), token).map(([a, b]) => a + b),
          fc.array(fc.tuple(fc.constantFrom('Host', 'Authorization', 'Content-Type', 'Content-Length', 'Transfer-Encoding', 'Origin', 'X-A'), token), { maxLength: 4 }),
          fc.constantFrom('', '{', '[', '{"mutations":[]}', '0\r\n\r\n'),
          async (method, target, headers, body) => {
            const lines = [`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...headers.map(([k, v]) => `${k}: ${v}`), 'Connection: close'];
            const status = await raw(port, `${lines.join('\r\n')}\r\n\r\n${body}`);
            // An answer or a closed socket (a body that never ends), never a 5xx.
            expect(status).not.toMatch(/^HTTP\/1\.1 5/);
          },
        ),
        { numRuns: 150, seed: 20261207 },
      );
      expect(await raw(port, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)).toMatch(/ 200 /);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
    }
  });
});
