import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

/**
 * `npm run server -- --workers N`: N server processes behind one port (node:cluster; the primary
 * accepts connections and hands them to the workers in turn). Each worker is a complete, stateless
 * instance with its own connection pool, exactly like separate instances behind a load balancer,
 * which the PostgreSQL design already supports (claims use FOR UPDATE SKIP LOCKED, the audit
 * sealer and lease sweeper tolerate each other). PGlite is one process by nature: one worker only.
 *
 * The primary only supervises: it starts the workers (the first one alone, so migrations and
 * `--seed` run once before the others start), prints the address when all listen, restarts a
 * worker that dies, and on SIGTERM/SIGINT asks every worker to shut down gracefully and waits.
 */
export type ClusterOptions = {
  workers: number;
  logger: Logger;
  /** Environment for the first worker only (e.g. the seed request). */
  firstWorkerEnv?: Record<string, string>;
  /** Printed once every worker listens; gets the shared address. */
  onListening: (url: string) => void;
};

/** Restarts are bounded: this many unexpected exits within a minute stops the whole cluster. */
const MAX_CRASHES_PER_MINUTE = 5;
const SHUTDOWN_GRACE_MS = 12_000;

export function runPrimary(opts: ClusterOptions): void {
  const { logger } = opts;
  const listening = new Set<number>();
  const crashes: number[] = [];
  let url: string | undefined;
  let announced = false;
  let stopping = false;

  const fork = (env: Record<string, string> = {}): Worker => {
    const w = cluster.fork({ ...env, GAVEL_WORKER: '1' });
    w.on('listening', (address) => {
      listening.add(w.id);
      const host = address.address && address.address !== '::' && address.address !== '0.0.0.0' ? address.address : '127.0.0.1';
      url ??= `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
      // The first worker listens alone (it migrates and seeds); then the others follow.
      if (listening.size === 1 && Object.keys(cluster.workers ?? {}).length === 1) for (let i = 1; i < opts.workers; i++) fork();
      if (!announced && listening.size >= opts.workers) {
        announced = true;
        opts.onListening(url);
      }
    });
    return w;
  };

  cluster.on('exit', (w, code, signal) => {
    listening.delete(w.id);
    if (stopping) return;
    const now = Date.now();
    crashes.push(now);
    while (crashes.length && crashes[0]! < now - 60_000) crashes.shift();
    logger.error({ worker: w.process.pid, code, signal }, 'worker exited unexpectedly');
    if (!announced || crashes.length >= MAX_CRASHES_PER_MINUTE) {
      logger.error(announced ? 'workers keep crashing; stopping' : 'a worker failed to start; stopping');
      stop('worker failure', 1);
      return;
    }
    fork();
  });

  const stop = (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down all workers');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    let failed = exitCode;
    let left = workers.length;
    if (left === 0) process.exit(failed);
    for (const w of workers) {
      w.once('exit', (code, signal) => {
        // A worker still starting has no handler yet and simply dies of the SIGTERM: that is fine.
        if (code !== 0 && signal !== 'SIGTERM') failed = 1;
        if (--left === 0) process.exit(failed);
      });
      // Each worker runs its own graceful shutdown (finish in-flight requests, seal, close the pool).
      w.process.kill('SIGTERM');
    }
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  fork(opts.firstWorkerEnv);
}

export const isWorker = (): boolean => cluster.isWorker;
