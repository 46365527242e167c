/**
 * The signed-in pair's SyncEngine and the hooks that expose its state. Each (backend, account) pair
 * has its own store and its own engine: when the session changes to another pair, the old engine
 * stops (its round in flight ends first), the old store closes, and the new pair's store opens with
 * an engine of its own. A connection coming back nudges the engine at once instead of waiting out
 * the backoff.
 */
import { create } from 'zustand';
import { settingsPatchSchema } from '@common/ipc/settings';
import type { SessionStatus } from '@common/ipc/types';
import { gavel, hasBridge, unwrap } from '../data/bridge';
import type { ConflictResolution } from '../data/conflictsRepo';
import { appDb } from '../data/db';
import { closeStore, openStore, openStoreNow } from '../data/stores';
import { ConflictActionError, resolveConflictWith } from './conflictResolution';
import { SyncEngine, UNDO_WINDOW_MS, type Progress, type SyncPort, type SyncState } from './engine';
import { ipcSyncPort } from './ipcPort';

type Store = {
  sync: SyncState;
  session: SessionStatus | null;
  /** navigator.storage.persist() result: false means the browser may evict local data under pressure. */
  persisted: boolean | null;
};

const initial: SyncState = { online: false, busy: false, lastSyncAt: null, lastError: null, lastErrorCode: null, lastFailure: null, progress: null };
const useStore = create<Store>(() => ({ sync: initial, session: null, persisted: null }));

/** The engine of the open pair, and the port it talks through. */
let current: { store: string; engine: SyncEngine; port: SyncPort; unsubscribe: () => void } | null = null;
/** Pair switches run one after another, in the order the sessions arrived. */
let switching: Promise<void> = Promise.resolve();
let wanted: string | null = null;

/** Standalone first run: an empty store gets the demo arbitrator a first batch to work on. */
const FIRST_RUN_CHECKOUT = 50;

/** Stops the open pair's engine and closes its store; what it saved stays on disk for its next sign-in. */
async function leavePair(): Promise<void> {
  const leaving = current;
  current = null;
  // Nothing of the old pair is rendered from here on, even while its last round winds down.
  closeStore();
  useStore.setState({ sync: initial });
  if (!leaving) return;
  leaving.unsubscribe();
  leaving.engine.stop();
  await leaving.engine.idle();
}

async function enterPair(session: SessionStatus): Promise<void> {
  const store = session.store;
  const user = session.user;
  if (!store || !user) return;
  const db = await openStore(store, user.id);
  if (wanted !== store) return; // another switch came in while this store opened
  const port = ipcSyncPort(store);
  const engine = new SyncEngine(db, port, { undoWindowMs: UNDO_WINDOW_MS });
  const unsubscribe = engine.subscribe((sync) => useStore.setState({ sync }));
  current = { store, engine, port, unsubscribe };
  engine.start();
  if (session.standalone) {
    void db.cases
      .count()
      .then((n) => (n === 0 ? checkoutForOffline(FIRST_RUN_CHECKOUT) : 0))
      .catch(() => undefined);
  }
}

function onSession(session: SessionStatus): Promise<void> {
  const next = session.user ? session.store : null;
  const same = next === wanted;
  wanted = next;
  // The session shown changes at once; the old pair's rows are gone before it does.
  if (!same) {
    const open = openStoreNow();
    if (open && open.id !== next) closeStore();
  }
  useStore.setState({ session });
  if (same) return switching;
  switching = switching
    .then(async () => {
      if (wanted !== next) return;
      if (current?.store === next) return;
      await leavePair();
      if (next && wanted === next) await enterPair(session);
    })
    .catch((error: unknown) => console.error('switching the local store failed', error));
  return switching;
}

