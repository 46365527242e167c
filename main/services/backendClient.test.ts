import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { routes } from '@common/api/routes';
import { BackendClient, BackendError } from './backendClient';
import { fileVault, SessionManager } from './session';

/** A backend served under a path prefix, answering each API request with the next scripted reply. */
type Reply = { status: number; body: unknown };
type Seen = { method: string; url: string; token: string | undefined; body: string };

let server: http.Server;
let baseUrl: string;
let dir: string;
let replies: Reply[] = [];
let seen: Seen[] = [];
let tokens = 0;

const tokenResponse = () => ({
  tokenType: 'Bearer',
  accessToken: `access-${++tokens}`,
  expiresIn: 900,
  refreshToken: `refresh-token-${tokens}`,
  refreshExpiresIn: 86_400,
  user: { id: 'u1', username: 'sup1', displayName: 'Supervisor', role: 'supervisor' },
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gavel-client-'));
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const send = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (req.url === '/gavel/v1/auth/login' || req.url === '/gavel/v1/auth/refresh') {
        send(200, tokenResponse());
        return;
      }
      seen.push({ method: req.method ?? '', url: req.url ?? '', token: req.headers.authorization, body });
      const next = replies.shift() ?? { status: 500, body: { error: { code: 'internal', message: 'nothing scripted' } } };
      send(next.status, next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gavel`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

let client: BackendClient;
let sleeps: number[];
beforeEach(async () => {
  replies = [];
  seen = [];
  sleeps = [];
  const session = new SessionManager({ vault: fileVault(path.join(dir, `vault-${tokens}`)) });
  await session.login(baseUrl, 'sup1', 'password');
  client = new BackendClient({ session, random: () => 0.5, sleep: (ms) => Promise.resolve(void sleeps.push(ms)) });
});

const unavailable: Reply = { status: 503, body: { error: { code: 'unavailable', message: 'restarting' } } };

describe('BackendClient.call', () => {
  it("sends a GET route's request as its query, under the backend's path, with the bearer token", async () => {
    replies = [{ status: 200, body: { pairs: [], decisions: [], truncated: false } }];
    expect(await client.call(routes.qaRecords, { from: '2025-01-01T00:00:00Z', limit: 5 })).toEqual({ pairs: [], decisions: [], truncated: false });
    expect(seen).toEqual([{ method: 'GET', url: '/gavel/v1/qa/records?from=2025-01-01T00%3A00%3A00Z&limit=5', token: `Bearer access-${tokens}`, body: '' }]);
  });

  it("sends a POST route's request as its JSON body and fills path parameters, escaped", async () => {
    replies = [{ status: 200, body: { results: [] } }, { status: 200, body: { ok: true } }];
    await client.call(routes.push, { mutations: [{ clientId: 'm1', type: 'release', caseId: 'c1' }] });
    await client.call(routes.revokeUser, undefined, { userId: 'a/b c' });
    expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ['POST', '/gavel/v1/sync/push', '{"mutations":[{"clientId":"m1","type":"release","caseId":"c1"}]}'],
      ['POST', '/gavel/v1/admin/users/a%2Fb%20c/revoke', ''],
    ]);
  });

  it('retries an idempotent route on transient failures, with growing jittered backoff', async () => {
    replies = [unavailable, unavailable, { status: 200, body: { results: [] } }];
    expect(await client.call(routes.push, { mutations: [{ clientId: 'm1', type: 'release', caseId: 'c1' }] })).toEqual({ results: [] });
    expect(seen).toHaveLength(3);
    expect(sleeps).toEqual([300, 600]);
  });

  it('never retries a route the table does not mark idempotent', async () => {
    expect(routes.claim.idempotent).toBe(false);
    replies = [unavailable, { status: 200, body: { cases: [] } }];
    const err = await client.call(routes.claim, { count: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect(err).toMatchObject({ code: 'server_error', status: 503, message: 'restarting' });
    expect(seen).toHaveLength(1);
  });

  it('refreshes the token once on a 401 and repeats the request; a second 401 is final', async () => {
    const denied: Reply = { status: 401, body: { error: { code: 'token_expired', message: 'expired' } } };
    replies = [denied, { status: 200, body: { plans: [] } }];
    expect(await client.call(routes.qaPlans)).toEqual({ plans: [] });
    expect(seen.map((s) => s.token)).toEqual([`Bearer access-${tokens - 1}`, `Bearer access-${tokens}`]);
    replies = [denied, denied, { status: 200, body: { plans: [] } }];
    seen = [];
    await expect(client.call(routes.qaPlans)).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
    expect(seen).toHaveLength(2);
  });

  it("refuses an answer that does not match the route's response schema", async () => {
    replies = [{ status: 200, body: { golden: [{ id: 'g1' }] } }];
    await expect(client.call(routes.qaGolden)).rejects.toMatchObject({ code: 'invalid_response', message: expect.stringMatching(/^The backend's answer to GET \/v1\/qa\/golden is invalid at golden\.0\./) as unknown });
  });

  it('maps refusals to codes with the field', async () => {
    replies = [{ status: 400, body: { error: { code: 'invalid_body', message: 'bad', field: 'name' } } }];
    await expect(client.call(routes.qaPreview, { name: '', method: { type: 'random', size: 1 } })).rejects.toMatchObject({ code: 'bad_request', status: 400, field: 'name' });
    expect(sleeps).toEqual([]);
  });
});
