import { spawn, spawnSync } from 'node:child_process';
import { get } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '@common/api';
import { openDatabase, type Database } from '../db/database';
import { AuthService } from '../services/auth';
import { startPgCluster } from '../db/pgCluster';
import { READY_BUDGET_MS, runDbFaultTrial } from './dbFaults';
import { exitOf, launch, type Proc } from '../../testing/chaos/processes';
import { freshPgUrl, PG_SKIP_REASON } from '../../testing/serverHarness';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type Started = Proc;

/** `npm run server` as a real process tree (primary + workers), not app.inject. */
const startServer = (args: string[], env: Record<string, string | undefined>): Promise<Started> =>
  launch(['--import', 'tsx', path.join(root, 'server/index.ts'), '--port', '0', ...args], { LOG_LEVEL: 'warn', ...env }, /listening on (http:\/\/\S+)/, 'server');

/**
 * The primary's worker processes. Only node ones: under Node 22, tsx's loader keeps an esbuild
 * service as a child of the primary too, which is no worker.
 */
function childPids(pid: number): number[] {
  const r = spawnSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, comm]) => comm === 'node' || comm === 'MainThread')
    .map(([p]) => Number(p))
    .filter((n) => n > 0);
}
/** GET on a new connection, no keep-alive pool. */
const freshGet = (url: string): Promise<number> =>
  new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('--workers without PostgreSQL', () => {
  it('refuses more than one worker on the embedded database, naming the option', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/index.ts'), '--port', '0', '--workers', '2', '--data-dir', path.join(root, '.data/never-created')], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    expect(await exitOf(child)).not.toBe(0);
    expect(err).toMatch(/--workers above 1 needs DATABASE_URL/);
  }, 60_000);
});

