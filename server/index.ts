/**
 * `npm run server [-- --host H] [--port P] [--seed N] [--data-dir DIR] [--workers N] [--demo]`. DATABASE_URL
 * selects PostgreSQL; otherwise PGlite in the data folder. `--workers N` (or WORKERS) runs N
 * processes behind the one port (PostgreSQL only; see server/cluster.ts). Library users import
 * `startServer` from here.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { parseCli, usageError } from './cli.mjs';
import { isWorker, runPrimary } from './cluster';
import { privateByDefault } from './db/privateFiles';
import { startServer } from './start';

export { DEMO_ACCOUNTS, seedCases, startServer, type DemoAccount, type RunningServer, type StartOptions } from './start';
export { buildApp, type AppOptions } from './app';

export const SERVER_USAGE = `usage: npm run server -- [--host H] [--port P] [--seed N] [--data-dir DIR] [--workers N] [--demo]

The Gavel backend (Fastify). DATABASE_URL selects PostgreSQL; without it, embedded PGlite in the data folder.

  --host H         address to listen on (HOST; default 127.0.0.1)
  --port P         port, 0 for any free one (PORT; default 8787)
  --seed N         import N demo cases when the database has none
  --data-dir DIR   PGlite data folder (GAVEL_DATA_DIR; default .data/server)
  --workers N      N processes behind the one port, PostgreSQL only (WORKERS; default 1)
  --demo           create the demo accounts with their published passwords (otherwise one admin, random password)
  -h, --help       this text

Environment: DATABASE_URL, DATABASE_POOL_SIZE, LOG_LEVEL (default info), DRAIN_DELAY_MS (how long /readyz
fails before the server stops listening on SIGTERM; default 0, set it above the balancer's check interval). Health: GET /healthz (process up),
GET /readyz (database reachable; 503 while draining). SIGTERM drains in-flight requests, then exits.
See docs/deploy.md.`;

/** The `npm run server` command line; runs when this module (or its build) is the process's entry. */
export async function runServerCli(): Promise<void> {
  const { values } = parseCli({
    name: 'server',
    usage: SERVER_USAGE,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      seed: { type: 'string' },
      'data-dir': { type: 'string' },
      workers: { type: 'string' },
      demo: { type: 'boolean', default: false },
    },
  });
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  // The PGlite folder, the audit key: this user's alone, whatever umask the shell had.
  privateByDefault();
  // Last-resort guards. Requests cannot get here (Fastify's error handler answers every failure of a
  // handler); a promise nobody awaited is logged and the server goes on. An exception that reached
  // the top is a bug whose damage is unknown: logged, and the process ends for its supervisor (the
  // cluster primary, systemd) to replace it, rather than serve on in an unknown state.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception; exiting');
    process.exit(1);
  });
  const port = Number(values.port ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usageError('server', SERVER_USAGE, `--port must be 0..65535, got ${values.port ?? process.env.PORT}`);
  const workersRaw = values.workers ?? process.env.WORKERS ?? '1';
  const workers = Number(workersRaw);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) usageError('server', SERVER_USAGE, `--workers must be 1..64, got ${workersRaw}`);
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const drainDelayMs = Number(process.env.DRAIN_DELAY_MS ?? 0);
  if (!Number.isInteger(drainDelayMs) || drainDelayMs < 0 || drainDelayMs > 120_000) usageError('server', SERVER_USAGE, `DRAIN_DELAY_MS must be 0..120000, got ${process.env.DRAIN_DELAY_MS}`);
  const poolRaw = process.env.DATABASE_POOL_SIZE;
  const poolSize = poolRaw ? Number(poolRaw) : undefined;
  if (poolSize !== undefined && (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 1000)) throw new Error(`DATABASE_POOL_SIZE must be 1..1000, got ${poolRaw}`);
  if (workers > 1 && !databaseUrl) throw new Error('--workers above 1 needs DATABASE_URL: the embedded PGlite database lives in one process');
  if (workers > 1 && !isWorker()) {
    runPrimary({
      workers,
      logger,
      // Migrations and the demo seed run in the first worker, before the others start.
      firstWorkerEnv: { GAVEL_FIRST_WORKER: '1' },
      onListening: (url) => console.log(`Gavel backend listening on ${url} (postgres, ${workers} workers)`),
    });
    return;
  }
  const worker = isWorker();
  const seed = values.seed && (!worker || process.env.GAVEL_FIRST_WORKER === '1') ? Number(values.seed) : undefined;
  const server = await startServer({
    host: values.host ?? process.env.HOST ?? '127.0.0.1',
    port,
    seed,
    databaseUrl,
    poolSize,
    dataDir: values['data-dir'] ?? process.env.GAVEL_DATA_DIR,
    logger,
    // The published demo passwords only when asked for; otherwise a first start makes one admin
    // with a random password, printed below once.
    demoAccounts: values.demo === true,
    demoDecisions: {},
  });
  // In a cluster the primary announces the shared address once every worker listens.
  const lines = worker ? [] : [`Gavel backend listening on ${server.url} (${server.engine})`];
  if (server.seeded) lines.push(`seeded ${server.seeded} demo cases`);
  if (server.createdAccounts.length) {
    lines.push(values.demo ? 'demo accounts (created now; shown once):' : 'accounts (created now; the password is shown once, keep it):');
    for (const a of server.createdAccounts) lines.push(`  ${a.role.padEnd(10)} ${a.username.padEnd(12)} ${a.password}`);
  }
  if (lines.length) console.log(lines.join('\n'));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Drain: readiness fails first, so a load balancer that polls /readyz takes this instance out
    // before it stops listening; then close() finishes the requests in flight (new ones on kept-alive
    // connections get 503 with Connection: close), and finally the database pool is ended.
    server.app.gavel.drain();
    logger.info({ signal, drainDelayMs }, 'draining');
    // Hard stop if connections refuse to drain.
    setTimeout(() => process.exit(1), drainDelayMs + 10_000).unref();
    setTimeout(() => {
      server.close().then(
        () => {
          logger.info('stopped: requests drained, database pool closed');
          process.exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    }, drainDelayMs);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

const invoked = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (invoked === fileURLToPath(import.meta.url)) {
  runServerCli().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
