/**
 * The queue's in-memory index of case rows.
 *
 * Reading 100k rows out of IndexedDB takes seconds, so the queue must not re-read the table when
 * one row changes (a decision, a pull page of 100). The index reads the table once (the most
 * urgent FIRST_PAGE rows first, so the queue is usable at once, then everything), and afterwards
 * takes the rows each committed transaction wrote from the database's commit hook
 * (`GavelDb.onCasesCommitted`), without reading them again. Components read it through `useQueueRows`.
 *
 * The whole table is read from its compact copy (queuePages.ts) where that copy is complete: a few
 * hundred records instead of one per case. Otherwise row by row, and the copy is packed afterwards
 * from the rows read, in idle time (`maintain`); the overlay of rows written since is folded into it
 * the same way once it grows.
 */
import type { CasesCommitted, GavelDb } from './db';
import { nextIdle } from './idleWork';
import { FOLD_AT } from './queuePages';
import { foldQueueOverlay, packQueuePages, readGeneration, readQueuePages } from './queuePagesRepo';
import type { CaseRow } from './rows';

/** In a page (not Node tests, which call `maintain` themselves): the compact copy is kept up in idle time. */
const IN_PAGE = typeof requestIdleCallback === 'function';

/** How many of the most urgent cases the queue reads first, before the whole table. */
export const FIRST_PAGE = 300;

/** A commit of this many rows or more is a bulk write: a pull page, an import. */
export const BULK_ROWS = 100;
/**
 * While bulk commits follow one another (a first sync writes a page every half second), the queue
 * is shown anew at most this often. Each new snapshot re-sorts, re-warms and redraws every row: on
 * a first sync of 10k cases, the queue on screen cost the renderer about a fifth more CPU than
 * another page did, on a machine the sync keeps busy (docs/performance.md).
 * The first bulk commit after a pause, and any small one (a decision, a note), shows at once.
 */
export const BULK_PUBLISH_MS = 1500;

export type QueueSnapshot = {
  /** Every indexed row, in no particular order. A new array whenever anything changed. */
  rows: readonly CaseRow[];
  /** False while only the first page has been read. */
  complete: boolean;
  /** Rows in the table (known from a count while the full read is under way). */
  total: number;
  /** Bumps on every change; cheap identity for memoisation. */
  version: number;
};

export class QueueIndex {
  private readonly byId = new Map<string, CaseRow>();
  private readonly listeners = new Set<() => void>();
  private snapshot: QueueSnapshot | null = null;
  private version = 0;
  private complete = false;
  private countWhilePartial = 0;
  private loading: Promise<void> | null = null;
  /** Commits seen while a read was in flight: the read may predate them, so they are re-read after. */
  private dirtyDuringLoad: Set<string> | 'all' | null = null;
  private unsubscribe: (() => void) | null = null;
  private applying: Promise<void> = Promise.resolve();
  /** Whether the rows came from the compact copy (or the copy was packed from them since). */
  private readPacked = false;
  private maintaining: Promise<void> | null = null;
  private lastFoldCheck = 0;
  /** When a bulk commit was last shown (Date.now()); the timer and promise of a showing still to come. */
  private lastBulkPublish = Number.NEGATIVE_INFINITY;
  private publishTimer: ReturnType<typeof setTimeout> | null = null;
  private pendingPublish: Promise<void> | null = null;
  private resolvePending: (() => void) | null = null;

  constructor(private readonly db: GavelDb) {}

  /** Starts reading (once) and following commits. Resolves when the whole table is indexed. */
  start(): Promise<void> {
    this.unsubscribe ??= this.db.onCasesCommitted((rows) => this.onCommitted(rows));
    if (!this.loading) {
      this.loading = this.load();
      if (IN_PAGE) void this.loading.then(() => this.scheduleMaintenance(3000));
    }
    return this.loading;
  }

  /** Whether the last full read came from the compact copy (benches, tests). */
  get readFromPages(): boolean {
    return this.readPacked;
  }

  /**
   * Brings the compact copy up to date: packs it from the indexed rows when the full read had to go
   * row by row, or folds the overlay into it once that holds FOLD_AT rows or more (`fold`: any).
   * Runs in idle periods, a few buckets at a time; returns what it did.
   */
  async maintain(fold: 'auto' | 'any' = 'auto'): Promise<'packed' | 'folded' | 'nothing'> {
    await this.settled();
    // A table its first page covers is read whole at once: no copy is needed.
    if (!this.complete || !this.db.isOpen() || this.byId.size <= FIRST_PAGE) return 'nothing';
    if (!this.readPacked) {
      // The generation now, then every commit reported before it: a large write that reset the copy
      // (a pull page) has its rows here from its commit hook, which ran before this read returned.
      const generation = await readGeneration(this.db);
      await this.settled();
      const packed = await packQueuePages(this.db, [...this.byId.values()], generation, () => nextIdle());
      // From now on the copy stands for the table (reads at this generation, with the overlay).
      if (packed) this.readPacked = true;
      else if (IN_PAGE) {
        // Reset meanwhile (a sync still writing pages): try again once it has been quiet a while.
        setTimeout(() => this.scheduleMaintenance(0), 10_000);
      }
      return packed ? 'packed' : 'nothing';
    }
    const waiting = await this.db.queueOverlay.count();
    if (waiting === 0 || (fold === 'auto' && waiting < FOLD_AT)) return 'nothing';
    await foldQueueOverlay(this.db, () => nextIdle());
    return 'folded';
  }

