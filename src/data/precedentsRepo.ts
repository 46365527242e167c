/**
 * Precedents on this machine (docs/precedents.md): fetched from the server when a case opens and
 * the backend answers, stored per case, and read back from the store, so a case opened offline
 * shows the set it had, with the time it was computed.
 */
import { PrecedentsResponseSchema, type PrecedentsResponse } from '@common/api';
import { relayCalls } from './bridge';
import type { GavelDb } from './db';
import type { PrecedentRow } from './rows';
import { useKeyedLiveQuery } from './queries';
import { onStoreClosed, openStoreNow, useOpenStore } from './stores';

export type PrecedentPort = { forCase: (request: { caseId: string }) => Promise<PrecedentsResponse> };
const relayPort = (): PrecedentPort => relayCalls('precedents');

/** Asks the server for a case's precedents and stores the answer; throws when it cannot be reached (the stored set stays). */
export async function refreshPrecedents(db: GavelDb, caseId: string, port: PrecedentPort = relayPort(), now = new Date()): Promise<PrecedentRow> {
  const response = PrecedentsResponseSchema.parse(await port.forCase({ caseId }));
  const row: PrecedentRow = { caseId, fetchedAt: now.toISOString(), response };
  await db.precedents.put(row);
  await prunePrecedents(db, caseId);
  return row;
}

/**
 * Drops the stored precedents of cases no longer on this machine (decided and forgotten, taken
 * away, reassigned). Done here rather than where cases are removed, so those transactions need not
 * span this table; it reads only the keys of cases that have precedents stored, a few hundred at most.
 * It runs as a case opens, while the arbitrator works on it, so it never writes under `cases`: a
 * write transaction there, held open across its three steps, made the decision recorded next wait
 * for it (traced, docs/performance.md). The keys are read first, and only this table is written;
 * a case that comes back between the two just has its precedents fetched again when it opens.
 */
export async function prunePrecedents(db: GavelDb, keep?: string): Promise<number> {
  const ids = (await db.precedents.toCollection().primaryKeys()).filter((id) => id !== keep);
  if (ids.length === 0) return 0;
  // bulkGet asks for every row at once; a key range (`anyOf`) walks a cursor, one round trip a key.
  const present = await db.cases.bulkGet(ids);
  const gone = ids.filter((_, i) => present[i] === undefined);
  if (gone.length) await db.transaction('rw', db.precedents, () => db.precedents.bulkDelete(gone));
  return gone.length;
}

/** The stored precedents of a case, if they pass the wire schema (a row an older app wrote and this one cannot read is left out). */
export async function loadPrecedents(db: GavelDb, caseId: string): Promise<PrecedentRow | null> {
  const row = await db.precedents.get(caseId);
  if (!row) return null;
  const parsed = PrecedentsResponseSchema.safeParse(row.response);
  return parsed.success ? { ...row, response: parsed.data } : null;
}

/**
 * Stored precedents recently read or read ahead (the cases j, k and "commit and next" open), so the
 * next case shows its precedents in the frame it appears in, not a read later. Like the bundle
 * cache, one pair's: cleared when its store closes.
 */
const cache = new Map<string, PrecedentRow | null>();
const CACHE_SIZE = 12;
onStoreClosed(() => cache.clear());

async function readPrecedents(db: GavelDb, caseId: string): Promise<PrecedentRow | null> {
  const row = await loadPrecedents(db, caseId);
  // A read that outlived its pair's store is answered but not remembered for the next pair.
  if (openStoreNow()?.db === db) {
    cache.delete(caseId);
    cache.set(caseId, row);
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return row;
}

/** Reads the stored precedents of cases likely to open next, in the background. */
export function prefetchPrecedents(caseIds: readonly (string | null)[]): void {
  const db = openStoreNow()?.db;
  if (db) for (const id of caseIds) if (id && !cache.has(id)) void readPrecedents(db, id).catch(() => undefined);
}

/** The stored precedents of a case, live: null while there are none, undefined while reading. */
export function useStoredPrecedents(caseId: string): PrecedentRow | null | undefined {
  const db = useOpenStore()?.db ?? null;
  return useKeyedLiveQuery(
    // Keyed by store too: another pair's store may hold a case with the same id.
    db ? `${db.name}\u0000${caseId}` : null,
    async () => (db ? await readPrecedents(db, caseId) : null),
    () => (db ? cache.get(caseId) : null),
  );
}
