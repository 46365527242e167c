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
 * - A large write (a pull page) while the copy is not complete does the same instead of writing an
 *   overlay row per case: nobody reads an incomplete copy, and a packing under way stops at the
 *   new generation. A first sync of 10k cases so writes one record a page instead of 500
 *   (docs/performance.md); the copy is packed from the queue index's rows once it is over.
 * - The packing is built from the queue index's rows, read at one generation; rows the index has
 *   not caught up with yet are in the overlay, which wins and is folded in bucket by bucket. It is
 *   marked complete last, and only if the generation has not changed meanwhile.
 * - Folding the overlay into its buckets happens in one transaction per group of buckets, which also
 *   deletes the folded overlay rows: case writes include both stores, so they are serialised with it.
 * A store without the complete mark (new, upgraded, reset) is read row by row, as before, and packed
 * afterwards.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTransaction, Middleware } from 'dexie';
import type { CaseRow } from './rows';

/** Buckets the rows are packed into: ~800 rows each at 100k, ~8k at 1M. */
export const BUCKETS = 128;
/** Key of the record that says the packing is complete (and at which generation). */
export const COMPLETE = -1;
/** Key of the record holding the current generation (changed by every reset). */
export const GENERATION = -2;
/** The overlay is folded into the buckets once it holds this many rows. */
export const FOLD_AT = 500;
/**
 * Buckets written per transaction while packing or folding. Every decision's transaction includes
 * the two stores and waits for one of these: two buckets (~1,600 rows at 100k) keep that wait to a
 * few milliseconds; sixteen held a keystroke up to 140 ms in the workstation bench.
 */
export const BUCKETS_PER_TX = 2;
/** A write of this many rows or more resets an incomplete copy rather than adding to its overlay. */
export const RESET_AT = 100;

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
export function packed(row: CaseRow): CaseRow {
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
              const trans: DBCoreTransaction = req.trans;
              const resetThen = (res: DBCoreMutateResponse): Promise<DBCoreMutateResponse> => {
                const all = { type: 'deleteRange' as const, trans, range: { type: 3 as const, lower: -Infinity, upper: [[]], lowerOpen: false, upperOpen: false } };
                return Promise.all([overlay.mutate(all), pages.mutate(all)])
                  .then(() => pages.mutate({ type: 'put', trans, values: [{ bucket: GENERATION, rows: [], generation: newGeneration() }] }))
                  .then(() => res);
              };
              // A put or delete of a few rows (a decision, a push's results, a heartbeat) places its
              // overlay rows beside its own, in the same round trip: waiting for the write's answer
              // first cost one more trip through the page's main thread, with the decision's
              // transaction open (traced: 20 ms of a 26 ms keystroke on a busy page). A put to
              // `cases` fails row by row only on a unique index, which it has none of; if one ever
              // did, the overlay would hold a row `cases` does not, so the copy is reset instead.
              if (req.type === 'delete' || (req.type === 'put' && req.values.length < RESET_AT)) {
                const rows = overlayRows(req);
                if (rows.length > 0) return Promise.all([table.mutate(req), overlay.mutate({ type: 'put', trans, values: rows })]).then(([res]) => (res.numFailures > 0 ? resetThen(res) : res));
              }
              return table.mutate(req).then((res) => {
                const reset = () => resetThen(res);
                if (req.type === 'deleteRange') return reset();
                if (req.type !== 'delete' && req.values.length >= RESET_AT) {
                  return pages.getMany({ trans, keys: [COMPLETE, GENERATION] }).then(([complete, current]: (QueuePageRow | undefined)[]) =>
                    complete && (complete.generation ?? null) === (current?.generation ?? null) ? writeOverlay(req, res) : reset(),
                  );
                }
                return writeOverlay(req, res);
              });
            },
          };
          /** The written rows (or tombstones) into the overlay, in the writer's transaction. */
          function writeOverlay(req: DBCoreMutateRequest, res: DBCoreMutateResponse): Promise<DBCoreMutateResponse> {
            if (req.type === 'deleteRange') return Promise.resolve(res);
            const values = overlayRows(req, res.failures);
            if (values.length === 0) return Promise.resolve(res);
            return overlay.mutate({ type: 'put', trans: req.trans, values }).then(() => res);
          }
        },
      };
    },
  };
}

/** The overlay rows of a write to `cases`: each row written (less those that failed), or a tombstone per deleted key. */
function overlayRows(req: Exclude<DBCoreMutateRequest, { type: 'deleteRange' }>, failures: DBCoreMutateResponse['failures'] = {}): QueueOverlayRow[] {
  return req.type === 'delete'
    ? req.keys.map((id: string) => ({ id, bucket: bucketOf(id), row: null }))
    : (req.values as CaseRow[]).filter((_, i) => !failures[i]).map((row) => ({ id: row.id, bucket: bucketOf(row.id), row: packed(row) }));
}

function newGeneration(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
