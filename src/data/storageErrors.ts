/**
 * This machine's storage is full (the browser's quota for the app, or the disk under it). Named apart
 * from network failures because the remedy is different: nothing is wrong with the backend, and
 * nothing already saved was lost (the write that failed was rolled back whole); space must be freed.
 * Dexie wraps the browser's error (`inner`), and a transaction aborted by it reports an AbortError
 * whose cause is the quota error, so the chain is followed.
 */
export function isQuotaError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const { name, message } = e as { name?: unknown; message?: unknown };
    if (name === 'QuotaExceededError' || (typeof message === 'string' && /QuotaExceeded/i.test(message))) return true;
    const o = e as { inner?: unknown; cause?: unknown };
    e = o.inner ?? o.cause;
  }
  return false;
}

/** main's code for a full disk (settings, the session, the media cache). */
export const DISK_FULL = 'disk_full';
