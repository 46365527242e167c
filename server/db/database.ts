import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { migrate } from './migrations';
import { makePrivate } from './privateFiles';
import { PGliteDialect } from './pgliteDialect';
import { PREPARED } from './prepared';
import type { DB } from './schema';

export type Database = {
  db: Kysely<DB>;
  /** 'postgres' for node-postgres (DATABASE_URL), 'pglite' for the embedded engine. */
  engine: 'postgres' | 'pglite';
  /** Migrations applied by this open (empty when the schema was already current). */
  migrated: number[];
  close: () => Promise<void>;
};

export type DatabaseOptions =
  /**
   * `onConnectionError` hears about connections PostgreSQL dropped (a restart, a failover,
   * `pg_terminate_backend`, `idle_session_timeout`); the pool replaces them on the next checkout.
   */
  | { url: string; poolSize?: number; onConnectionError?: (err: Error) => void }
  /** `dataDir` undefined means an in-memory PGlite (tests, benchmarks). */
  | { dataDir?: string };

// int8 (bigserial cursors, counts) as numbers: our sequences stay far below 2^53.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    (oid === INT8_OID ? (v: string) => Number(v) : (pg.types.getTypeParser(oid, format ?? 'text') as unknown))) as typeof pg.types.getTypeParser,
};

const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `g${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (statementNames.size > 1000) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

type PgQueryable = { query: (config: { text: string; values: unknown[]; name?: string }) => Promise<pg.QueryResult> };
/** A pg pool as Kysely sees it, with `PREPARED` statements sent by name (see above). */
function preparingPool(pool: pg.Pool): PostgresPool {
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const q = client as unknown as PgQueryable;
    return {
      query: ((text: unknown, values?: readonly unknown[]) => {
        // Cursors (streaming) and unmarked statements go through unchanged.
        if (typeof text !== 'string') return client.query(text as never);
        const config = { text, values: values ? [...values] : [] };
        return q.query(text.startsWith(PREPARED) ? { ...config, name: statementName(text) } : config);
      }) as unknown as PostgresPoolClient['query'],
      release: (destroy?: boolean) => client.release(destroy),
    };
  };
  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
}

/** SQLSTATEs and socket errors that mean "the database is not there right now", not "this query is wrong". */
const UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);

/**
 * Whether an error is the database being away (restarting, failing over, stopped, a terminated
 * backend, a full connection table): worth a 503 and a retry, unlike a query the database refused.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE.has(e.code) || e.code.startsWith('08'))) return true;
  if (Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)) return true;
  return typeof e.message === 'string' && /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed/i.test(e.message);
}

/**
 * Case bundles are ~5 KB of JSON each, kept twice (as jsonb, and as the text case views are spliced
 * from); PostgreSQL's default pglz compression of them was the biggest database cost of an import. lz4 compresses about as well at a fraction of the CPU. Optional: an
 * engine built without lz4 (PGlite) keeps pglz. Checked first so a restart takes no table lock.
 */
async function preferLz4(db: Kysely<DB>): Promise<void> {
  try {
    const r = await sql<{ n: number }>`
      select count(*)::int as n from pg_attribute
      where attrelid = 'cases'::regclass and attname in ('bundle', 'bundle_rest', 'findings') and attcompression <> 'l'`.execute(db);
    if ((r.rows[0]?.n ?? 0) === 0) return;
    await sql`alter table cases alter column bundle set compression lz4, alter column bundle_rest set compression lz4, alter column findings set compression lz4`.execute(db);
  } catch {
    // lz4 not compiled in, or an engine without per-column compression: the default is fine.
  }
}

/**
 * Connections per server process when DATABASE_POOL_SIZE is not set: twice the cores, PostgreSQL's
 * usual rule of thumb. More connections than that do not make more work happen at once; they add
 * backends that take turns on the same cores, and each switch between them costs: measured side by
 * side against a pool of 16, the smaller pool did more claim-and-decide cycles for less PostgreSQL
 * CPU each (figures in docs/performance.md and docs/operations.md, *Connection pool size*).
 */
function defaultPoolSize(): number {
  return Math.max(2, 2 * availableParallelism());
}

/** Opens PostgreSQL (by URL) or PGlite (in a data folder, or in memory) and applies migrations. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  let db: Kysely<DB>;
  let engine: Database['engine'];
  if ('url' in opts) {
    // A bounded wait for a connection: with PostgreSQL unreachable (dropped packets rather than a
    // refusal) a request fails in seconds with 503 instead of hanging until the client gives up.
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? defaultPoolSize(), types: pgTypes, connectionTimeoutMillis: 5_000 });
    // node-postgres emits 'error' when PostgreSQL drops a connection: on the pool for an idle client, on
    // the client itself while it is checked out. An EventEmitter 'error' nobody listens to is thrown,
    // which used to end the server on any database restart. The query in flight (if any) already
    // rejects with the error and answers its request; the pool discards the broken client on release.
    const onConnectionError = opts.onConnectionError ?? (() => undefined);
    pool.on('error', onConnectionError);
    pool.on('connect', (client) => client.on('error', () => undefined));
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
    engine = 'postgres';
  } else {
    // Case data, password hashes and the audit log: this user's alone (0700 folders, 0600 files).
    if (opts.dataDir) await makePrivate(opts.dataDir);
    const lite = new PGlite(opts.dataDir);
    db = new Kysely<DB>({ dialect: new PGliteDialect(lite) });
    engine = 'pglite';
  }
  try {
    await sql`select 1`.execute(db);
    const migrated = await migrate(db);
    await preferLz4(db);
    const dataDir = 'dataDir' in opts ? opts.dataDir : undefined;
    return {
      db,
      engine,
      migrated,
      close: async () => {
        await db.destroy();
        // PGlite (Emscripten's file system) sets 0666 on the files it creates, whatever the umask: the
        // folder's 0700 keeps them private while it runs, and they are made 0600 again once closed.
        if (dataDir) await makePrivate(dataDir);
      },
    };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
