/**
 * docs/deploy.md's rolling upgrade, for real: two built server instances (`npm run build:server`,
 * `node out/server/index.js`) on one PostgreSQL behind a round-robin balancer, and main's own HTTP
 * client (session, BackendClient, which retries idempotent calls) pulling and renewing leases without
 * pause while each instance in turn is stopped with SIGTERM (it drains) and started again. No call may
 * fail, and the restarted instances must serve again. The cases arrive through the import client.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../common/api/routes';
import { BackendClient } from '../main/services/backendClient';
import { fileVault, SessionManager } from '../main/services/session';
import { openDatabase } from '../server/db/database';
import { AuthService } from '../server/services/auth';
import { SERVER_NODE_ARGS } from '../server/nodeArgs';
import { exitOf, launch, type Proc } from '../testing/chaos/processes';
import { freshPgUrl, PG_SKIP_REASON } from '../testing/serverHarness';

const root = path.resolve(import.meta.dirname, '..');

type Instance = Proc & { port: number };

async function startInstance(databaseUrl: string, port: number, extra: string[] = []): Promise<Instance> {
  const proc = await launch(
    [...SERVER_NODE_ARGS, path.join(root, 'out/server/index.js'), '--port', String(port), ...extra],
    { DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', DRAIN_DELAY_MS: '300', NODE_ENV: 'production' },
    /listening on (http:\/\/\S+)/,
    'server',
  );
  return { ...proc, port: Number(new URL(proc.url).port) };
}

/**
 * A round-robin HTTP balancer, as docs/deploy.md's nginx does it: each request goes to the next
 * upstream, and to the one after when that refuses the connection (`proxy_next_upstream error`); an
 * upstream that fails after the request was sent ends the client's connection, and the client retries.
 */
function startBalancer(upstreams: () => number[]): Promise<{ port: number; served: Map<number, number>; close: () => Promise<void> }> {
  let next = 0;
  const served = new Map<number, number>();
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const ports = upstreams();
      const start = next;
      next = (next + 1) % ports.length;
      const attempt = (k: number) => {
        if (k >= ports.length) {
          res.writeHead(502).end();
          return;
        }
        const port = ports[(start + k) % ports.length]!;
        const up = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers, agent }, (upRes) => {
          served.set(port, (served.get(port) ?? 0) + 1);
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
          upRes.on('error', () => res.destroy());
        });
        up.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNREFUSED') attempt(k + 1);
          else res.destroy();
        });
        up.end(body);
      };
      attempt(0);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        served,
        close: () =>
          new Promise<void>((done) => {
            agent.destroy();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    }),
  );
}

describe.skipIf(PG_SKIP_REASON !== null)(`rolling restart of two built servers on one PostgreSQL${PG_SKIP_REASON ? `: SKIPPED (${PG_SKIP_REASON})` : ''}`, () => {
  let release = () => {};
  let url = '';
  const instances: Instance[] = [];
  let dir = '';

  beforeAll(async () => {
    const build = spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const fresh = await freshPgUrl();
    release = fresh.release;
    url = fresh.url;
    dir = mkdtempSync(path.join(os.tmpdir(), 'gavel-roll-'));
    // The first instance migrates alone, as in a first deployment; the second joins it.
    instances.push(await startInstance(url, 0));
    instances.push(await startInstance(url, 0));
  }, 180_000);

  afterAll(() => {
    for (const i of instances) if (i.child.exitCode === null) i.child.kill('SIGKILL');
    release();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stops and starts each instance in turn under load with no failed client call', async () => {
    const ports = instances.map((i) => i.port);
    const lb = await startBalancer(() => ports);
    const base = `http://127.0.0.1:${lb.port}/`;
    const db = await openDatabase({ url, poolSize: 2 });
    const auth = new AuthService(db.db);
    await auth.createUser({ username: 'roller', displayName: 'Roller', role: 'arbitrator', password: 'password-roller' }, null);
    await auth.createUser({ username: 'platform', displayName: 'Platform', role: 'admin', password: 'password-platform' }, null);
    await db.close();

    // Cases arrive through the import client (npm run import), through the balancer, twice: idempotent.
    const bundles = path.join(dir, 'gen');
    expect(spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate.ts', '--cases', '40', '--out', bundles], { cwd: root }).status).toBe(0);
    // Asynchronously: the balancer runs on this process's event loop.
    const importOnce = () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/import.ts', '--in', path.join(bundles, 'bundles.ndjson'), '--server', base, '--username', 'platform'], {
        cwd: root,
        env: { ...process.env, GAVEL_PASSWORD: 'password-platform' },
      });
    expect((await importOnce()).stdout).toContain('import: 40 received, 40 created, 0 updated, 0 unchanged, 0 invalid');
    expect((await importOnce()).stdout).toContain('import: 40 received, 0 created, 0 updated, 40 unchanged, 0 invalid');

    const session = new SessionManager({ vault: fileVault(path.join(dir, 'session')) });
    await session.login(base, 'roller', 'password-roller');
    const client = new BackendClient({ session, retries: 4, backoffMs: 100 });
    const claimed = (await client.call(routes.claim, { count: 5 })).cases.map((c) => c.id);
    expect(claimed.length).toBeGreaterThan(0);

    let running = true;
    let ok = 0;
    const failures: string[] = [];
    const load = Array.from({ length: 3 }, async (_, worker) => {
      while (running) {
        try {
          if (worker === 0) await client.call(routes.heartbeat, { caseIds: claimed });
          else await client.call(routes.pull, { limit: 50 });
          ok++;
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error));
        }
      }
    });

    const until = async (what: () => boolean) => {
      for (let i = 0; i < 400 && !what(); i++) await new Promise((r) => setTimeout(r, 25));
    };
    await until(() => ok >= 30);
    for (let k = 0; k < instances.length; k++) {
      const old = instances[k]!;
      const before = ok;
      old.child.kill('SIGTERM');
      expect(await exitOf(old.child), old.output()).toBe(0);
      expect(old.output()).toContain('database pool closed');
      // Served by the other instance alone meanwhile.
      await until(() => ok >= before + 20);
      const again = await startInstance(url, old.port);
      instances[k] = again;
      const servedBefore = lb.served.get(old.port) ?? 0;
      await until(() => (lb.served.get(old.port) ?? 0) > servedBefore + 3);
      expect(lb.served.get(old.port) ?? 0, 'the restarted instance takes traffic again').toBeGreaterThan(servedBefore);
    }
    running = false;
    await Promise.all(load);
    await lb.close();
    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(60);
  }, 180_000);
});
