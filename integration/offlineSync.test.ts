/**
 * The whole sync path without a browser: the renderer's Dexie store and SyncEngine (on
 * fake-indexeddb) talking through main's SyncService (session, HTTP transport) to the real server
 * on PGlite. The backend is stopped and restarted for real to prove offline decisions survive and
 * land exactly once.
 */
import 'fake-indexeddb/auto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '@common/api';
import { DEFAULT_POLICY } from '@common/policy';
import { fileVault } from '../main/services/session';
import { SyncService } from '../main/services/syncService';
import { startServer, type RunningServer } from '../server/start';
import { bundle, decisionFor } from '../testing/serverHarness';
import { GavelDb } from '../src/data/db';
import { recordDecision } from '../src/data/outboxRepo';
import { SyncEngine } from '../src/sync/engine';
import { httpSyncPort } from '../testing/httpSyncPort';

let dir: string;
let server: RunningServer;
let port: number;
let adminToken: string;

async function start(): Promise<RunningServer> {
  return startServer({ host: '127.0.0.1', port, dataDir: path.join(dir, 'server'), logger: false, demoAccounts: true });
}

async function admin(method: string, route: string, body?: unknown): Promise<Response> {
  return fetch(new URL(route, server.url), {
    method,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gavel-sync-'));
  port = 0;
  server = await start();
  port = Number(new URL(server.url).port);
  const login = await fetch(new URL('v1/auth/login', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'gavel-demo-admin' }),
  });
  adminToken = ((await login.json()) as { accessToken: string }).accessToken;
  const res = await admin('POST', 'v1/import', Array.from({ length: 30 }, (_, i) => bundle(i)));
  expect(res.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('offline decisions through main to the server', () => {
  it('keeps tokens in a 0600 file and out of every status the renderer sees', async () => {
    const sync = new SyncService({ vault: fileVault(path.join(dir, 'vault-a')) });
    const status = await sync.login(server.url, 'arbitrator1', 'gavel-demo-1');
    expect(status.user?.username).toBe('arbitrator1');
    expect(JSON.stringify(status)).not.toMatch(/token/i);
    const mode = (await stat(path.join(dir, 'vault-a', 'session.json'))).mode & 0o777;
    expect(mode).toBe(0o600);
    await expect(sync.login(server.url, 'arbitrator1', 'wrong')).rejects.toMatchObject({ code: 'invalid_credentials' });
  });

  it('checks out, decides while the backend is down, and lands every decision exactly once', async () => {
    const sync = new SyncService({ vault: fileVault(path.join(dir, 'vault-b')) });
    const me = (await sync.login(server.url, 'arbitrator2', 'gavel-demo-2')).user!;
    const db = new GavelDb('offline-sync');
    const port = httpSyncPort(sync);
    const engine = new SyncEngine(db, port, { random: () => 0 });

    const progress: number[] = [];
    expect(await engine.checkout(12, (p) => progress.push(p.done))).toBe(12);
    expect(progress.at(-1)).toBe(12);
    expect(await db.cases.count()).toBe(12);
    const rows = await db.cases.toArray();
    expect(rows.every((r) => r.offlineLease && r.claimedBy === me.id)).toBe(true);

    // The backend goes away; the arbitrator keeps deciding.
    await server.close();
    const decided = rows.slice(0, 5);
    for (const [i, row] of decided.entries()) {
      await recordDecision(db, row.id, { ...decisionFor(row.kind, me.id, `offline-${i}`), policyVersion: DEFAULT_POLICY.version });
    }
    await expect(engine.syncNow()).rejects.toMatchObject({ code: 'offline' });
    expect(engine.getState()).toMatchObject({ online: false });
    expect(await db.outbox.count()).toBe(5);

    // It comes back on the same port with the same database.
    server = await start();
    await engine.syncNow();
    expect(engine.getState()).toMatchObject({ online: true });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.conflicts.count()).toBe(0);
    for (const row of decided) expect((await db.cases.get(row.id))?.local).toBe('synced');

    // On the server: each case decided once, by this arbitrator, with the offline mutation id.
    for (const [i, row] of decided.entries()) {
      const res = await admin('GET', `v1/cases/${row.id}`);
      const view = (await res.json()) as CaseView;
      expect(view.status).toBe('decided');
      expect(view.decision).toMatchObject({ decidedBy: me.id, mutationId: `offline-${i}` });
    }
    // A replay of the same mutations changes nothing and answers as before.
    const replay = await port.push(decided.map((row, i) => ({ clientId: `offline-${i}`, type: 'decide' as const, caseId: row.id, decision: decisionFor(row.kind, me.id, `offline-${i}`) })));
    expect(replay.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    const events = (await (await admin('GET', 'v1/events')).json()) as { events: { caseId: string; type: string }[] };
    const decidedEvents = events.events.filter((e) => e.type === 'decided' && decided.some((r) => r.id === e.caseId));
    expect(decidedEvents).toHaveLength(5);
    db.close();
  }, 120_000);
});
