/**
 * The workstation's window onto Dexie: live queries (re-run when the rows they read change).
 * Components import these, never Dexie, so the data layer stays the one place that knows how rows
 * are stored and indexed. Writes are the repositories' (outboxRepo, qaRepo, conflictsRepo), called
 * with `appDb()`; nothing here wraps them.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { MediaRef } from '@common/domain';
import { gavel, unwrap } from './bridge';
import { casesSharingMedia, loadBundle, partyOrders } from './casesRepo';
import { appDb } from './db';
import { queueIndexOf, type QueueSnapshot } from './queueIndex';
import { onStoreClosed, openStoreNow } from './stores';
import type { BundleRow, CaseRow, DecisionRow, OrderRow } from './rows';

export type QueueRows = QueueSnapshot;

/**
 * The queue's rows, from the in-memory queue index (see queueIndex.ts): the most urgent first page
 * at once, then all of them; afterwards only changed rows are re-read. Loading is `undefined`.
 */
export function useQueueRows(): QueueRows | undefined {
  const index = queueIndexOf(appDb());
  return useSyncExternalStore(index.subscribe, index.getSnapshot);
}

/** The queue's in-memory row for a case (the same object the queue's rows hold), if indexed. */
export function queueRow(caseId: string): CaseRow | undefined {
  return queueIndexOf(appDb()).get(caseId);
}

/**
 * A live query keyed by `key`, which answers from `fallback(key)` until the live result for that
 * key arrives. useLiveQuery alone would show the previous key's result (or nothing) for a frame or
 * more after the key changes; with a fallback from memory the next case renders at once.
 */
export function useKeyedLiveQuery<T>(key: string | null, query: () => Promise<T>, fallback: () => T | undefined): T | undefined {
  const live = useLiveQuery(async () => ({ key, value: await query() }), [key]);
  return live && live.key === key ? live.value : fallback();
}

export function useCaseRow(caseId: string | null): CaseRow | null | undefined {
  return useKeyedLiveQuery(
    caseId,
    async () => (caseId ? ((await appDb().cases.get(caseId)) ?? null) : null),
    () => (caseId ? queueIndexOf(appDb()).get(caseId) : null),
  );
}

export type BundleResult = { row: BundleRow | null; error: string | null };

/** Validated bundles recently read or prefetched, so moving to the next case needs no read first. */
const bundleCache = new Map<string, BundleResult>();
const BUNDLE_CACHE_SIZE = 12;
// Bundles are one pair's: another pair's store may hold a case with the same id and other evidence.
onStoreClosed(() => bundleCache.clear());
function rememberBundle(caseId: string, result: BundleResult): BundleResult {
  bundleCache.delete(caseId);
  bundleCache.set(caseId, result);
  while (bundleCache.size > BUNDLE_CACHE_SIZE) bundleCache.delete(bundleCache.keys().next().value!);
  return result;
}

async function readBundle(caseId: string): Promise<BundleResult> {
  try {
    const db = appDb();
    const result = { row: (await loadBundle(db, caseId)) ?? null, error: null };
    // A read that outlived its pair's store is answered but not remembered for the next pair.
    return openStoreNow()?.db === db ? rememberBundle(caseId, result) : result;
  } catch (e) {
    return { row: null, error: e instanceof Error ? e.message : String(e) };
  }
}

/** A case's evidence, re-validated on read (see loadBundle); an invalid stored bundle is an error, not a crash. */
export function useBundle(caseId: string | null): BundleResult | undefined {
  return useKeyedLiveQuery(
    caseId,
    () => (caseId ? readBundle(caseId) : Promise.resolve({ row: null, error: null })),
    () => (caseId ? bundleCache.get(caseId) : { row: null, error: null }),
  );
}

/** Reads and validates the bundles of cases the arbitrator is likely to open next, in the background. */
export function prefetchBundles(caseIds: readonly (string | null)[]): void {
  for (const id of caseIds) if (id && !bundleCache.has(id)) void readBundle(id);
}

