import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Role } from '@common/api';
import type { Policy } from '@common/policy';
import { buildApp } from './app';
import { openDatabase } from './db/database';
import { backfillLinkKeys } from './services/linkKeys';
import { useAuditKey } from './services/audit';
import { auditKeySource, loadAuditKey } from './services/auditKey';
import { importBatch } from './services/cases';
import { seedDecisions } from './demo/decisions';
import { DEMO_WITHOUT_HISTORY, seedDemoSkills } from './demo/skills';

export type DemoAccount = { username: string; password: string; role: Role; displayName: string };

/**
 * The demo accounts, with published passwords: created only when asked for (`--demo`, or
 * `demoAccounts` in code), for demonstrations and tests. The embedded backend creates the same
 * accounts with random passwords it keeps to itself (main/services/embeddedBackend.ts).
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'arbitrator1', password: 'gavel-demo-1', role: 'arbitrator', displayName: '李娜 (Arbitrator 1)' },
  { username: 'arbitrator2', password: 'gavel-demo-2', role: 'arbitrator', displayName: '王伟 (Arbitrator 2)' },
  { username: 'arbitrator3', password: 'gavel-demo-3', role: 'arbitrator', displayName: '张敏 (Arbitrator 3)' },
  { username: 'arbitrator4', password: 'gavel-demo-4', role: 'arbitrator', displayName: '赵磊 (Arbitrator 4)' },
  { username: 'supervisor1', password: 'gavel-demo-supervisor', role: 'supervisor', displayName: '陈静 (Supervisor)' },
  { username: 'admin', password: 'gavel-demo-admin', role: 'admin', displayName: 'Platform admin' },
];

export type StartOptions = {
  /** 127.0.0.1 unless told otherwise; only loopback is sensible for the embedded mode. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** PostgreSQL connection string; without it PGlite in `dataDir`. */
  databaseUrl?: string;
  /** PGlite data folder (default `.data/server`); `null` for an in-memory database. */
  dataDir?: string | null;
  /** Generate and import this many demo cases when the database has none. */
  seed?: number;
  policy?: Policy;
  logger?: Logger | false;
  /** Create DEMO_ACCOUNTS, published passwords and all, when there are no users. Off unless asked (`--demo`). */
  demoAccounts?: boolean;
  /**
   * The accounts to create when there are no users (the embedded backend's, with random passwords).
   * Without these or `demoAccounts`, a first PGlite start creates one `admin` with a random password,
   * which `createdAccounts` returns (the CLI prints it once); PostgreSQL gets no accounts.
   */
  initialAccounts?: readonly DemoAccount[];
  /**
   * Answer only requests addressed to this server's own loopback name and port (Host header): a web
   * page that rebinds its DNS name to 127.0.0.1 reaches the port but not the API. The embedded backend.
   */
  checkHost?: boolean;
  poolSize?: number;
  /**
   * With a fresh seed and demo accounts: the demo arbitrators (except `exclude`, e.g. the account the
   * app signs in as, whose queue should stay its own) decide some seeded cases, so supervisor QA has
   * history to sample. Off unless asked: tests that count decisions start from none.
   */
  demoDecisions?: { exclude?: readonly string[] } | false;
  /** First-run progress: demo cases imported so far, then the demo decision history (the app shows it). */
  onProgress?: (progress: { phase: 'seeding' | 'history'; done: number; total: number }) => void;
};

export type RunningServer = {
  url: string;
  app: FastifyInstance;
  engine: 'postgres' | 'pglite';
  /** Accounts created by this start, passwords included (empty when there were users already). */
  createdAccounts: DemoAccount[];
  seeded: number;
  close: () => Promise<void>;
};

/**
 * Demo cases are filed in the 30 days before `anchor`, now by default, so deadlines and SLA
 * countdowns in a fresh demo look like a real working day rather than months overdue.
 */
