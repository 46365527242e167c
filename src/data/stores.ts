/**
 * One local store per (backend, account) pair: its own IndexedDB database (cases, bundles, orders,
 * outbox, conflicts, cursor, QA items), named by main (`SessionStatus.store`). The store of the pair
 * signed in is the only one open; `appDb()` answers with it, and the shell renders nothing that
 * reads a store while none is open, so no row of one pair is ever on screen for another.
 *
 * Closing is synchronous (listeners reset what UI state named the old pair's rows, before anything
 * renders again); opening is asynchronous (Dexie opens, the old shared database hands over this
 * pair's share the first time).
 */
import { create } from 'zustand';
import { GavelDb, setAppDb } from './db';
import { LEGACY_VIEWS_KEY, migrateLegacyStore } from './legacyStore';
import { warmPolicies } from './policies';

export type OpenStore = { id: string; db: GavelDb };

const useStoreState = create<{ open: OpenStore | null }>(() => ({ open: null }));

/** The open pair's store, or null while none is (signed out, or between two pairs). */
export const useOpenStore = (): OpenStore | null => useStoreState((s) => s.open);
export const openStoreNow = (): OpenStore | null => useStoreState.getState().open;

const closedListeners = new Set<() => void>();

/**
 * Called (synchronously) whenever the open store closes, before another opens: module state that
 * holds rows or ids of the old pair (bundle cache, selection, the draft, the open case) is dropped.
 */
export function onStoreClosed(listener: () => void): () => void {
  closedListeners.add(listener);
  return () => closedListeners.delete(listener);
}

/** Closes the open store at once (nothing reads it from here on); the database stays on disk. */
export function closeStore(): void {
  const open = useStoreState.getState().open;
  if (!open) return;
  setAppDb(null);
  useStoreState.setState({ open: null });
  setStoreAttribute(null);
  for (const l of [...closedListeners]) l();
  open.db.close();
}

/**
 * Opens the store `id` for the account `owner` (the server's user id) and makes it the one the app
 * reads. The first time a pair opens on a machine that kept the old shared database, the pair's
 * share of it moves in first.
 */
export async function openStore(id: string, owner: string): Promise<GavelDb> {
  const current = useStoreState.getState().open;
  if (current?.id === id) return current.db;
  closeStore();
  const db = new GavelDb(id, { owner });
  await db.open();
  await adoptLegacy(db, id, owner);
  // A case opened right away is judged (and its form unlocked) at its first paint.
  await warmPolicies(db);
  setAppDb(db);
  useStoreState.setState({ open: { id, db } });
  setStoreAttribute(id);
  return db;
}

async function adoptLegacy(db: GavelDb, id: string, owner: string): Promise<void> {
  try {
    const moved = await migrateLegacyStore(db, owner);
    if (moved && typeof localStorage !== 'undefined') {
      const views = localStorage.getItem(LEGACY_VIEWS_KEY);
      if (views !== null && localStorage.getItem(savedViewsKey(id)) === null) localStorage.setItem(savedViewsKey(id), views);
      if (moved.removed) localStorage.removeItem(LEGACY_VIEWS_KEY);
    }
  } catch (error) {
    // The old database stays as it was (each side is one transaction): tried again next time.
    console.error('moving the shared local database into this account failed; it is kept and tried again at the next sign-in', error);
  }
}

/** Where a pair keeps its saved queue views (localStorage). */
export function savedViewsKey(storeId: string): string {
  return `${LEGACY_VIEWS_KEY}:${storeId}`;
}

/**
 * The open store's name on the document (`data-store`): for diagnosis in the inspector, and for
 * tests and benches that read the store as the app wrote it.
 */
function setStoreAttribute(id: string | null): void {
  if (typeof document === 'undefined') return;
  if (id === null) delete document.documentElement.dataset.store;
  else document.documentElement.dataset.store = id;
}
