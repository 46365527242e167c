/**
 * Main's side of sync: who is signed in where (the session and its tokens) and the transport to that
 * backend (`client`, which the IPC handlers call for every sync and QA route). The renderer owns the
 * outbox and the local store; main owns the network and the tokens, and returns validated data only.
 */
import type { UserView } from '@common/api';
import { BackendClient, BackendError } from './backendClient';
import type { EmbeddedBackend } from './embeddedBackend';
import { SessionManager, SessionError, type TokenVault } from './session';

export type SessionStatus = {
  user: UserView | null;
  backendUrl: string | null;
  /** True when the backend is the one main runs itself (standalone mode). */
  standalone: boolean;
};

export type SyncServiceOptions = {
  vault: TokenVault;
  fetchImpl?: typeof fetch;
  onOutcome?: (ok: boolean, detail: string | null) => void;
};

export class SyncService {
  readonly session: SessionManager;
  readonly client: BackendClient;
  private embedded: EmbeddedBackend | null = null;

  constructor(options: SyncServiceOptions) {
    this.session = new SessionManager({ vault: options.vault, fetchImpl: options.fetchImpl });
    this.client = new BackendClient({ session: this.session, fetchImpl: options.fetchImpl, onOutcome: options.onOutcome });
  }

  /** Uses an embedded backend: signs in to it as its demo arbitrator unless already signed in there. */
  async attachEmbedded(backend: EmbeddedBackend): Promise<void> {
    this.embedded = backend;
    const current = await this.session.baseUrl();
    if (current !== backend.url || !(await this.session.user())) {
      await this.session.login(backend.url, backend.account.username, backend.account.password);
    }
  }

  async status(): Promise<SessionStatus> {
    const backendUrl = await this.session.baseUrl();
    return { user: await this.session.user(), backendUrl, standalone: this.embedded !== null && backendUrl === this.embedded.url };
  }

  async login(backendUrl: string, username: string, password: string): Promise<SessionStatus> {
    await this.session.login(backendUrl, username, password);
    return this.status();
  }

  async logout(): Promise<SessionStatus> {
    await this.session.logout();
    return this.status();
  }

  async dispose(): Promise<void> {
    await this.embedded?.close();
    this.embedded = null;
  }
}

/** Maps transport and session failures to IPC error codes the renderer can act on. */
export function syncErrorCode(err: unknown): string | null {
  if (err instanceof BackendError) return err.code;
  if (err instanceof SessionError) return err.code;
  return null;
}
