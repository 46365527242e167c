/** Payload and response types shared by the contract, the events and the renderer. Types only. */
export type RuntimeMode = 'electron' | 'browser';

export type AppInfo = {
  name: string;
  version: string;
  mode: RuntimeMode;
  /** Node's `process.platform` of the machine running main. */
  platform: string;
  /** The OS account running the app; shown until sign-in exists (a later issue). */
  osUser: string;
  /** Signed-in arbitrator, or null while no session exists. */
  user: { id: string; displayName: string } | null;
};

export type ConnectionStatus = 'not_configured' | 'checking' | 'online' | 'offline';
export type ConnectionState = {
  status: ConnectionStatus;
  backendUrl: string | null;
  /** ISO time of the last completed health probe. */
  checkedAt: string | null;
  /** Why the last probe failed, for a tooltip; null when online. */
  detail: string | null;
};

/** Who is signed in where. Tokens never cross IPC: main keeps them. */
export type SessionStatus = {
  user: { id: string; username: string; displayName: string; role: 'arbitrator' | 'supervisor' | 'admin' } | null;
  /** The backend the app is pointed at (the embedded one in standalone mode), signed in or not. */
  backendUrl: string | null;
  /** True when main runs the backend itself (standalone mode, PGlite in the app's data folder). */
  standalone: boolean;
  /**
   * The local store of the signed-in (backend, account) pair: the name of the renderer's IndexedDB
   * database for it, and the key main scopes the pair's media cache by. Null when signed out. Every
   * sync call names it, and main refuses a call for a store that is no longer the signed-in pair's.
   */
  store: string | null;
};
