/**
 * The batched workflow across hosts (issue 20 §3): arbitrators on their own machines (the
 * renderer's store and SyncEngine on fake-indexeddb, main's SyncService, all real) check out cases
 * through HAProxy, decide them locally, and push in the batches the engine sends. Meanwhile one
 * server host is SIGKILLed mid-push and brought back, and another host's link has latency and loss.
 * The promise checked: 0 lost and 0 doubled decisions, every outbox empty, no conflicts; the only
 * thing a user would see is a retry.
 */
import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { DEFAULT_POLICY } from '../../common/policy';
import { fileVault } from '../../main/services/session';
import { SyncService } from '../../main/services/syncService';
import { openDatabase, type Database } from '../../server/db/database';
import { AuthService, hashPassword } from '../../server/services/auth';
import { applyClaimedCases } from '../../src/data/casesRepo';
import { GavelDb } from '../../src/data/db';
import { recordDecision } from '../../src/data/outboxRepo';
import { SyncEngine, type SyncPort } from '../../src/sync/engine';
import { httpSyncPort } from '../httpSyncPort';
import { bundle, decisionFor } from '../serverHarness';
import { Hosts } from './topology';

export type HostsTrialOptions = {
  arbitrators: number;
  /** Cases each arbitrator checks out and decides. */
  perArbitrator: number;
  /** Decisions per push (the engine's batch). */
  pushBatch: number;
  /** Latency each way and loss on the third host's link. */
  delayMs: number;
  lossPercent: number;
  /** How long the killed host stays down. */
  downMs: number;
  seed: number;
  log?: (m: string) => void;
};

export type HostsTrialResult = {
  problems: string[];
  decisions: number;
  /**
   * Requests that failed on the wire (refused, reset, 5xx) and were sent again: by main's
   * BackendClient for idempotent routes (a push is), unseen by the user.
   */
  retries: number;
  /** Pushes that failed even so and went back to the sync engine's queue (a user sees "retrying"). */
  engineRetries: number;
  /** Milliseconds after the first push at which the host was killed. */
  killedAfterMs: number;
  /** From the first push until every outbox was empty. */
  convergeMs: number;
  /** How many pushes were in flight when the host died. */
  inFlightAtKill: number;
};

const PASSWORD = 'hosts-trial-password';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A small deterministic generator (mulberry32), so a failed trial replays with its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Client = { userId: string; db: GavelDb; engine: SyncEngine; port: SyncPort; retries: number; wire: { failures: number } };

async function makeUsers(db: Database, run: string, n: number): Promise<{ admin: string; arbitrators: Array<{ id: string; username: string }> }> {
  const hash = await hashPassword(PASSWORD);
  const admin = `hosts-${run}-admin`;
  const arbitrators = Array.from({ length: n }, (_, i) => ({ id: `hosts-${run}-arb${i}`, username: `hosts-${run}-arb${i}` }));
  await db.db
    .insertInto('users')
    .values([
      { id: admin, username: admin, display_name: '管理员', role: 'admin', password_hash: hash },
      ...arbitrators.map((a, i) => ({ id: a.id, username: a.username, display_name: `仲裁员 ${i + 1}`, role: 'arbitrator' as const, password_hash: hash })),
    ])
    .execute();
  return { admin, arbitrators };
}