export async function seedCases(
  app: FastifyInstance,
  count: number,
  seed = 1,
  actorId: string | null = null,
  anchor: Date = new Date(),
  onProgress?: (done: number) => void,
): Promise<number> {
  const { db, policies } = app.gavel.deps;
  let batch: Array<{ index: number; raw: unknown }> = [];
  let n = 0;
  const actor = actorId ?? (await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirst())?.id ?? 'system';
  // The generator brings faker and its zh-CN tables: loaded here, on the first seeding, so a server
  // (or the Electron main) that opens an existing database never loads it.
  const { generateBundles } = await import('./demo/bundles');
  for (const g of generateBundles({ cases: count, seed, anchor })) {
    batch.push({ index: n++, raw: g.bundle });
    // Smaller batches while someone watches the progress; 250 (the import's own size) otherwise.
    if (batch.length >= (onProgress ? 50 : 250)) {
      await importBatch({ db, policies, actorId: actor }, batch);
      batch = [];
      onProgress?.(n);
    }
  }
  if (batch.length) await importBatch({ db, policies, actorId: actor }, batch);
  onProgress?.(n);
  return n;
}

/** Opens the database, builds the app and listens. Used by `npm run server` and the app's standalone mode. */
export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const logger = opts.logger === undefined ? pino({ level: process.env.LOG_LEVEL ?? 'info' }) : opts.logger;
  const database = opts.databaseUrl
    ? await openDatabase({
        url: opts.databaseUrl,
        poolSize: opts.poolSize,
        onConnectionError: (err) => (logger ? logger.warn({ err: err.message }, 'database connection lost; it will be replaced') : undefined),
      })
    : await openDatabase({ dataDir: opts.dataDir === null ? undefined : (opts.dataDir ?? path.resolve('.data/server')) });
  // Cases imported before linked cases existed get their link keys once, right after migration 15.
  if (database.migrated.includes(15)) await backfillLinkKeys(database.db);
  // The audit chain's key lives outside the database (see auditKey.ts).
  const keySource = auditKeySource({ dataDir: opts.dataDir === null ? null : (opts.dataDir ?? path.resolve('.data/server')), postgres: !!opts.databaseUrl });
  if (keySource) useAuditKey(loadAuditKey(keySource));
  let app: FastifyInstance | undefined;
  let hostNames: string[] = [];
  try {
    app = await buildApp({ db: database.db, engine: database.engine, policy: opts.policy, logger, allowedHosts: opts.checkHost ? () => hostNames : undefined });
    const createdAccounts: DemoAccount[] = [];
    const anyUser = await database.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    // PostgreSQL deployments provision their accounts themselves (and a cluster's workers would race
    // for a bootstrap admin); a first PGlite start without accounts gets one admin to sign in with.
    const bootstrap: DemoAccount[] =
      database.engine === 'pglite' ? [{ username: 'admin', password: randomBytes(18).toString('base64url'), role: 'admin', displayName: 'Administrator' }] : [];
    if (!anyUser) {
      const accounts = opts.demoAccounts ? DEMO_ACCOUNTS : (opts.initialAccounts ?? bootstrap);
      for (const a of accounts) {
        await app.gavel.deps.auth.createUser(a, null);
        createdAccounts.push(a);
      }
      // The demo accounts' skill profiles (a junior among them), so routing shows from the start.
      await seedDemoSkills(database.db, createdAccounts.map((a) => a.username));
    }
    let seeded = 0;
    if (opts.seed && opts.seed > 0) {
      const anyCase = await database.db.selectFrom('cases').select('id').limit(1).executeTakeFirst();
      const total = opts.seed;
      if (!anyCase) {
        opts.onProgress?.({ phase: 'seeding', done: 0, total });
        seeded = await seedCases(app, opts.seed, 1, null, new Date(), opts.onProgress && ((done) => opts.onProgress?.({ phase: 'seeding', done, total })));
      }
      // Demo accounts just made: give them decision history so supervisor QA has something to sample.
      if (seeded > 0 && createdAccounts.length > 0 && opts.demoDecisions) opts.onProgress?.({ phase: 'history', done: 0, total: 0 });
      if (seeded > 0 && createdAccounts.length > 0 && opts.demoDecisions)
        await seedDecisions(database.db, app.gavel.deps.policies, { perArbitrator: Math.min(60, Math.floor(seeded / 6)), exclude: [...(opts.demoDecisions.exclude ?? []), ...DEMO_WITHOUT_HISTORY] });
    }
    const url = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
    const port = new URL(url).port;
    hostNames = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
    const running = app;
    let closing: Promise<void> | undefined;
    return {
      url,
      app,
      engine: database.engine,
      createdAccounts,
      seeded,
      close: () =>
        (closing ??= (async () => {
          await running.close();
          await database.close();
        })()),
    };
  } catch (err) {
    await app?.close();
    await database.close();
    throw err;
  }
}
