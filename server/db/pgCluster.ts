import { spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: initdb in a temp folder, started on a
 * free loopback port, removed on stop(). initdb refuses to run as root, so as root the cluster is
 * created and run as the `postgres` system user (runuser); otherwise as the current user.
 */
/** `dataDir` holds postmaster.pid (the benches read the cluster's CPU time from its processes). */
export type PgCluster = {
  url: string;
  dataDir: string;
  stop: () => void;
  /** Stop PostgreSQL (fast shutdown: clients are disconnected) and keep its data, for fault tests. */
  pause: () => void;
  /** Start it again on the same port and data after `pause`. */
  resume: () => void;
};

/**
 * Debian installs the server binaries under /usr/lib/postgresql/<major>/bin and puts only wrappers
 * on PATH, so a stock `apt-get install postgresql` would otherwise look like "no PostgreSQL".
 */
function serverBinDir(): string | null {
  const r = spawnSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1'], { encoding: 'utf8' });
  const dir = r.stdout.trim();
  return dir && existsSync(path.join(dir, 'initdb')) ? dir : null;
}

function which(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).status === 0;
}

/** The binary itself when it is on PATH, else Debian's versioned location. */
function pgBin(bin: string): string | null {
  if (which(bin)) return bin;
  const dir = serverBinDir();
  return dir && existsSync(path.join(dir, bin)) ? path.join(dir, bin) : null;
}

/** Why a cluster cannot be started here, or null when it can. */
export function pgUnavailableReason(): string | null {
  for (const b of ['initdb', 'pg_ctl', 'postgres']) if (!pgBin(b)) return `PostgreSQL binary "${b}" is neither on PATH nor in /usr/lib/postgresql/*/bin (install postgresql, see scripts/setup-system.sh)`;
  if (process.getuid?.() === 0 && spawnSync('id', ['postgres']).status !== 0) return 'running as root and there is no "postgres" user to run initdb as';
  return null;
}

/**
 * The reason to skip PostgreSQL tests here, or null to run them. Where PostgreSQL is required
 * (`GAVEL_REQUIRE_PG=1`, which `.ci/run` sets, or `CI` set), a missing cluster is an error instead: CI
 * must never pass because the SKIP LOCKED and cluster tests quietly did not run.
 */
export function pgSkipReason(reason: string | null = pgUnavailableReason(), env: NodeJS.ProcessEnv = process.env): string | null {
  const required = env.GAVEL_REQUIRE_PG === '1' || (env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI !== 'false');
  if (reason && required) throw new Error(`PostgreSQL is required here (GAVEL_REQUIRE_PG or CI is set) but cannot run: ${reason}`);
  return reason;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * `netns`/`listen`: run PostgreSQL inside a network namespace on its address there (the many-hosts
 * test, testing/hosts/), reachable with trust from `trustSubnet` (CIDR).
 */
export type PgClusterOptions = {
  maxConnections?: number;
  netns?: string;
  listen?: string;
  trustSubnet?: string;
  /** More server settings (`-c name=value`), e.g. a bench sizing shared_buffers as a real server's. */
  settings?: Readonly<Record<string, string>>;
};

export async function startPgCluster(opts: PgClusterOptions = {}): Promise<PgCluster> {
  const reason = pgUnavailableReason();
  if (reason) throw new Error(reason);
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gavel-pg-'));
  const run = (name: string, args: string[]) => {
    const cmd = pgBin(name) ?? name;
    const argv = asRoot ? ['runuser', '-u', 'postgres', '--', cmd, ...args] : [cmd, ...args];
    const inNs = opts.netns ? ['ip', 'netns', 'exec', opts.netns, ...argv] : argv;
    const r = spawnSync(inNs[0]!, inNs.slice(1), { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  if (asRoot) chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()));
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  if (opts.trustSubnet) appendFileSync(path.join(data, 'pg_hba.conf'), `host all all ${opts.trustSubnet} trust\n`);
  const host = opts.listen ?? '127.0.0.1';
  // In its own namespace the address is the cluster's alone: the standard port is free.
  const port = opts.netns ? 5432 : await freePort();
  // Durability settings stay at their defaults except fsync-free initdb: tests and benches measure the
  // server, not this machine's disk flush latency under four concurrent engineers.
  const conf = [`-p ${port}`, `-k ${dir}`, `-c listen_addresses=${host}`, `-c max_connections=${opts.maxConnections ?? 200}`, `-c fsync=off`, `-c synchronous_commit=off`, `-c full_page_writes=off`];
  for (const [name, value] of Object.entries(opts.settings ?? {})) {
    if (!/^[a-z_]+$/.test(name) || !/^[\w.]+$/.test(value)) throw new Error(`PostgreSQL setting ${name}=${value}: names are lower-case words, values words or numbers`);
    conf.push(`-c ${name}=${value}`);
  }
  const start = () => run('pg_ctl', ['-D', data, '-o', conf.join(' '), '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
  start();
  let stopped = false;
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    dataDir: data,
    pause: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    resume: start,
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
