import { createHash, randomBytes, randomUUID, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import type { Role, TokenResponse, UserView } from '@common/api';
import type { DB } from '../db/schema';
import { ApiError } from './errors';
import { appendAudit } from './audit';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export const ACCESS_TTL_SECONDS = 15 * 60;
export const REFRESH_TTL_SECONDS = 30 * 24 * 3600;
/**
 * A rotated refresh token presented again within this many seconds, while its session is still
 * alive, gets a fresh pair instead of closing the session: the answer to the first refresh was
 * lost (a dropped connection), and the client retried with the token it still has. Later reuse is
 * treated as theft and closes the session.
 */
export const REFRESH_REUSE_GRACE_SECONDS = 30;
/** How long a validated access token is trusted without re-reading the database (revocation latency on other instances). */
const CACHE_MS = 5_000;
const CACHE_MAX = 20_000;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const got = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** Tokens are random; only their SHA-256 is stored, so a leaked table cannot be replayed. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type AuthUser = UserView & { sessionId: string };

type UserRow = { id: string; username: string; display_name: string; role: Role };
const toView = (u: UserRow): UserView => ({ id: u.id, username: u.username, displayName: u.display_name, role: u.role });

export class AuthService {
  private readonly cache = new Map<string, { user: AuthUser; until: number }>();
  // A password check is slow on purpose (scrypt); a dummy hash keeps unknown usernames from answering faster.
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly db: Kysely<DB>) {}

  async createUser(input: { username: string; displayName: string; role: Role; password: string; id?: string }, actorId: string | null): Promise<UserView> {
    const row = {
      id: input.id ?? randomUUID(),
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      password_hash: await hashPassword(input.password),
    };
    const inserted = await this.db.transaction().execute(async (trx) => {
      const r = await trx.insertInto('users').values(row).onConflict((oc) => oc.column('username').doNothing()).returning('id').executeTakeFirst();
      if (r) await appendAudit(trx, { actorId, action: 'user.create', caseId: null, before: null, after: { id: row.id, username: row.username, role: row.role } });
      return r;
    });
    if (!inserted) throw new ApiError(409, 'conflict', `username "${input.username}" is taken`, 'username');
    return toView(row);
  }

  async login(username: string, password: string): Promise<TokenResponse> {
    const u = await this.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'role', 'password_hash', 'disabled'])
      .where('username', '=', username)
      .executeTakeFirst();
    this.dummyHash ??= hashPassword(randomUUID());
    const ok = await verifyPassword(password, u?.password_hash ?? (await this.dummyHash));
    if (!u || !ok || u.disabled) throw new ApiError(401, 'invalid_credentials', 'unknown username or wrong password');
    return this.issue(u, randomUUID());
  }

  /** Rotates the refresh token: the old one is revoked; reusing a revoked one revokes the whole session. */
  async refresh(refreshToken: string): Promise<TokenResponse> {
    const hash = tokenHash(refreshToken);
    let reusedSession: string | undefined;
    const out = await this.db.transaction().execute(async (trx) => {
      const t = await trx
        .selectFrom('auth_tokens')
        .innerJoin('users', 'users.id', 'auth_tokens.user_id')
        .select(['auth_tokens.session_id', 'auth_tokens.expires_at', 'auth_tokens.revoked_at', 'auth_tokens.rotated_at', 'auth_tokens.kind', 'users.id', 'users.username', 'users.display_name', 'users.role', 'users.disabled'])
        .where('auth_tokens.token_hash', '=', hash)
        .forUpdate()
        .executeTakeFirst();
      if (!t || t.kind !== 'refresh') throw new ApiError(401, 'unauthorized', 'unknown refresh token', 'refreshToken');
      if (t.revoked_at) {
        const graceful = t.rotated_at !== null && Date.now() - t.rotated_at.getTime() <= REFRESH_REUSE_GRACE_SECONDS * 1000 && !t.disabled;
        if (graceful) {
          // Only while the session is alive: after a logout or a theft verdict nothing is re-issued.
          const live = await trx
            .selectFrom('auth_tokens')
            .select('token_hash')
            .where('session_id', '=', t.session_id)
            .where('kind', '=', 'refresh')
            .where('revoked_at', 'is', null)
            .where('expires_at', '>', new Date())
            .executeTakeFirst();
          if (live) return this.issue(t, t.session_id, trx);
          throw new ApiError(401, 'unauthorized', 'refresh token was already used and the session is closed', 'refreshToken');
        }
        reusedSession = t.session_id;
        return null;
      }
      if (t.expires_at.getTime() < Date.now() || t.disabled) throw new ApiError(401, 'token_expired', 'refresh token expired', 'refreshToken');
      const now = new Date();
      await trx.updateTable('auth_tokens').set({ revoked_at: now, rotated_at: now }).where('token_hash', '=', hash).execute();
      return this.issue(t, t.session_id, trx);
    });
    if (out) return out;
    // Outside the transaction above, so the revocation commits even though the call fails.
    if (reusedSession) await this.revokeSession(reusedSession);
    throw new ApiError(401, 'unauthorized', 'refresh token was already used or revoked; the session is closed', 'refreshToken');
  }

  /**
   * A session for a known user without a password check: for trusted in-process callers only
   * (benchmarks, the embedded app's own sign-in), never reachable over HTTP.
   */
  async createSession(userId: string): Promise<TokenResponse> {
    const u = await this.db.selectFrom('users').select(['id', 'username', 'display_name', 'role']).where('id', '=', userId).executeTakeFirstOrThrow();
    return this.issue(u, randomUUID());
  }

  private async issue(u: UserRow, sessionId: string, trx: Kysely<DB> = this.db): Promise<TokenResponse> {
    const access = `gat_${randomBytes(32).toString('base64url')}`;
    const refresh = `grt_${randomBytes(32).toString('base64url')}`;
    const now = Date.now();
    await trx
      .insertInto('auth_tokens')
      .values([
        { token_hash: tokenHash(access), kind: 'access', user_id: u.id, session_id: sessionId, expires_at: new Date(now + ACCESS_TTL_SECONDS * 1000), revoked_at: null },
        { token_hash: tokenHash(refresh), kind: 'refresh', user_id: u.id, session_id: sessionId, expires_at: new Date(now + REFRESH_TTL_SECONDS * 1000), revoked_at: null },
      ])
      .execute();
    return { tokenType: 'Bearer', accessToken: access, expiresIn: ACCESS_TTL_SECONDS, refreshToken: refresh, refreshExpiresIn: REFRESH_TTL_SECONDS, user: toView(u) };
  }

  /** Resolves a bearer token to its user, or throws 401. */
  async authenticate(header: string | undefined): Promise<AuthUser> {
    const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!m?.[1]) throw new ApiError(401, 'unauthorized', 'missing bearer token', 'authorization');
    const hash = tokenHash(m[1]);
    const now = Date.now();
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) return hit.user;
    const t = await this.db
      .selectFrom('auth_tokens')
      .innerJoin('users', 'users.id', 'auth_tokens.user_id')
      .select(['auth_tokens.session_id', 'auth_tokens.expires_at', 'auth_tokens.revoked_at', 'auth_tokens.kind', 'users.id', 'users.username', 'users.display_name', 'users.role', 'users.disabled'])
      .where('auth_tokens.token_hash', '=', hash)
      .executeTakeFirst();
    if (!t || t.kind !== 'access' || t.revoked_at || t.disabled) throw new ApiError(401, 'unauthorized', 'invalid or revoked token', 'authorization');
    const exp = t.expires_at.getTime();
    if (exp <= now) throw new ApiError(401, 'token_expired', 'access token expired; refresh it', 'authorization');
    const user: AuthUser = { ...toView(t), sessionId: t.session_id };
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(hash, { user, until: Math.min(now + CACHE_MS, exp) });
    return user;
  }

  async revokeSession(sessionId: string, trx: Kysely<DB> = this.db): Promise<void> {
    await trx.updateTable('auth_tokens').set({ revoked_at: new Date() }).where('session_id', '=', sessionId).where('revoked_at', 'is', null).execute();
    for (const [k, v] of this.cache) if (v.user.sessionId === sessionId) this.cache.delete(k);
  }

  async revokeUser(userId: string, actorId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('auth_tokens').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
      await appendAudit(trx, { actorId, action: 'user.revoke_tokens', caseId: null, before: null, after: { userId } });
    });
    for (const [k, v] of this.cache) if (v.user.id === userId) this.cache.delete(k);
  }

  async userExists(userId: string): Promise<boolean> {
    return (await this.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()) !== undefined;
  }
}
