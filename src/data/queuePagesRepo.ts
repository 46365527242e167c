/**
 * Reading, packing and folding the queue's compact copy (queuePages.ts says how it stays exact).
 */
import type { GavelDb } from './db';
import { BUCKETS, BUCKETS_PER_TX, bucketOf, COMPLETE, GENERATION, packed } from './queuePages';
import type { CaseRow } from './rows';

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

/** The generation the store is at now. */
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
