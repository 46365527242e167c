/**
 * The signed-in session: tokens live here, in main, and never reach the renderer. At rest they are
 * kept in a vault: a 0600 JSON file in browser mode, the same file encrypted with the OS keychain
 * (Electron's safeStorage, injected by main/electron) in the desktop app.
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { TokenResponseSchema, UserViewSchema, type TokenResponse, type UserView } from '@common/api';
import { DiskFullError, isDiskFull } from './diskErrors';

export const StoredSessionSchema = z.object({
  baseUrl: z.string(),
  accessToken: z.string(),
  accessExpiresAt: z.number(),
  refreshToken: z.string(),
  refreshExpiresAt: z.number(),
  user: UserViewSchema,
  /** Signed in to the backend main runs itself (standalone), whatever port it listens on this time. */
  embedded: z.boolean().optional(),
});
export type StoredSession = z.infer<typeof StoredSessionSchema>;

export type TokenVault = {
  load(): Promise<StoredSession | null>;
  save(session: StoredSession): Promise<void>;
  clear(): Promise<void>;
};

export type Cipher = { encrypt(plain: string): Buffer; decrypt(data: Buffer): string };

/**
 * A file only its owner can read. With a cipher (safeStorage), the bytes are also encrypted with a
 * key the OS keeps, so copying the file to another account or machine yields nothing.
 */
export function fileVault(dir: string, cipher?: Cipher): TokenVault {
  const file = path.join(dir, cipher ? 'session.bin' : 'session.json');
  return {
    async load() {
      let raw: Buffer;
      try {
        raw = await readFile(file);
      } catch {
        return null;
      }
      try {
        const text = cipher ? cipher.decrypt(raw) : raw.toString('utf8');
        const parsed = StoredSessionSchema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : null;
      } catch {
        // Unreadable (another machine's key, a truncated write): signing in again is the remedy.
        return null;
      }
    },
    async save(session) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const text = JSON.stringify(session);
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        await writeFile(tmp, cipher ? cipher.encrypt(text) : text, { mode: 0o600 });
        await chmod(tmp, 0o600); // the umask may have widened it
        await rename(tmp, file);
      } catch (error) {
        // A full disk: the old file stays as it was and no partial token file is left behind.
        await rm(tmp, { force: true }).catch(() => undefined);
        throw error;
      }
    },
    async clear() {
      await rm(file, { force: true });
    },
  };
}

