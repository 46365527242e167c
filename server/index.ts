/**
 * `npm run server [-- --host H] [--port P] [--seed N] [--data-dir DIR] [--workers N] [--demo]`. DATABASE_URL
 * selects PostgreSQL; otherwise PGlite in the data folder. `--workers N` (or WORKERS) runs N
 * processes behind the one port (PostgreSQL only; see server/cluster.ts). Library users import
 * `startServer` from here.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { isWorker, runPrimary } from './cluster';
import { privateByDefault } from './db/privateFiles';
import { startServer } from './start';

export { DEMO_ACCOUNTS, seedCases, startServer, type DemoAccount, type RunningServer, type StartOptions } from './start';
export { buildApp, type AppOptions } from './app';

async function main(): Promise<void> {
  const { values } = parseArgs({
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
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port ?? process.env.PORT}`);
  const workersRaw = values.workers ?? process.env.WORKERS ?? '1';
  const workers = Number(workersRaw);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new Error(`--workers must be 1..64, got ${workersRaw}`);
  const databaseUrl = process.env.DATABASE_URL || undefined;
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
    logger.info({ signal }, 'shutting down');
    // Hard stop if connections refuse to drain.
    setTimeout(() => process.exit(1), 10_000).unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

const invoked = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (invoked === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
