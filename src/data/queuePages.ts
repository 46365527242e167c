/**
 * The queue's compact copy of the case rows (issue 20 §4, docs/performance.md): the rows packed
 * into BUCKETS records (by a hash of the case id), plus an overlay of the rows written since the
 * packing. Reading 100k rows one record each costs IndexedDB (and the structured-clone reader) per
 * row; reading 128 records of ~800 rows costs a fraction of it, so the queue has every case in
 * memory about a second sooner.
 *
 * Exact by construction, not by timing:
 * - Every transaction that writes `cases` also writes the overlay, in the same IndexedDB
 *   transaction (the middleware below adds the two stores to its scope): the written row, or a
 *   tombstone for a deleted one. The overlay always holds the latest committed version of every
 *   row written since the packing.
 * - A range delete or a clear of `cases` (signing out wipes the store; nothing else does it) empties
 *   both stores and stamps a new generation, so no packed row outlives it.
 * - The packing is built from the queue index's rows, read at one generation; rows the index has
 *   not caught up with yet are in the overlay, which wins and is folded in bucket by bucket. It is
 *   marked complete last, and only if the generation has not changed meanwhile.
 * - Folding the overlay into its buckets happens in one transaction per group of buckets, which also
 *   deletes the folded overlay rows: case writes include both stores, so they are serialised with it.
 * A store without the complete mark (new, upgraded, reset) is read row by row, as before, and packed
 * afterwards.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTransaction, Middleware } from 'dexie';
import type { GavelDb } from './db';
import type { CaseRow } from './rows';

/** Buckets the rows are packed into: ~800 rows each at 100k, ~8k at 1M. */
export const BUCKETS = 128;
/** Key of the record that says the packing is complete (and at which generation). */
export const COMPLETE = -1;
/** Key of the record holding the current generation (changed by every reset). */
export const GENERATION = -2;
/** The overlay is folded into the buckets once it holds this many rows. */
export const FOLD_AT = 500;
/** Buckets written per transaction while packing or folding (each one a short stretch of main-thread work). */
const BUCKETS_PER_TX = 16;

export type QueuePageRow = { bucket: number; rows: CaseRow[]; generation?: string };
export type QueueOverlayRow = { id: string; bucket: number; row: CaseRow | null };

/** The bucket of a case id (FNV-1a over its UTF-16 code units). */
export function bucketOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % BUCKETS;
}

/** A row as packed: without its search tokens where it has its search text (the queue reads only that). */
function packed(row: CaseRow): CaseRow {
  return row.searchText === undefined || row.tokens.length === 0 ? row : { ...row, tokens: [] };
}

/**
 * Adds the two stores to every read-write transaction over `cases`, and writes the overlay beside
 * each write to `cases` (or resets both on a range delete). Dexie's IndexedDB core hands the
 * IDBTransaction down as the DBCore transaction.
 */
export function queuePagesMiddleware(): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'gavel-queue-pages',
    create(down) {
      // Opened at an older schema (an upgrade under way): nothing to keep yet.
      if (!['queuePages', 'queueOverlay'].every((n) => down.schema.tables.some((t) => t.name === n))) return down;
      return {
        ...down,
        transaction(stores, mode, options) {
          const widened = mode === 'readwrite' && stores.includes('cases') ? [...new Set([...stores, 'queuePages', 'queueOverlay'])] : stores;
          return down.transaction(widened, mode, options);
        },
        table(name) {
          const table = down.table(name);
          if (name !== 'cases') return table;
          const overlay = down.table('queueOverlay');
          const pages = down.table('queuePages');
          return {
            ...table,
            // No async/await: Dexie tracks its transaction through its own promises.
            mutate(req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
              return table.mutate(req).then((res) => {
                const trans: DBCoreTransaction = req.trans;
                if (req.type === 'deleteRange') {
                  const all = { type: 'deleteRange' as const, trans, range: { type: 3 as const, lower: -Infinity, upper: [[]], lowerOpen: false, upperOpen: false } };
                  return Promise.all([overlay.mutate(all), pages.mutate(all)])
                    .then(() => pages.mutate({ type: 'put', trans, values: [{ bucket: GENERATION, rows: [], generation: newGeneration() }] }))
                    .then(() => res);
                }
                const values: QueueOverlayRow[] =
                  req.type === 'delete'
                    ? req.keys.map((id: string) => ({ id, bucket: bucketOf(id), row: null }))
                    : (req.values as CaseRow[]).filter((_, i) => !res.failures[i]).map((row) => ({ id: row.id, bucket: bucketOf(row.id), row: packed(row) }));
                if (values.length === 0) return res;
                return overlay.mutate({ type: 'put', trans, values }).then(() => res);
              });
            },
          };
        },
      };
    },
  };
}

