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
  backendUrl: string | null;
  /** True when main runs the backend itself (standalone mode, PGlite in the app's data folder). */
  standalone: boolean;
};
