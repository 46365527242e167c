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
  /** Where the sign-in tokens are kept at rest (main/services/tokenStorage.ts). */
  tokenStorage: TokenStorage;
};

/**
 * `os_keychain`: encrypted with the OS keychain. `file`: a file only this OS user can read; `reason`
 * says why there is no keychain (`basic_text`: Linux without a keyring, whose fallback encryption uses a
 * key built into the app and is refused; `no_keychain`: none available; null: browser mode).
 */
export type TokenStorage = { kind: 'os_keychain' | 'file'; path: string; reason: 'basic_text' | 'no_keychain' | null };

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

/**
 * Standalone mode's start, as main reports it: `seeding` counts demo cases on first run. `ready` once
 * the embedded backend runs and the demo arbitrator is signed in; `failed` keeps the reason.
 */
export type StartupPhase = 'starting' | 'seeding' | 'history' | 'signing_in' | 'ready' | 'failed';
export type StartupState = { phase: StartupPhase; done: number; total: number; detail: string | null };

/** An error main logged outside any call (uncaught in main or the host), for a recoverable notice. */
export type AppErrorNotice = { message: string; at: string; logFile: string | null };

/**
 * The desktop update channel (electron-updater on a generic feed). `unsupported` in browser mode and
 * in an unpackaged app, with the reason.
 */
export type UpdateStatus = 'unsupported' | 'idle' | 'checking' | 'available' | 'not_available' | 'downloading' | 'downloaded' | 'error';
export type UpdateState = {
  status: UpdateStatus;
  currentVersion: string;
  /** The version offered by the feed, once known. */
  version: string | null;
  /** 0–100 while downloading. */
  percent: number | null;
  feedUrl: string | null;
  /** Why unsupported (a code the renderer words in the user's language). */
  unsupported: 'browser_mode' | 'not_installed' | null;
  /** The last error, as electron-updater said it. */
  detail: string | null;
  checkedAt: string | null;
};

/** Written by diagnostics:export. */
export type DiagnosticsExport = { path: string; fileName: string; bytes: number; ms: number };
