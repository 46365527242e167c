import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema';

/**
 * Login throttling, per account name and per source address. Each attempt is counted before the
 * password is checked (so a burst in parallel cannot slip past the count); a success clears the
 * account's count. Past `free` attempts, the next must wait 2^(n − free) seconds after the previous
 * one, at most `maxBackoffSeconds`; an hour without attempts starts over. Unknown names are counted
 * like real ones, so throttling tells nothing about which accounts exist.
 *
 * Its own unit so its cost on a correct sign-in can be measured apart from the password check
 * (budget: ≤ 5 ms p95 added, `npm run bench -- --only server` with GAVEL_BENCH_SECTIONS=login).
 */
export const LOGIN_THROTTLE = { accountFree: 5, sourceFree: 50, maxBackoffSeconds: 900, idleResetSeconds: 3600 } as const;

/** The row that counts attempts on one account name (case-insensitive, like sign-in itself). */
export const accountKey = (username: string): string => `u:${username.toLowerCase()}`;
/** The row that counts attempts from one client address. */
export const sourceKey = (source: string): string => `ip:${source}`;

export class LoginThrottle {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Counts one attempt against each key and returns 0 when every key admits it, else the seconds
   * until all of them would. One statement: concurrent attempts queue on the rows' locks and each
   * sees the count the previous one left.
   */
  async admit(username: string, source: string): Promise<number> {
    const keys = [accountKey(username), sourceKey(source)];
    const { accountFree, sourceFree, maxBackoffSeconds, idleResetSeconds } = LOGIN_THROTTLE;
    const free = sql`(case when t.key like 'ip:%' then ${sourceFree}::int else ${accountFree}::int end)`;
    const idle = sql`t.last_attempt_at < now() - ${idleResetSeconds}::int * interval '1 second'`;
    const backoff = sql`least(${maxBackoffSeconds}::int, power(2, t.attempts - ${free})) * interval '1 second'`;
    const admitted = await sql<{ key: string }>`
      insert into login_throttle as t (key, attempts, last_attempt_at)
      values ${sql.join(keys.map((k) => sql`(${k}, 1, now())`))}
      on conflict (key) do update set attempts = case when ${idle} then 1 else t.attempts + 1 end, last_attempt_at = now()
      where ${idle} or t.attempts < ${free} or t.last_attempt_at + ${backoff} <= now()
      returning t.key`.execute(this.db);
    if (admitted.rows.length === keys.length) return 0;
    const refused = keys.filter((k) => !admitted.rows.some((r) => r.key === k));
    const waits = await sql<{ wait: number }>`
      select ceil(extract(epoch from (t.last_attempt_at + ${backoff} - now())))::int as wait from login_throttle t where t.key in (${sql.join(refused)})`.execute(this.db);
    return Math.max(1, ...waits.rows.map((r) => Number(r.wait)));
  }

  /** A correct sign-in: the account's slate is clean again; the source keeps its count minus this (good) attempt. */
  async succeeded(trx: Transaction<DB>, username: string, source: string): Promise<void> {
    await sql`with cleared as (delete from login_throttle where key = ${accountKey(username)})
      update login_throttle set attempts = greatest(attempts - 1, 0) where key = ${sourceKey(source)}`.execute(trx);
  }

  /** Forgets an account's attempts (re-enabled, or its password reset by an admin). */
  async clearAccount(trx: Transaction<DB>, username: string): Promise<void> {
    await trx.deleteFrom('login_throttle').where('key', '=', accountKey(username)).execute();
  }
}