/** Called once at startup: follows sign-in, and syncs as soon as the backend is reachable again. */
export async function startSync(): Promise<void> {
  if (!hasBridge()) return;
  const api = gavel();
  api.on('session:changed', (s) => void onSession(s));
  api.on('connection:state', (state) => {
    if (state.status === 'online') current?.engine.nudge();
  });
  // Ask navigator for persistent storage so the browser never evicts undecided work under pressure.
  if (typeof navigator.storage?.persist === 'function') {
    void navigator.storage.persist().then((persisted) => useStore.setState({ persisted }), () => useStore.setState({ persisted: false }));
  }
  await onSession(await unwrap(api.session.status()));
}

export const useSyncState = (): SyncState => useStore((s) => s.sync);
export const useSessionStatus = (): SessionStatus | null => useStore((s) => s.session);
export const useStoragePersisted = (): boolean | null => useStore((s) => s.persisted);

function engineNow(): SyncEngine {
  if (!current) throw new Error('Nobody is signed in.');
  return current.engine;
}

export async function syncNow(): Promise<void> {
  await engineNow().syncNow();
}

/** Claims cases for offline work with the policy's long lease, reporting progress. */
export async function checkoutForOffline(count: number, onProgress?: (p: Progress) => void): Promise<number> {
  const e = engineNow();
  const got = await e.checkout(count, onProgress);
  await e.syncNow(true).catch(() => undefined);
  return got;
}

/** Signs in to the configured backend (main keeps the tokens; the renderer gets the status). */
export async function signIn(username: string, password: string): Promise<SessionStatus> {
  const status = await unwrap(gavel().session.login({ username, password }));
  await onSession(status);
  return status;
}

export class PendingWorkError extends Error {
  constructor(readonly pending: number) {
    super(`${pending} mutations have not reached the server yet.`);
    this.name = 'PendingWorkError';
  }
}

/** How many mutations of the open pair have not reached the server (0 when signed out). */
export async function pendingWork(): Promise<number> {
  return openStoreNow() ? appDb().outbox.count() : 0;
}

/**
 * Signs out, refusing while decisions are still waiting to sync unless `force` is given after the
 * arbitrator has seen the warning. Forced or not, the outbox stays in the pair's store: it syncs
 * the next time this pair signs in.
 */
export async function signOut(force = false): Promise<void> {
  const pending = await pendingWork();
  if (pending > 0 && !force) throw new PendingWorkError(pending);
  await stepAway();
  await onSession(await unwrap(gavel().session.logout()));
}

/** Leaves the open pair now (its round in flight ends first), before main is asked to switch. */
async function stepAway(): Promise<void> {
  wanted = null;
  switching = switching.then(leavePair).catch((error: unknown) => console.error('closing the local store failed', error));
  await switching;
}

/**
 * Points the app at another backend (null: standalone). The session ends with it (it belongs to
 * the old backend); with decisions still waiting, this refuses unless `force` is given after the
 * arbitrator saw the warning. They stay in the old pair's store, sent when it signs in again.
 */
export async function switchBackend(url: string | null, force = false, save: (url: string | null) => Promise<unknown>): Promise<void> {
  // An address main would refuse changes nothing: let main say why, without leaving the pair.
  if (!settingsPatchSchema.safeParse({ backendUrl: url }).success) {
    await save(url);
    return;
  }
  const pending = await pendingWork();
  if (pending > 0 && !force) throw new PendingWorkError(pending);
  await stepAway();
  try {
    await save(url);
  } catch (error) {
    // Main refused the change: the session is as it was, so is the pair.
    await onSession(await unwrap(gavel().session.status()));
    throw error;
  }
}

/** Resolves a conflict of the signed-in pair (see conflictResolution.ts), then syncs at once. */
export async function resolveConflict(clientId: string, resolution: ConflictResolution): Promise<void> {
  const open = current;
  if (!open) throw new ConflictActionError('switched');
  await resolveConflictWith(appDb(), open.port, useStore.getState().session?.user?.id ?? null, clientId, resolution);
  void open.engine.syncNow().catch(() => undefined);
}

export { ConflictActionError };