export async function runHostsTrial(o: HostsTrialOptions): Promise<HostsTrialResult> {
  const log = o.log ?? (() => undefined);
  const random = rng(o.seed);
  const hosts = new Hosts({ log, degrade: { host: 3, delayMs: o.delayMs, lossPercent: o.lossPercent } });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gavel-hosts-'));
  const clients: Client[] = [];
  const ids: string[] = [];
  let db: Database | undefined;
  const problems: string[] = [];
  try {
    await hosts.start();
    db = await openDatabase({ url: hosts.pg!.url, poolSize: 2 });
    const run = hosts.id;
    const users = await makeUsers(db, run, o.arbitrators);
    const total = o.arbitrators * o.perArbitrator;

    // The platform files the cases, through the load balancer like everything else.
    const adminToken = (await new AuthService(db.db).createSession(users.admin)).accessToken;
    const imported = await fetch(new URL('v1/import', hosts.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(Array.from({ length: total }, (_, i) => bundle(i))),
    });
    if (!imported.ok) throw new Error(`import: HTTP ${imported.status} ${await imported.text()}`);
    log(`${total} cases filed`);

    // Each arbitrator signs in through the load balancer, checks out a batch and decides it locally.
    for (const [i, u] of users.arbitrators.entries()) {
      const wire = { failures: 0 };
      // Main's real transport, counting what fails on the wire before its own retry.
      const counted: typeof fetch = async (input, init) => {
        try {
          const res = await fetch(input, init);
          if (res.status >= 500) wire.failures++;
          return res;
        } catch (error) {
          wire.failures++;
          throw error;
        }
      };
      const sync = new SyncService({ vault: fileVault(path.join(dir, `vault-${i}`)), fetchImpl: counted });
      const me = (await sync.login(hosts.url, u.username, PASSWORD)).user;
      if (!me) throw new Error(`${u.username} could not sign in`);
      const port = httpSyncPort(sync);
      const local = new GavelDb(`hosts-${run}-${i}`);
      const claimed = await port.claim({ count: o.perArbitrator, mode: 'offline' });
      if (claimed.cases.length !== o.perArbitrator) throw new Error(`${u.username} checked out ${claimed.cases.length} of ${o.perArbitrator} cases`);
      await applyClaimedCases(local, claimed.cases);
      ids.push(...claimed.cases.map((c) => c.id));
      for (const [j, c] of claimed.cases.entries()) {
        await recordDecision(local, c.id, { ...decisionFor(c.kind, me.id, `hosts-${run}-${i}-${j}`), policyVersion: DEFAULT_POLICY.version });
      }
      const engine = new SyncEngine(local, port, { pushBatch: o.pushBatch, random });
      clients.push({ userId: me.id, db: local, engine, port, retries: 0, wire });
    }
    log(`${o.arbitrators} arbitrators each decided ${o.perArbitrator} cases locally`);

    const victim = hosts.servers[1]!;

    // Count pushes in flight, so the kill can be aimed at one.
    let inFlight = 0;
    let firstPush: () => void = () => undefined;
    const started = new Promise<void>((r) => (firstPush = r));
    for (const c of clients) {
      const push = c.port.push.bind(c.port);
      c.port.push = async (mutations) => {
        firstPush();
        inFlight++;
        try {
          return await push(mutations);
        } catch (error) {
          // The engine keeps the batch and sends it again: the retry a user might notice.
          c.retries++;
          throw error;
        } finally {
          inFlight--;
        }
      };
    }

    const t0 = Date.now();
    const deadline = t0 + 120_000;
    const drain = async (c: Client): Promise<void> => {
      // What the engine's own loop does after a failure, compressed: try again shortly.
      while ((await c.db.outbox.count()) > 0) {
        if (Date.now() > deadline) throw new Error(`client ${c.userId}: outbox not empty after 120 s`);
        try {
          await c.engine.syncNow();
        } catch {
          // counted where the push failed; the engine's backoff, compressed
        }
        if ((await c.db.outbox.count()) > 0) await sleep(200);
      }
    };
    const draining = Promise.all(clients.map(drain));
    await started;
    // A random moment while pushes are in flight: the host dies under at least one of them (the
    // balancer spreads pushes over the three hosts, so some are on the victim).
    const aim = Date.now() + Math.floor(random() * 150);
    while (Date.now() < aim || (inFlight === 0 && Date.now() < aim + 5_000)) await sleep(2);
    const killedAfterMs = Date.now() - t0;
    const inFlightAtKill = inFlight;
    await hosts.killServer(victim);
    await sleep(o.downMs);
    await hosts.startServer(victim);
    await draining;
    const convergeMs = Date.now() - t0;

    // The promise: each decision once on the server, nothing left or conflicting on any machine.
    for (const [i, c] of clients.entries()) {
      const left = await c.db.outbox.count();
      const conflicts = await c.db.conflicts.count();
      if (left !== 0) problems.push(`arbitrator ${i}: ${left} decisions still in the outbox`);
      if (conflicts !== 0) problems.push(`arbitrator ${i}: ${conflicts} conflicts`);
    }
    if (new Set(ids).size !== total) problems.push(`${total - new Set(ids).size} cases checked out twice`);
    const decided = await sql<{ case_id: string; n: number }>`
      select case_id, count(*)::int as n from changes where type = 'decided' and case_id = any(${sql.val(ids)}::text[]) group by case_id`.execute(db.db);
    const doubled = decided.rows.filter((r) => r.n > 1);
    if (doubled.length) problems.push(`${doubled.length} cases decided more than once (e.g. ${doubled[0]!.case_id})`);
    if (decided.rows.length !== total) problems.push(`${total - decided.rows.length} decisions lost (${decided.rows.length} of ${total} cases decided)`);
    const statuses = await db.db.selectFrom('cases').select((eb) => ['status', eb.fn.countAll<string>().as('n')]).where('id', 'in', ids).groupBy('status').execute();
    const notDecided = statuses.filter((s) => s.status !== 'decided');
    if (statuses.reduce((n, s) => n + Number(s.n), 0) !== total) problems.push('the checked-out cases are not all on the server');
    if (notDecided.length) problems.push(`cases not decided: ${notDecided.map((s) => `${s.n} ${s.status}`).join(', ')}`);
    const applied = await sql<{ n: number }>`select count(*)::int as n from mutations where client_id like ${`hosts-${run}-%`}`.execute(db.db);
    if (applied.rows[0]?.n !== total) problems.push(`${applied.rows[0]?.n ?? 0} mutations recorded for ${total} decisions`);

    return {
      problems,
      decisions: total,
      retries: clients.reduce((s, c) => s + c.wire.failures, 0),
      engineRetries: clients.reduce((s, c) => s + c.retries, 0),
      killedAfterMs,
      convergeMs,
      inFlightAtKill,
    };
  } finally {
    for (const c of clients) {
      c.engine.stop();
      // Gone, not closed: trials share a process (and fake-indexeddb's memory) with the next ones.
      await c.db.delete();
    }
    await db?.close();
    await hosts.close();
    await rm(dir, { recursive: true, force: true });
  }
}
