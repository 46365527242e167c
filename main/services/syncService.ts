/**
 * Main's side of sync: who is signed in where (the session and its tokens) and the transport to that
 * backend (`client`, which the IPC handlers call for every sync and QA route). The renderer owns the
 * outbox and the local store; main owns the network and the tokens, and returns validated data only.
 */
import type { SessionStatus } from '@common/ipc/types';
import { BackendClient, BackendError } from './backendClient';
import { isDiskFull } from './diskErrors';
import type { EmbeddedBackend } from './embeddedBackend';
import { SessionManager, SessionError, type StoredSession, type TokenVault } from './session';
import { backendKey, storeIdOf, type BackendRef } from './storeIds';

export type { SessionStatus };

export type SyncServiceOptions = {
  vault: TokenVault;
  fetchImpl?: typeof fetch;
  onOutcome?: (ok: boolean, detail: string | null) => void;
  /**
   * The backend the app is pointed at now (settings, or the embedded one). Without it, whichever
   * backend the session was signed in to counts as current (tests that drive SyncService alone).
   */
  backend?: () => BackendRef | null;
};

export class SyncService {
  readonly session: SessionManager;
  readonly client: BackendClient;
  private embedded: EmbeddedBackend | null = null;
  private readonly backend: () => BackendRef | null;

  constructor(options: SyncServiceOptions) {
    this.session = new SessionManager({ vault: options.vault, fetchImpl: options.fetchImpl });
    this.client = new BackendClient({ session: this.session, fetchImpl: options.fetchImpl, onOutcome: options.onOutcome });
    this.backend = options.backend ?? (() => null);
  }

  /** Uses an embedded backend: signs in to it as its demo arbitrator unless already signed in there. */
  async attachEmbedded(backend: EmbeddedBackend): Promise<void> {
    this.embedded = backend;
    const current = await this.session.stored();
    if (current?.baseUrl !== backend.url || !current.embedded) {
      await this.session.login(backend.url, backend.account.username, backend.account.password, { embedded: true });
    }
  }

  /** The backend the app works with now: the configured or embedded one, else the session's own. */
  private currentBackend(stored: StoredSession | null): BackendRef | null {
    const pointed = this.backend();
    if (pointed) return pointed;
    if (stored) return { url: stored.baseUrl, embedded: stored.embedded === true };
    return this.embedded ? { url: this.embedded.url, embedded: true } : null;
  }

  /**
   * Who is signed in, to the backend the app is pointed at. A session kept for another backend (the
   * address changed, or it belongs to an embedded backend that is not running) is not the current
   * one: it is reported as signed out, and its pair's store stays closed.
   */
  async status(): Promise<SessionStatus> {
    const stored = await this.session.stored();
    const backend = this.currentBackend(stored);
    const current = stored && backend && isSessionFor(stored, backend) ? stored : null;
    return {
      user: current?.user ?? null,
      backendUrl: backend?.url ?? null,
      standalone: backend?.embedded ?? false,
      store: current && backend ? storeIdOf(backend, current.user.id) : null,
    };
  }

  async login(backendUrl: string, username: string, password: string): Promise<SessionStatus> {
    const pointed = this.backend();
    const embedded = (pointed?.embedded === true && pointed.url === backendUrl) || this.embedded?.url === backendUrl;
    await this.session.login(backendUrl, username, password, { embedded });
    return this.status();
  }

  async logout(options: { wait?: boolean } = {}): Promise<SessionStatus> {
    await this.session.logout(options);
    return this.status();
  }

  /** Forgets a kept session that does not belong to the current backend (revoked in the background). */
  async dropStaleSession(): Promise<void> {
    const stored = await this.session.stored();
    const backend = this.currentBackend(stored);
    if (stored && (!backend || !isSessionFor(stored, backend))) await this.session.logout({ wait: false });
  }

  /** Lets go of the embedded backend (whoever started it closes it). */
  dispose(): void {
    this.embedded = null;
  }
}

/** The session was signed in to this backend (the embedded one counts as one backend across ports). */
function isSessionFor(stored: StoredSession, backend: BackendRef): boolean {
  if (backend.embedded) return stored.embedded === true && stored.baseUrl === backend.url;
  return stored.embedded !== true && backendKey({ url: stored.baseUrl, embedded: false }) === backendKey(backend);
}

/** Maps transport, session and disk failures to IPC error codes the renderer can act on. */
export function syncErrorCode(err: unknown): string | null {
  if (err instanceof BackendError) return err.code;
  if (err instanceof SessionError) return err.code;
  if (isDiskFull(err) || (err instanceof Error && isDiskFull(err.cause))) return 'disk_full';
  return null;
}