function newGeneration(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export type QueueSnapshotRead = { rows: CaseRow[]; generation: string | null };

/** The packed rows with the overlay applied, or null where the packing is not complete (read row by row then). */
export async function readQueuePages(db: GavelDb): Promise<QueueSnapshotRead | null> {
  return db.transaction('r', [db.queuePages, db.queueOverlay], async () => {
    const [records, overlay] = await Promise.all([db.queuePages.toArray(), db.queueOverlay.toArray()]);
    const generation = records.find((r) => r.bucket === GENERATION)?.generation ?? null;
    const complete = records.find((r) => r.bucket === COMPLETE);
    if (!complete || (complete.generation ?? null) !== generation) return null;
    const byId = new Map<string, CaseRow>();
    for (const r of records) if (r.bucket >= 0) for (const row of r.rows) byId.set(row.id, row);
    for (const o of overlay) {
      if (o.row) byId.set(o.id, o.row);
      else byId.delete(o.id);
    }
    return { rows: [...byId.values()], generation };
  });
}

/** The generation the store is at now (read with a full read of the rows, so the two agree). */
export async function readGeneration(db: GavelDb): Promise<string | null> {
  return (await db.queuePages.get(GENERATION))?.generation ?? null;
}

/**
 * Packs `rows` (the queue index's, read at `generation`) into the buckets, a few per transaction,
 * and marks the packing complete if the store is still at that generation. Returns whether it did.
 */
export async function packQueuePages(db: GavelDb, rows: readonly CaseRow[], generation: string | null, between: () => Promise<void> = () => Promise.resolve()): Promise<boolean> {
  const buckets: CaseRow[][] = Array.from({ length: BUCKETS }, () => []);
  for (const r of rows) buckets[bucketOf(r.id)]!.push(packed(r));
  for (let b = 0; b < BUCKETS; b += BUCKETS_PER_TX) {
    await between();
    const ok = await db.transaction('rw', [db.queuePages, db.queueOverlay], async () => {
      if (((await db.queuePages.get(GENERATION))?.generation ?? null) !== generation) return false;
      // The first group starts over: the complete mark goes first, so a packing cut short is never read.
      if (b === 0) await db.queuePages.delete(COMPLETE);
      // The overlay holds the latest version of every row written since the rows were read: it
      // wins over them, and is folded in here with its buckets.
      const entries = await db.queueOverlay.where('bucket').between(b, b + BUCKETS_PER_TX, true, false).toArray();
      const maps = buckets.slice(b, b + BUCKETS_PER_TX).map((rows) => new Map(rows.map((r) => [r.id, r])));
      for (const e of entries) {
        const m = maps[e.bucket - b]!;
        if (e.row) m.set(e.id, e.row);
        else m.delete(e.id);
      }
      await db.queuePages.bulkPut(maps.map((m, i) => ({ bucket: b + i, rows: [...m.values()] })));
      await db.queueOverlay.bulkDelete(entries.map((e) => e.id));
      return true;
    });
    if (!ok) return false;
  }
  return db.transaction('rw', db.queuePages, async () => {
    if (((await db.queuePages.get(GENERATION))?.generation ?? null) !== generation) return false;
    await db.queuePages.put({ bucket: COMPLETE, rows: [], ...(generation === null ? {} : { generation }) });
    return true;
  });
}

/** Folds the overlay into its buckets, a few buckets per transaction. Returns the rows folded. */
export async function foldQueueOverlay(db: GavelDb, between: () => Promise<void> = () => Promise.resolve()): Promise<number> {
  let folded = 0;
  for (let b = 0; b < BUCKETS; b += BUCKETS_PER_TX) {
    await between();
    folded += await db.transaction('rw', [db.queuePages, db.queueOverlay], async () => {
      if (!(await db.queuePages.get(COMPLETE))) return 0;
      const entries = await db.queueOverlay.where('bucket').between(b, b + BUCKETS_PER_TX, true, false).toArray();
      if (entries.length === 0) return 0;
      const touched = [...new Set(entries.map((e) => e.bucket))];
      const pages = await db.queuePages.bulkGet(touched);
      const maps = new Map(touched.map((bucket, i) => [bucket, new Map((pages[i]?.rows ?? []).map((r) => [r.id, r]))]));
      for (const e of entries) {
        const m = maps.get(e.bucket)!;
        if (e.row) m.set(e.id, e.row);
        else m.delete(e.id);
      }
      await db.queuePages.bulkPut([...maps].map(([bucket, m]) => ({ bucket, rows: [...m.values()] })));
      await db.queueOverlay.bulkDelete(entries.map((e) => e.id));
      return entries.length;
    });
  }
  return folded;
}
