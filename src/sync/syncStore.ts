/**
 * The app's one SyncEngine and the hooks that expose its state. The engine runs while someone is
 * signed in; a connection coming back nudges it at once instead of waiting out the backoff.
 */
import { create } from 'zustand';
import type { SessionStatus } from '@common/ipc/types';
import { gavel, hasBridge, unwrap } from '../data/bridge';
import { appDb } from '../data/db';
import { SyncEngine, type Progress, type SyncState } from './engine';
import { ipcSyncPort } from './ipcPort';

type Store = {
  sync: SyncState;
  session: SessionStatus | null;
  /** navigator.storage.persist() result: false means the browser may evict local data under pressure. */
  persisted: boolean | null;
};

const initial: SyncState = { online: false, busy: false, lastSyncAt: null, lastError: null, progress: null };
const useStore = create<Store>(() => ({ sync: initial, session: null, persisted: null }));

let engine: SyncEngine | null = null;

function ensureEngine(): SyncEngine {
  if (!engine) {
    engine = new SyncEngine(appDb(), ipcSyncPort());
    engine.subscribe((sync) => useStore.setState({ sync }));
  }
  return engine;
}

/** Standalone first run: an empty store gets the demo arbitrator a first batch to work on. */
const FIRST_RUN_CHECKOUT = 50;

function onSession(session: SessionStatus): void {
  useStore.setState({ session });
  const e = ensureEngine();
  if (!session.user) return e.stop();
  e.start();
  if (session.standalone) {
    void appDb()
      .cases.count()
      .then((n) => (n === 0 ? checkoutForOffline(FIRST_RUN_CHECKOUT) : 0))
      .catch(() => undefined);
  }
}

/** Called once at startup: follows sign-in, and syncs as soon as the backend is reachable again. */
export async function startSync(): Promise<void> {
  if (!hasBridge()) return;
  const api = gavel();
  api.on('session:changed', onSession);
  api.on('connection:state', (state) => {
    if (state.status === 'online') engine?.nudge();
  });
  // Ask navigator for persistent storage so the browser never evicts undecided work under pressure.
  if (typeof navigator.storage?.persist === 'function') {
    void navigator.storage.persist().then((persisted) => useStore.setState({ persisted }), () => useStore.setState({ persisted: false }));
  }
  onSession(await unwrap(api.session.status()));
}

export const useSyncState = (): SyncState => useStore((s) => s.sync);
export const useSessionStatus = (): SessionStatus | null => useStore((s) => s.session);
export const useStoragePersisted = (): boolean | null => useStore((s) => s.persisted);

export async function syncNow(): Promise<void> {
  await ensureEngine().syncNow();
}

/** Claims cases for offline work with the policy's long lease, reporting progress. */
export async function checkoutForOffline(count: number, onProgress?: (p: Progress) => void): Promise<number> {
  const e = ensureEngine();
  const got = await e.checkout(count, onProgress);
  await e.syncNow().catch(() => undefined);
  return got;
}

/** Signs in to the configured backend (main keeps the tokens; the renderer gets the status). */
export async function signIn(username: string, password: string): Promise<SessionStatus> {
  const status = await unwrap(gavel().session.login({ username, password }));
  onSession(status);
  return status;
}

export class PendingWorkError extends Error {
  constructor(readonly pending: number) {
    super(`${pending} mutations have not reached the server yet.`);
    this.name = 'PendingWorkError';
  }
}

/**
 * Signs out, refusing while decisions are still waiting to sync unless `force` is given after the
 * arbitrator has seen the warning. Forced or not, the outbox stays on this machine: it syncs
 * again at the next sign-in.
 */
export async function signOut(force = false): Promise<void> {
  const pending = await appDb().outbox.count();
  if (pending > 0 && !force) throw new PendingWorkError(pending);
  engine?.stop();
  onSession(await unwrap(gavel().session.logout()));
}