/** A party's orders (buyer, merchant or affiliate side) since `sinceMs`, newest first. */
export function usePartyOrders(partyId: string | null, sinceMs: number): OrderRow[] | undefined {
  return useLiveQuery(async () => (partyId ? partyOrders(appDb(), partyId, sinceMs) : []), [partyId, sinceMs]);
}

export type MediaReuse = ReadonlyMap<string, { id: string; externalId: string }[]>;

/** For each media hash of a case, the other local cases whose evidence holds the same file. */
export function useMediaReuse(caseId: string, shas: readonly string[]): MediaReuse | undefined {
  const key = shas.join(',');
  return useLiveQuery(async () => {
    const db = appDb();
    const bySha = await casesSharingMedia(db, caseId, key ? key.split(',') : []);
    const ids = [...new Set([...bySha.values()].flat())];
    const rows = await db.cases.bulkGet(ids);
    const ext = new Map(rows.map((r, i) => [ids[i]!, r?.externalId ?? ids[i]!]));
    return new Map([...bySha].map(([sha, list]) => [sha, list.map((id) => ({ id, externalId: ext.get(id) ?? id }))]));
  }, [caseId, key]);
}

/** Whether a mutation still waits in the outbox (undefined while unknown, or for no id). */
export function useStillQueued(clientId: string | null): boolean | undefined {
  return useLiveQuery(async () => (clientId ? (await appDb().outbox.where('clientId').equals(clientId).count()) > 0 : undefined), [clientId]);
}

export type UndoableDecision = DecisionRow & { externalId: string };

/**
 * Decisions still on this machine and not yet sent: the ones undo may take back. Newest first.
 * A decision whose outbox row has `sentAt` may already be applied, so it is not offered.
 */
export function useUndoableDecisions(): UndoableDecision[] | undefined {
  return useLiveQuery(async () => {
    const db = appDb();
    // Two reads, not a cursor and two more: the outbox in one request, then its decisions and their
    // cases together. This runs again after every write to these tables (each push), and each read
    // holds up a decision being recorded behind it.
    const unsent = (await db.outbox.toArray()).filter((r) => r.type === 'decide' && r.sentAt === null);
    const [decisions, cases] = await Promise.all([db.decisions.bulkGet(unsent.map((r) => r.clientId)), db.cases.bulkGet(unsent.map((r) => r.caseId))]);
    return decisions
      .flatMap((d, i) => (d !== undefined && d.state === 'pending' ? [{ ...d, externalId: cases[i]?.externalId ?? d.caseId }] : []))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }, []);
}

export type MediaUrl = { status: 'loading' } | { status: 'ready'; url: string } | { status: 'error'; error: unknown };

/**
 * A same-origin URL for a media item, fetched and sha256-verified by main on first use. Pass null
 * to fetch nothing (media stay unfetched until the arbitrator reveals them).
 */
export function useMediaUrl(media: MediaRef | null): MediaUrl | null {
  const [state, setState] = useState<MediaUrl | null>(null);
  const key = media ? `${media.sha256}|${media.uri}` : null;
  useEffect(() => {
    if (!media || !key) {
      setState(null);
      return;
    }
    let live = true;
    setState({ status: 'loading' });
    unwrap(gavel().media.get({ sha256: media.sha256, uri: media.uri, mimeType: media.mimeType, bytes: media.bytes }))
      .then((r) => live && setState({ status: 'ready', url: r.url }))
      .catch((e: unknown) => live && setState({ status: 'error', error: e }));
    return () => {
      live = false;
    };
    // The key covers the fields the request uses.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}

/** The newest decision recorded on this machine for a case (any state), or null. */
export function useLocalDecision(caseId: string): DecisionRow | null | undefined {
  return useLiveQuery(async () => {
    const rows = await appDb().decisions.where('caseId').equals(caseId).toArray();
    return rows.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;
  }, [caseId]);
}
