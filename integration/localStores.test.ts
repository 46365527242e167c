/**
 * Local data belongs to one (backend, account) pair, end to end without a browser: main's session
 * names the pair's store, a session kept for another backend is not the current one, a cursor made
 * by another database is refused and pulled again from the start (the re-decide loop's cause), and a
 * sign-in whose tokens cannot be kept leaves no session open on the server.
 */
import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@common/policy';
import { DiskFullError } from '../main/services/diskErrors';
import { fileVault, type TokenVault } from '../main/services/session';
import { SyncService } from '../main/services/syncService';
import { startServer, type RunningServer } from '../server/start';
import { decisionFor } from '../testing/serverHarness';
import { resolveConflictWith } from '../src/sync/conflictResolution';
import { GavelDb } from '../src/data/db';
import { getCursor } from '../src/data/casesRepo';
import { recordDecision } from '../src/data/outboxRepo';
import { SyncEngine } from '../src/sync/engine';
import { httpSyncPort } from '../testing/httpSyncPort';

let dir: string;
/** A server whose change log is far ahead (seeding many cases), and a fresh one. */
let busy: RunningServer;
let fresh: RunningServer;

async function adminToken(server: RunningServer): Promise<string> {
  const login = await fetch(new URL('v1/auth/login', server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'gavel-demo-admin' }) });
  return ((await login.json()) as { accessToken: string }).accessToken;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gavel-stores-'));
  [busy, fresh] = await Promise.all([
    startServer({ host: '127.0.0.1', port: 0, dataDir: null, seed: 80, logger: false, demoAccounts: true }),
    startServer({ host: '127.0.0.1', port: 0, dataDir: null, seed: 8, logger: false, demoAccounts: true }),
  ]);
  // Far ahead in transaction ids as well, as a server with a history is: an import is a few
  // transactions however many cases it holds, while every sign-in writes (tokens, the throttle, the
  // audit), so without this the fresh server's own sign-ins could carry it past the busy one's cursor.
  for (let i = 0; i < 300; i++) await sql`select pg_current_xact_id()`.execute(busy.app.gavel.deps.db);
}, 120_000);

afterAll(async () => {
  await Promise.all([busy.close(), fresh.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('one store per (backend, account) pair', () => {
  it('names a store per pair, and a session kept for another backend is signed out there', async () => {
    let pointed = { url: busy.url, embedded: false };
    const sync = new SyncService({ vault: fileVault(path.join(dir, 'vault-pairs')), backend: () => pointed });
    const a1 = await sync.login(busy.url, 'arbitrator1', 'gavel-demo-1');
    const s1 = await sync.login(busy.url, 'supervisor1', 'gavel-demo-supervisor');
    expect(a1.store).toMatch(/^gavel:http:\/\/127\.0\.0\.1:\d+:/);
    expect(s1.store).not.toBe(a1.store);
    // The address changes: the session belongs to the old backend, so nobody is signed in here.
    pointed = { url: fresh.url, embedded: false };
    expect(await sync.status()).toMatchObject({ user: null, store: null, backendUrl: fresh.url, standalone: false });
    const a2 = await sync.login(fresh.url, 'arbitrator1', 'gavel-demo-1');
    expect(a2.store).not.toBe(a1.store);
    expect(a2.store).not.toBe(s1.store);
  });

  it('the same account on the embedded backend keeps one store across ports; standalone only when it is', async () => {
    let pointed = { url: busy.url, embedded: true };
    const sync = new SyncService({ vault: fileVault(path.join(dir, 'vault-embedded')), backend: () => pointed });
    const first = await sync.login(busy.url, 'arbitrator2', 'gavel-demo-2');
    expect(first.standalone).toBe(true);
    expect(first.store).toMatch(/^gavel:standalone:/);
    pointed = { url: busy.url.replace(/\/$/, '') + '/', embedded: false };
    expect(await sync.status()).toMatchObject({ user: null, standalone: false });
  });

  it('a sign-in whose tokens cannot be kept (disk full) fails as such and leaves no session open on the server', async () => {
    const full: TokenVault = {
      load: () => Promise.resolve(null),
      save: () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })),
      clear: () => Promise.resolve(),
    };
    const sync = new SyncService({ vault: full });
    const db = busy.app.gavel.deps.db;
    const user = await db.selectFrom('users').select('id').where('username', '=', 'arbitrator3').executeTakeFirstOrThrow();
    const failure: unknown = await sync.login(busy.url, 'arbitrator3', 'gavel-demo-3').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DiskFullError);
    const open = await db.selectFrom('auth_tokens').select('token_hash').where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
    expect(open).toEqual([]);
  });
});

describe('the re-decide loop after new evidence (its cause: a pull cursor from another backend)', () => {
  it('a cursor made by another server is refused, the pull starts over, the call record arrives, and the second decision is accepted', async () => {
    const sync = new SyncService({ vault: fileVault(path.join(dir, 'vault-loop')) });
    const db = new GavelDb('loop');
    const engine = new SyncEngine(db, httpSyncPort(sync), { random: () => 0 });
    await sync.login(busy.url, 'arbitrator1', 'gavel-demo-1');
    await engine.checkout(3);
    await engine.syncNow();
    const foreign = await getCursor(db);
    expect(foreign).toBeDefined();

    // Same store, another backend whose change log is behind: what the old app did on a backend switch.
    const me = (await sync.login(fresh.url, 'arbitrator1', 'gavel-demo-1')).user!;
    await engine.checkout(2);
    const row = (await db.cases.toArray()).find((r) => r.claimedBy === me.id)!;
    const before = (await db.bundles.get(row.id))!.bundle;
    const token = await adminToken(fresh);
    const added = await fetch(new URL(`v1/platform/cases/${row.externalId}/evidence`, fresh.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ calls: [{ id: 'call-late', callerId: before.case.complainantId, calleeId: before.case.respondentId, at: '2026-11-20T00:00:00Z', answered: false }] }),
    });
    expect(added.status).toBe(200);

    await recordDecision(db, row.id, { ...decisionFor(row.kind, me.id, 'first'), policyVersion: DEFAULT_POLICY.version });
    await engine.syncNow();
    expect(await db.conflicts.get('first')).toMatchObject({ result: { status: 'conflict', reason: 'new_evidence' } });
    // The pull started over on this server: the new evidence is here, and marked.
    expect(await db.cases.get(row.id)).toMatchObject({ evidenceVersion: 2, newKeys: ['call:call-late'] });
    expect((await db.bundles.get(row.id))!.bundle.calls.map((c) => c.id)).toContain('call-late');
    // The first backend's cases are not this backend's work: they left with the full pull.
    expect((await db.cases.toArray()).every((r) => r.claimedBy === me.id || r.claimedBy === null)).toBe(true);

    await resolveConflictWith(db, httpSyncPort(sync), me.id, 'first', 'redecided');
    await recordDecision(db, row.id, { ...decisionFor(row.kind, me.id, 'second'), policyVersion: DEFAULT_POLICY.version });
    await engine.syncNow();
    expect(await db.conflicts.get('second')).toBeUndefined();
    expect(await db.cases.get(row.id)).toMatchObject({ local: 'synced' });
    db.close();
    await db.delete();
  }, 60_000);
});