describe.skipIf(PG_SKIP_REASON !== null)(`--workers 2 on PostgreSQL${PG_SKIP_REASON ? `: SKIPPED (${PG_SKIP_REASON})` : ''}`, () => {
  let release = () => {};
  let url = '';
  let db: Database;
  let server: Started | undefined;
  beforeAll(async () => {
    const fresh = await freshPgUrl();
    release = fresh.release;
    url = fresh.url;
    // --seed runs in the first worker only: the others must not seed a second time.
    server = await startServer(['--workers', '2', '--seed', '30'], { DATABASE_URL: url });
    db = await openDatabase({ url, poolSize: 2 });
  }, 120_000);
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      for (const pid of childPids(server.child.pid!)) process.kill(pid, 'SIGKILL');
    }
    await db?.close();
    release();
  });

  it('stays up when PostgreSQL drops its connections, idle or mid-request, and recovers by itself', async () => {
    const s = server!;
    const workers = childPids(s.child.pid!);
    expect(workers).toHaveLength(2);
    const ready = () => freshGet(`${s.url}/readyz`);
    // Fill both workers' pools with idle connections.
    for (let i = 0; i < 8; i++) expect(await ready()).toBe(200);
    const terminate = () =>
      sql`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(db.db);
    const idle = await terminate();
    expect(idle.rows[0]).toBeDefined();

    // Mid-request: claims in flight while every server connection is cut, twice.
    const auth = new AuthService(db.db);
    const u = await auth.createUser({ username: 'faults', displayName: 'faults', role: 'arbitrator', password: 'password-faults' }, null);
    const token = (await auth.createSession(u.id)).accessToken;
    const statuses: number[] = [];
    await Promise.all([
      ...Array.from({ length: 12 }, async () => {
        const res = await fetch(`${s.url}/v1/cases/00000000-0000-4000-8000-000000000000`, { headers: { authorization: `Bearer ${token}` } });
        statuses.push(res.status);
        await res.arrayBuffer();
      }),
      terminate(),
      new Promise((r) => setTimeout(r, 5)).then(terminate),
    ]);
    // Each request got an answer: its own result, or a 5xx for the one whose connection was cut.
    expect(statuses).toHaveLength(12);

    // No worker died (the primary would have replaced it with a new pid) and readiness comes back.
    await new Promise((r) => setTimeout(r, 300));
    expect(childPids(s.child.pid!).sort()).toEqual([...workers].sort());
    let back = 0;
    for (let i = 0; i < 50 && back !== 200; i++) {
      back = await ready();
      if (back !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(back).toBe(200);
    expect(s.output()).toContain('database connection lost');
    for (let i = 0; i < 6; i++) expect(await ready()).toBe(200);
  }, 120_000);

  it('serves one port from two processes, seeds once, survives a worker crash, and shuts every worker down on SIGTERM', async () => {
    const s = server!;
    expect(s.output()).toContain('(postgres, 2 workers)');
    const workers = childPids(s.child.pid!);
    expect(workers).toHaveLength(2);
    expect(Number((await db.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(30);

    // 10 arbitrators, each on its own connection (spread over the workers), claim everything.
    const auth = new AuthService(db.db);
    const tokens: string[] = [];
    for (let i = 0; i < 10; i++) {
      const u = await auth.createUser({ username: `w${i}`, displayName: `w${i}`, role: 'arbitrator', password: `password-w${i}` }, null);
      tokens.push((await auth.createSession(u.id)).accessToken);
    }
    const seen = new Map<string, number>();
    await Promise.all(
      tokens.map(async (token) => {
        for (let round = 0; round < 30; round++) {
          const res = await fetch(`${s.url}/v1/claims`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ count: 1 }) });
          expect(res.status).toBe(200);
          const got = ((await res.json()) as { cases: CaseView[] }).cases;
          if (got.length === 0) return;
          for (const c of got) seen.set(c.id, (seen.get(c.id) ?? 0) + 1);
        }
      }),
    );
    expect([...seen.values()].filter((n) => n > 1)).toEqual([]);
    expect(seen.size).toBe(30);

    // A worker that dies is replaced; the port keeps answering meanwhile.
    process.kill(workers[0]!, 'SIGKILL');
    for (let i = 0; i < 100 && !(childPids(s.child.pid!).length === 2 && !childPids(s.child.pid!).includes(workers[0]!)); i++) await new Promise((r) => setTimeout(r, 100));
    const replaced = childPids(s.child.pid!);
    expect(replaced).toHaveLength(2);
    expect(replaced).not.toContain(workers[0]);
    // New connections (the killed worker's keep-alive sockets died with it, as they would behind any balancer).
    for (let i = 0; i < 6; i++) expect(await freshGet(`${s.url}/healthz`)).toBe(200);

    s.child.kill('SIGTERM');
    expect(await exitOf(s.child), s.output()).toBe(0);
    for (const pid of replaced) expect(alive(pid)).toBe(false);
  }, 120_000);
});

/** The `db` fault family, small (issue 14; testing/chaos/dbFaults.ts): 1 and 2 workers, a 3 s outage. */
describe.skipIf(PG_SKIP_REASON !== null)(`database faults on PostgreSQL${PG_SKIP_REASON ? `: SKIPPED (${PG_SKIP_REASON})` : ''}`, () => {
  for (const workers of [1, 2]) {
    it(`--workers ${workers}: backends terminated mid-push, PostgreSQL stopped and restarted; nothing lost or doubled, ready within 10 s`, async () => {
      const cluster = await startPgCluster();
      let s: Started | undefined;
      try {
        const result = await runDbFaultTrial({
          cluster,
          decisions: 16,
          outageMs: 3000,
          tag: `w${workers}`,
          startServer: async (url) => {
            s = await startServer(['--workers', String(workers)], { DATABASE_URL: url });
            return { url: s.url, pid: s.child.pid! };
          },
        });
        console.log(`db faults, ${workers} worker(s): ${result.lost} lost, ${result.doubled} doubled; readyz 503 ×${result.away.length} while away; ready ${result.readyAfterMs} ms after PostgreSQL returned`);
        expect(result.problems, s?.output()).toEqual([]);
        expect(result.pushStatuses).toContain(503);
        expect(result.readyAfterMs).toBeLessThanOrEqual(READY_BUDGET_MS);
      } finally {
        if (s && s.child.exitCode === null) {
          for (const pid of childPids(s.child.pid!)) process.kill(pid, 'SIGKILL');
          s.child.kill('SIGKILL');
        }
        cluster.stop();
      }
    }, 180_000);
  }
});
