import { createHash, createHmac, randomBytes, randomUUID, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import type { Role, TokenResponse, UserView } from '@common/api';
import type { DB } from '../db/schema';
import { ApiError } from './errors';
import { appendAudit } from './audit';
import { LoginThrottle } from './loginThrottle';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export const ACCESS_TTL_SECONDS = 15 * 60;
export const REFRESH_TTL_SECONDS = 30 * 24 * 3600;
/**
 * A rotated refresh token presented again within this many seconds, once, while the pair it was
 * exchanged for is still unused, gets that same pair again instead of closing the session: the
 * answer to the first refresh was lost (a dropped connection), and the client retried with the token
 * it still has. Any other reuse (later, a second time, or after the successor was itself rotated) is
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

/**
 * The pair a rotation hands out, derived from the rotation's seed (kept with the spent token) and the
 * spent token itself (never stored): a retry within the grace window re-derives the very same pair,
 * and neither the database alone nor the spent token alone can.
 */
function successorPair(salt: string, spent: string): { access: string; refresh: string } {
  const mac = (label: string) => createHmac('sha256', salt).update(label).update('\u0000').update(spent).digest('base64url');
  return { access: `gat_${mac('access')}`, refresh: `grt_${mac('refresh')}` };
}

type UserRow = { id: string; username: string; display_name: string; role: Role };
const toView = (u: UserRow): UserView => ({ id: u.id, username: u.username, displayName: u.display_name, role: u.role });

export class AuthService {
  private readonly cache = new Map<string, { user: AuthUser; until: number }>();
  // A password check is slow on purpose (scrypt); a dummy hash keeps unknown usernames from answering faster.
  private dummyHash: Promise<string> | undefined;
  private readonly throttle: LoginThrottle;

  constructor(private readonly db: Kysely<DB>) {
    this.throttle = new LoginThrottle(db);
  }

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

  /**
   * Password sign-in from `source` (the client's address), throttled (429 rate_limited with the wait)
   * and audited whatever the outcome. A disabled account answers exactly as a wrong password.
   */
  async login(username: string, password: string, source = 'unknown'): Promise<TokenResponse> {
    const wait = await this.throttle.admit(username, source);
    if (wait > 0) {
      await appendAudit(this.db, { actorId: null, action: 'auth.login_failed', caseId: null, before: null, after: { username, source, reason: 'throttled' } });
      throw new ApiError(429, 'rate_limited', `too many sign-in attempts; try again in ${wait} s`, undefined, wait);
    }
    const u = await this.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'role', 'password_hash', 'disabled'])
      .where('username', '=', username)
      .executeTakeFirst();
    this.dummyHash ??= hashPassword(randomUUID());
    const ok = await verifyPassword(password, u?.password_hash ?? (await this.dummyHash));
    if (!u || !ok || u.disabled) {
      const reason = !u ? 'unknown_user' : !ok ? 'wrong_password' : 'disabled';
      await appendAudit(this.db, { actorId: null, action: 'auth.login_failed', caseId: null, before: null, after: { username, userId: u?.id ?? null, source, reason } });
      throw new ApiError(401, 'invalid_credentials', 'unknown username or wrong password');
    }
    const sessionId = randomUUID();
    return this.db.transaction().execute(async (trx) => {
      await this.throttle.succeeded(trx, username, source);
      await appendAudit(trx, { actorId: u.id, action: 'auth.login', caseId: null, before: null, after: { sessionId, source } });
      return this.issue(u, sessionId, trx);
    });
  }

  /** Rotates the refresh token (see REFRESH_REUSE_GRACE_SECONDS for a retried rotation); reuse closes the session. */
  async refresh(refreshToken: string): Promise<TokenResponse> {
    const hash = tokenHash(refreshToken);
    let reused: { sessionId: string; userId: string; why: string } | undefined;
    const out = await this.db.transaction().execute(async (trx) => {
      const t = await trx
        .selectFrom('auth_tokens')
        .innerJoin('users', 'users.id', 'auth_tokens.user_id')
        .select([
          'auth_tokens.session_id',
          'auth_tokens.expires_at',
          'auth_tokens.revoked_at',
          'auth_tokens.rotated_at',
          'auth_tokens.rotation_salt',
          'auth_tokens.grace_used',
          'auth_tokens.kind',
          'users.id',
          'users.username',
          'users.display_name',
          'users.role',
          'users.disabled',
        ])
        .where('auth_tokens.token_hash', '=', hash)
        .forUpdate()
        .executeTakeFirst();
      if (!t || t.kind !== 'refresh') throw new ApiError(401, 'unauthorized', 'unknown refresh token', 'refreshToken');
      const now = Date.now();
      if (t.expires_at.getTime() <= now || t.disabled) {
        if (!t.revoked_at) throw new ApiError(401, 'token_expired', 'refresh token expired', 'refreshToken');
      }
      if (!t.revoked_at) {
        const salt = randomBytes(32).toString('base64url');
        await trx.updateTable('auth_tokens').set({ revoked_at: new Date(now), rotated_at: new Date(now), rotation_salt: salt }).where('token_hash', '=', hash).execute();
        return this.issue(t, t.session_id, trx, successorPair(salt, refreshToken));
      }
      // A token already exchanged. Once, within the grace window, before it expires, and while the
      // pair it was exchanged for is untouched: that same pair again (the first answer was lost).
      const inGrace = t.rotated_at !== null && t.rotation_salt !== null && now - t.rotated_at.getTime() <= REFRESH_REUSE_GRACE_SECONDS * 1000;
      if (inGrace && !t.grace_used && t.expires_at.getTime() > now && !t.disabled) {
        const pair = successorPair(t.rotation_salt!, refreshToken);
        const rows = await trx
          .selectFrom('auth_tokens')
          .select(['token_hash', 'kind', 'expires_at'])
          .where('token_hash', 'in', [tokenHash(pair.access), tokenHash(pair.refresh)])
          .where('revoked_at', 'is', null)
          .where('expires_at', '>', new Date(now))
          .execute();
        const access = rows.find((r) => r.kind === 'access');
        const next = rows.find((r) => r.kind === 'refresh');
        if (access && next) {
          await trx.updateTable('auth_tokens').set({ grace_used: true }).where('token_hash', '=', hash).execute();
          const left = (d: Date) => Math.max(1, Math.floor((d.getTime() - now) / 1000));
          return { tokenType: 'Bearer' as const, accessToken: pair.access, expiresIn: left(access.expires_at), refreshToken: pair.refresh, refreshExpiresIn: left(next.expires_at), user: toView(t) };
        }
      }
      reused = {
        sessionId: t.session_id,
        userId: t.id,
        why: t.rotated_at === null ? 'used after its session was closed' : !inGrace ? 'reused after the grace window' : t.grace_used ? 'reused a second time within the grace window' : 'reused after its successor was used',
      };
      return null;
    });
    if (out) return out;
    // Outside the transaction above, so the revocation commits even though the call fails.
    if (reused) {
      await this.revokeSession(reused.sessionId);
      await appendAudit(this.db, { actorId: null, action: 'auth.refresh_reuse', caseId: null, before: null, after: { userId: reused.userId, sessionId: reused.sessionId, verdict: 'session revoked', why: reused.why } });
    }
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

  private async issue(u: UserRow, sessionId: string, trx: Kysely<DB> = this.db, pair?: { access: string; refresh: string }): Promise<TokenResponse> {
    const access = pair?.access ?? `gat_${randomBytes(32).toString('base64url')}`;
    const refresh = pair?.refresh ?? `grt_${randomBytes(32).toString('base64url')}`;
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

  /** Sign-out: the session's tokens are revoked, and the audit log says who left. */
  async logout(user: AuthUser): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.revokeSession(user.sessionId, trx);
      await appendAudit(trx, { actorId: user.id, action: 'auth.logout', caseId: null, before: null, after: { sessionId: user.sessionId } });
    });
  }

  /** Disables or re-enables an account; disabling revokes every token it holds at once. */
  async setDisabled(userId: string, disabled: boolean, actorId: string): Promise<void> {
    if (disabled && userId === actorId) throw new ApiError(400, 'invalid_body', 'an admin cannot disable their own account', 'userId');
    await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('users').select(['id', 'username', 'disabled']).where('id', '=', userId).forUpdate().executeTakeFirst();
      if (!before) throw new ApiError(404, 'not_found', `no user ${userId}`, 'userId');
      await trx.updateTable('users').set({ disabled }).where('id', '=', userId).execute();
      if (disabled) await trx.updateTable('auth_tokens').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
      // A re-enabled account starts with a clean slate.
      else await this.throttle.clearAccount(trx, before.username);
      await appendAudit(trx, { actorId, action: disabled ? 'user.disable' : 'user.enable', caseId: null, before: { userId, disabled: before.disabled }, after: { userId, disabled } });
    });
    this.forgetUser(userId);
  }

  /** Sets a new password: every session of the account ends, and its throttle is cleared. The password is never logged. */
  async resetPassword(userId: string, password: string, actorId: string | null): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.db.transaction().execute(async (trx) => {
      const u = await trx.selectFrom('users').select(['id', 'username']).where('id', '=', userId).forUpdate().executeTakeFirst();
      if (!u) throw new ApiError(404, 'not_found', `no user ${userId}`, 'userId');
      await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
      await trx.updateTable('auth_tokens').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
      await this.throttle.clearAccount(trx, u.username);
      await appendAudit(trx, { actorId, action: 'user.password_reset', caseId: null, before: null, after: { userId } });
    });
    this.forgetUser(userId);
  }

  private forgetUser(userId: string): void {
    for (const [k, v] of this.cache) if (v.user.id === userId) this.cache.delete(k);
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
    this.forgetUser(userId);
  }

  async userExists(userId: string): Promise<boolean> {
    return (await this.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()) !== undefined;
  }
}