export class SessionError extends Error {
  constructor(
    readonly code: 'not_signed_in' | 'invalid_credentials' | 'rate_limited' | 'session_expired' | 'offline' | 'invalid_response',
    message: string,
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

export type SessionOptions = {
  vault: TokenVault;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
};

/** Refresh a little early so a request never leaves with a token about to expire in flight. */
const EARLY_REFRESH_MS = 30_000;

export class SessionManager {
  private session: StoredSession | null = null;
  private loaded = false;
  private refreshing: Promise<StoredSession> | null = null;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly timeoutMs: number;

  constructor(private readonly options: SessionOptions) {
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  private async current(): Promise<StoredSession | null> {
    if (!this.loaded) {
      this.session = await this.options.vault.load();
      this.loaded = true;
    }
    return this.session;
  }

  async user(): Promise<UserView | null> {
    return (await this.current())?.user ?? null;
  }

  /** The session as stored (which backend, which user, embedded or not), or null when signed out. */
  async stored(): Promise<StoredSession | null> {
    return this.current();
  }

  async baseUrl(): Promise<string | null> {
    return (await this.current())?.baseUrl ?? null;
  }

  async login(baseUrl: string, username: string, password: string, options: { embedded?: boolean } = {}): Promise<UserView> {
    const res = await this.post(baseUrl, 'v1/auth/login', { username, password }, null);
    if (res.status === 401) throw new SessionError('invalid_credentials', 'Wrong username or password.');
    if (res.status === 429) throw new SessionError('rate_limited', `Too many sign-in attempts; try again in ${res.headers.get('retry-after') ?? 'a few'} seconds.`);
    const tokens = await this.readTokens(res);
    try {
      await this.store(baseUrl, tokens, options.embedded === true);
    } catch (error) {
      // Tokens that could not be kept would leave a session open on the server that nobody holds.
      await this.post(baseUrl, 'v1/auth/logout', {}, tokens.accessToken).catch(() => undefined);
      throw isDiskFull(error) ? new DiskFullError('the sign-in', error) : error;
    }
    return tokens.user;
  }

  /** A valid access token, refreshed when close to expiry. */
  async accessToken(): Promise<{ baseUrl: string; token: string }> {
    const s = await this.current();
    if (!s) throw new SessionError('not_signed_in', 'Not signed in.');
    if (s.accessExpiresAt - EARLY_REFRESH_MS > this.now()) return { baseUrl: s.baseUrl, token: s.accessToken };
    const next = await this.refresh();
    return { baseUrl: next.baseUrl, token: next.accessToken };
  }

  /** One refresh at a time: concurrent requests share it instead of racing to rotate the token. */
  async refresh(): Promise<StoredSession> {
    this.refreshing ??= (async () => {
      try {
        const s = await this.current();
        if (!s) throw new SessionError('not_signed_in', 'Not signed in.');
        if (s.refreshExpiresAt <= this.now()) {
          await this.clear();
          throw new SessionError('session_expired', 'The session has expired; sign in again.');
        }
        const res = await this.post(s.baseUrl, 'v1/auth/refresh', { refreshToken: s.refreshToken }, null);
        if (res.status === 401) {
          await this.clear();
          throw new SessionError('session_expired', 'The session was revoked or has expired; sign in again.');
        }
        return await this.store(s.baseUrl, await this.readTokens(res), s.embedded === true);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /**
   * Revokes the tokens on the server when it can be reached, and forgets them locally regardless.
   * With `wait: false` the tokens are forgotten at once and revoked in the background (leaving a
   * backend that may be down should not wait for its timeout).
   */
  async logout(options: { wait?: boolean } = {}): Promise<void> {
    const s = await this.current();
    await this.clear();
    if (!s) return;
    // Offline: the tokens expire on their own; what matters is that this machine forgets them.
    const revoke = this.post(s.baseUrl, 'v1/auth/logout', {}, s.accessToken).catch(() => undefined);
    if (options.wait !== false) await revoke;
  }

  private async clear(): Promise<void> {
    this.session = null;
    this.loaded = true;
    await this.options.vault.clear();
  }

  private async store(baseUrl: string, t: TokenResponse, embedded: boolean): Promise<StoredSession> {
    const now = this.now();
    const s: StoredSession = {
      baseUrl,
      accessToken: t.accessToken,
      accessExpiresAt: now + t.expiresIn * 1000,
      refreshToken: t.refreshToken,
      refreshExpiresAt: now + t.refreshExpiresIn * 1000,
      user: t.user,
      ...(embedded ? { embedded } : {}),
    };
    await this.options.vault.save(s);
    this.session = s;
    this.loaded = true;
    return s;
  }

  private async post(baseUrl: string, route: string, body: unknown, token: string | null): Promise<Response> {
    try {
      return await this.fetchImpl(new URL(route, withSlash(baseUrl)), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new SessionError('offline', `The backend at ${baseUrl} cannot be reached: ${causeOf(err)}`);
    }
  }

  private async readTokens(res: Response): Promise<TokenResponse> {
    const parsed = TokenResponseSchema.safeParse(await res.json().catch(() => null));
    if (!res.ok || !parsed.success) throw new SessionError('invalid_response', `The backend answered ${res.status} without a valid token response.`);
    return parsed.data;
  }
}

export function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export function causeOf(err: unknown): string {
  if (err instanceof Error) return err.cause instanceof Error ? err.cause.message : err.message;
  return String(err);
}