  private scheduleMaintenance(delayMs: number): void {
    if (this.maintaining) return;
    this.maintaining = new Promise<void>((r) => setTimeout(r, delayMs))
      .then(() => nextIdle())
      .then(() => this.maintain())
      .then(
        () => undefined,
        (e: unknown) => console.warn('queue index: keeping the compact copy failed (the next start reads row by row)', e),
      )
      .finally(() => {
        this.maintaining = null;
      });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.publishTimer) this.publish();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The current rows; the same object until something changes (useSyncExternalStore's contract). */
  getSnapshot = (): QueueSnapshot | undefined => {
    if (this.version === 0) return undefined;
    this.snapshot ??= {
      rows: [...this.byId.values()],
      complete: this.complete,
      total: this.complete ? this.byId.size : Math.max(this.countWhilePartial, this.byId.size),
      version: this.version,
    };
    return this.snapshot;
  };

  get(id: string): CaseRow | undefined {
    return this.byId.get(id);
  }

  /** Resolves once every commit reported so far is reflected in the index and its snapshot (tests, benches). */
  async settled(): Promise<void> {
    await this.loading;
    await this.applying;
    await this.pendingPublish;
  }

  private async load(): Promise<void> {
    this.dirtyDuringLoad = null;
    const [first, total] = await Promise.all([this.db.cases.orderBy('dueAtMs').limit(FIRST_PAGE).toArray(), this.db.cases.count()]);
    for (const r of first) this.byId.set(r.id, r);
    this.countWhilePartial = total;
    this.complete = first.length >= total;
    this.publish();
    if (!this.complete) {
      // Let the first page paint before the long read.
      await new Promise((r) => setTimeout(r, 0));
      const packed = await readQueuePages(this.db).catch((e: unknown) => {
        console.warn('queue index: the compact copy could not be read; reading row by row', e);
        return null;
      });
      if (packed) {
        this.byId.clear();
        for (const r of packed.rows) this.byId.set(r.id, r);
        this.readPacked = true;
        this.complete = true;
        this.publish();
      } else await this.reloadAll();
    }
    const dirty = this.dirtyDuringLoad as Set<string> | 'all' | null;
    this.dirtyDuringLoad = null;
    if (dirty === 'all') await this.reloadAll();
    else if (dirty?.size) await this.reread([...dirty]);
  }

  private onCommitted(rows: CasesCommitted): void {
    if (this.version === 0 || !this.complete) {
      // A read is in flight and may have missed this commit: remember it for afterwards.
      if (rows === null || this.dirtyDuringLoad === 'all') this.dirtyDuringLoad = 'all';
      else {
        this.dirtyDuringLoad ??= new Set();
        for (const id of rows.keys()) this.dirtyDuringLoad.add(id);
      }
      return;
    }
    // Serialised behind any read still in flight, so an older read cannot overwrite these rows.
    this.applying = this.applying.then(() => (rows === null ? this.reloadAll() : this.applyRows(rows))).catch((e: unknown) => {
      console.error('queue index: re-reading changed cases failed', e);
    });
    // Now and then (a pull writes pages of rows), see whether the overlay wants folding.
    if (IN_PAGE && Date.now() - this.lastFoldCheck > 30_000) {
      this.lastFoldCheck = Date.now();
      this.scheduleMaintenance(5000);
    }
  }

  /** A committed transaction's rows, as written (a pull page of 500 is not read back from IndexedDB). */
  private applyRows(rows: ReadonlyMap<string, CaseRow | null>): void {
    if (rows.size === 0) return;
    for (const [id, row] of rows) {
      if (row) this.byId.set(id, row);
      else this.byId.delete(id);
    }
    if (rows.size >= BULK_ROWS) this.publishBulk();
    else this.publish();
  }

  /** Shows a bulk commit now, or with the next one due (BULK_PUBLISH_MS after the last bulk showing). */
  private publishBulk(): void {
    if (this.publishTimer) return;
    const show = () => {
      this.publish();
      this.lastBulkPublish = Date.now();
    };
    const wait = this.lastBulkPublish + BULK_PUBLISH_MS - Date.now();
    if (wait <= 0) return show();
    this.pendingPublish = new Promise((resolve) => (this.resolvePending = resolve));
    this.publishTimer = setTimeout(() => {
      this.publishTimer = null;
      show();
    }, wait);
  }

  private async reread(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = await this.db.cases.bulkGet([...ids]);
    ids.forEach((id, i) => {
      const row = rows[i];
      if (row) this.byId.set(id, row);
      else this.byId.delete(id);
    });
    this.publish();
  }

  private async reloadAll(): Promise<void> {
    const all = await this.db.cases.toArray();
    this.byId.clear();
    for (const r of all) this.byId.set(r.id, r);
    // Read row by row: the compact copy is packed again from these rows.
    this.readPacked = false;
    this.complete = true;
    this.publish();
    if (IN_PAGE) this.scheduleMaintenance(3000);
  }

  private publish(): void {
    if (this.publishTimer) {
      clearTimeout(this.publishTimer);
      this.publishTimer = null;
    }
    this.version++;
    this.snapshot = null;
    for (const l of this.listeners) l();
    this.resolvePending?.();
    this.resolvePending = null;
    this.pendingPublish = null;
  }
}

const indexes = new WeakMap<GavelDb, QueueIndex>();

/** The one queue index of a database, started on first use. */
export function queueIndexOf(db: GavelDb): QueueIndex {
  let index = indexes.get(db);
  if (!index) {
    index = new QueueIndex(db);
    indexes.set(db, index);
  }
  void index.start();
  return index;
}
