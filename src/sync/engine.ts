/**
 * Sync orchestration in the renderer: drain the outbox, pull changes, renew leases, check out
 * work for offline use. It talks to the backend only through a SyncPort, which the app
 * implements over IPC (main owns the network and the tokens) and tests implement over HTTP.
 */
import type {
  CaseView,
  ClaimRequest,
  ClaimResponse,
  HeartbeatResponse,
  Mutation,
  PullResponse,
  PushResponse,
} from '@common/api';
import { applyClaimedCases, applyPullPage, forgetUnseen, getCursor, getMeta, LAST_SYNC_KEY, resetCursor } from '../data/casesRepo';
import type { GavelDb } from '../data/db';
import { applyPushResults, heldUntil, markFailed, markSent, nextBatch, pendingCount, quarantineRow } from '../data/outboxRepo';
import { getPolicySeq } from '../data/policiesRepo';
import { getMacrosVersion } from '../data/macrosRepo';
import { getSnippetsVersion } from '../data/snippetsRepo';
import type { OutboxRow } from '../data/rows';
import { isQuotaError } from '../data/storageErrors';


/**
 * Where a pull's time goes, as performance measures (the sync bench reads them): waiting for the
 * next page from main (the server and the relay), and writing a page into IndexedDB.
 */
export const PULL_WAIT_MEASURE = 'gavel:pull-wait';
export const PULL_APPLY_MEASURE = 'gavel:pull-apply';
export type SyncPort = {
  /**
   * `policySeq`: the policy versions already stored here; the page brings any newer ones.
   * `snippetsVersion`: the note snippets stored here; the page brings the list when it changed.
   * `macrosVersion`: likewise for this user's macros (the shared ones and their own).
   */
  pull(cursor: string | undefined, limit: number, policySeq?: number, snippetsVersion?: string, macrosVersion?: string): Promise<PullResponse>;
  /** `quarantined`: ids main refused to send as never acceptable (answered `rejected` in `results`). */
  push(mutations: Mutation[]): Promise<PushResponse & { quarantined?: string[] }>;
  claim(request: ClaimRequest): Promise<ClaimResponse>;
  heartbeat(caseIds: string[]): Promise<HeartbeatResponse>;
  /** One case as the server holds it now; rejects (not found / forbidden) when this account may not see it. */
  fetchCase(caseId: string): Promise<CaseView>;
};

/**
 * How a failed call is handled. Main (and the HTTP client in tests) keep the transport's error code
 * on what they throw: `offline`, `timeout`, `server_error` may pass; `bad_request` is the server
 * refusing the request as such (a 4xx), `wrong_store` means another pair is signed in now.
 */
export type FailureKind = 'transient' | 'refused' | 'cursor' | 'storage' | 'switched' | 'auth';

export function failureKind(err: unknown): FailureKind {
  if (isQuotaError(err)) return 'storage';
  const { code, field } = (err ?? {}) as { code?: unknown; field?: unknown };
  if (code === 'bad_request' && field === 'cursor') return 'cursor';
  if (code === 'bad_request') return 'refused';
  if (code === 'wrong_store') return 'switched';
  if (code === 'unauthorized' || code === 'forbidden' || code === 'not_signed_in' || code === 'session_expired') return 'auth';
  return 'transient';
}

/* Pending and conflict counts are not engine state: they are derived live from the outbox and
   conflicts tables (src/data/syncQueries.ts), the source of truth, so they can never lag behind. */

/** Progress of long work (first sync, offline checkout): done of total, and the time left. */
export type Progress = { label: 'pull' | 'checkout' | 'flush'; done: number; total: number | null; etaMs: number | null };

export type SyncState = {
  /** The last sync round reached the server (connectivity itself comes from main's probe). */
  online: boolean;
  busy: boolean;
  /** When the last complete round (push, then pull to the end) succeeded. */
  lastSyncAt: string | null;
  /** Why the last round failed; null when it succeeded. */
  lastError: string | null;
  /** The code on that failure (see src/ui/errorWords.ts), which the status bar words; null if it had none. */
  lastErrorCode: string | null;
  /** What kind of failure that was, so the status bar names it (a full disk is not an outage). */
  lastFailure: FailureKind | null;
  progress: Progress | null;
};

/** How long a new decision stays on this machine, undoable, before the background loop sends it. */
export const UNDO_WINDOW_MS = 10_000;

export type SyncOptions = {
  pullLimit?: number;
  pushBatch?: number;
  /** Backoff bounds while the backend is unreachable. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  intervalMs?: number;
  heartbeatMs?: number;
  /**
   * How long the background loop keeps a new decision on this machine, so undo can still take it
   * back. An explicit sync (the user's "sync now", signing out) sends it at once. 0: no window.
   */
  undoWindowMs?: number;
  random?: () => number;
  now?: () => Date;
};

/** Full jitter: spreads 200 arbitrators reconnecting at once instead of synchronising them. */
export function backoffDelay(attempt: number, minMs: number, maxMs: number, random: () => number): number {
  const cap = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 20));
  return Math.round(minMs + random() * (cap - minMs));
}

export class SyncEngine {
  private state: SyncState = { online: true, busy: false, lastSyncAt: null, lastError: null, lastErrorCode: null, lastFailure: null, progress: null };
  private listeners = new Set<(s: SyncState) => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  private failures = 0;
  private running: Promise<void> | null = null;
  /** The round in flight leaves decisions inside their undo window queued. */
  private runningHeld = false;
  private stopped = true;
  private readonly o: Required<SyncOptions>;

  constructor(
    private readonly db: GavelDb,
    private readonly port: SyncPort,
    options: SyncOptions = {},
  ) {
    this.o = {
      pullLimit: 500,
      pushBatch: 200,
      minBackoffMs: 1000,
      maxBackoffMs: 30_000,
      intervalMs: 15_000,
      heartbeatMs: 60_000,
      undoWindowMs: 0,
      random: Math.random,
      now: () => new Date(),
      ...options,
    };
  }

  getState(): SyncState {
    return this.state;
  }

  subscribe(fn: (s: SyncState) => void): () => void {
    this.listeners.add(fn);
    fn(this.state);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<SyncState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn(this.state);
  }

  /**
   * Pushes every queued mutation, batch by batch, in order. Throws when the backend is unreachable.
   * No mutation blocks another: one main refuses to send, or one the server refuses per mutation,
   * becomes a conflict; a batch the server refuses as a whole (a 4xx) is split until the offender is
   * alone, and that one is set aside the same way.
   */
  async flush(holdForUndo = false): Promise<{ applied: number; rejected: number; conflicts: number }> {
    const total = { applied: 0, rejected: 0, conflicts: 0 };
    let startCount: number | null = null;
    const started = Date.now();
    // Bounded: each round removes at least one row or throws.
    for (let round = 0; round < 100_000; round++) {
      const batch = await nextBatch(this.db, this.o.pushBatch, holdForUndo ? this.holdFrom() : null);
      if (batch.length === 0) break;
      // Counted only when the outbox fills a batch (progress is shown for longer flushes), so the
      // usual empty or short outbox costs one IndexedDB read before the pull, not two.
      startCount ??= batch.length < this.o.pushBatch ? batch.length : await pendingCount(this.db);
      await markSent(this.db, batch, this.o.now());
      const before = total.applied + total.rejected + total.conflicts;
      await this.pushRows(batch, total);
      const done = total.applied + total.rejected + total.conflicts;
      if (done === before) throw new Error('The server answered a push without results for its mutations.');
      if (startCount > this.o.pushBatch) this.set({ progress: progressOf('flush', done, startCount, started) });
    }
    return total;
  }

  /** One push; a batch refused as a whole is halved (order kept) until the offender is found. */
  private async pushRows(rows: OutboxRow[], total: { applied: number; rejected: number; conflicts: number }): Promise<void> {
    let response: PushResponse & { quarantined?: string[] };
    try {
      response = await this.port.push(rows.map((r) => r.mutation));
    } catch (err) {
      if (failureKind(err) === 'refused') {
        if (rows.length === 1) {
          await quarantineRow(this.db, rows[0]!, `refused by the server: ${errorMessage(err)}`, this.o.now());
          total.rejected++;
          return;
        }
        const half = Math.ceil(rows.length / 2);
        await this.pushRows(rows.slice(0, half), total);
        await this.pushRows(rows.slice(half), total);
        return;
      }
      await markFailed(this.db, rows, errorMessage(err));
      throw err;
    }
    const outcome = await applyPushResults(this.db, rows, response.results, this.o.now(), new Set(response.quarantined ?? []));
    total.applied += outcome.applied;
    total.rejected += outcome.rejected;
    total.conflicts += outcome.conflicts;
  }

  /**
   * Pulls pages until the server has nothing newer. A server that refuses the cursor as not its own
   * (it comes from another database) is pulled again from the start, and what that full pull does
   * not mention leaves this machine (`forgetUnseen`).
   */
  async pullAll(): Promise<number> {
    try {
      return await this.pullPages(null);
    } catch (err) {
      if (failureKind(err) !== 'cursor') throw err;
      await resetCursor(this.db);
      const seen = new Set<string>();
      const applied = await this.pullPages(seen);
      await forgetUnseen(this.db, seen);
      return applied;
    }
  }

  private async pullPages(seen: Set<string> | null): Promise<number> {
    let applied = 0;
    // The next page is fetched while this one is written: the server and main work in another
    // process than IndexedDB, so overlapping them roughly halves a first sync. Only the stored
    // cursor counts; if a write fails, the prefetched page is dropped and pulled again next time.
    let policySeq = await getPolicySeq(this.db);
    let snippetsVersion = await getSnippetsVersion(this.db);
    let macrosVersion = await getMacrosVersion(this.db);
    let next: Promise<PullResponse> | null = this.port.pull(await getCursor(this.db), this.o.pullLimit, policySeq, snippetsVersion, macrosVersion);
    for (let page = 0; page < 100_000 && next; page++) {
      const waitFrom = performance.now();
      const res: PullResponse = await next;
      performance.measure(PULL_WAIT_MEASURE, { start: waitFrom, end: performance.now() });
      if (seen) for (const c of res.changes) if (c.access === 'visible') seen.add(c.caseId);
      policySeq = res.policies?.seq ?? policySeq;
      snippetsVersion = res.snippets?.version ?? snippetsVersion;
      macrosVersion = res.macros?.version ?? macrosVersion;
      next = res.hasMore ? this.port.pull(res.cursor, this.o.pullLimit, policySeq, snippetsVersion, macrosVersion) : null;
      next?.catch(() => undefined); // observed below, or abandoned if the write fails
      const applyFrom = performance.now();
      const summary = await applyPullPage(this.db, res, this.o.now());
      performance.measure(PULL_APPLY_MEASURE, { start: applyFrom, end: performance.now() });
      applied += summary.upserted + summary.removed;
      // The server does not say how many remain; pages are how far we are.
      if (next) this.set({ progress: { label: 'pull', done: applied, total: null, etaMs: null } });
    }
    return applied;
  }

  /** Decisions queued after this instant are still inside their undo window. */
  private holdFrom(): string | null {
    return this.o.undoWindowMs > 0 ? new Date(this.o.now().getTime() - this.o.undoWindowMs).toISOString() : null;
  }

  /**
   * Outbox first, so the pull that follows already reflects our own decisions. `holdForUndo` (the
   * background loop) leaves decisions inside their undo window queued.
   */
  async syncNow(holdForUndo = false): Promise<void> {
    if (this.running) {
      // An explicit sync asked for during a background round that held decisions back: once that
      // round ends, one more that holds nothing, so "sync now" sends them all.
      if (holdForUndo || !this.runningHeld) return this.running;
      return this.running.catch(() => undefined).then(() => this.syncNow(false));
    }
    this.runningHeld = holdForUndo && this.o.undoWindowMs > 0;
    this.running = (async () => {
      this.set({ busy: true });
      try {
        await this.flush(holdForUndo);
        await this.pullAll();
        this.failures = 0;
        this.set({ online: true, lastError: null, lastErrorCode: null, lastFailure: null, lastSyncAt: this.o.now().toISOString(), progress: null });
      } catch (err) {
        this.failures++;
        const kind = failureKind(err);
        // A full disk or a refusal is not an outage: the server was reached.
        this.set({ online: kind !== 'transient', lastError: errorMessage(err), lastErrorCode: codeOf(err), lastFailure: kind, progress: null });
        throw err;
      } finally {
        this.set({ busy: false });
        this.running = null;
      }
    })();
    return this.running;
  }

  /**
   * Claims `count` cases for offline work with the policy's long lease, in chunks so progress
   * and the time left can be shown.
   */
  async checkout(count: number, onProgress?: (p: Progress) => void): Promise<number> {
    const chunk = 50;
    const started = Date.now();
    let got = 0;
    try {
      while (got < count) {
        const res = await this.port.claim({ count: Math.min(chunk, count - got), mode: 'offline' });
        if (res.cases.length === 0) break;
        await applyClaimedCases(this.db, res.cases);
        got += res.cases.length;
        const p = progressOf('checkout', got, count, started);
        this.set({ progress: p });
        onProgress?.(p);
      }
    } catch (err) {
      // Named like a failed round: a full disk here is not an outage either.
      this.set({ lastError: errorMessage(err), lastErrorCode: codeOf(err), lastFailure: failureKind(err), progress: null });
      throw err;
    }
    this.set({ progress: null });
    return got;
  }

  /** Renews the leases of every case held here; cases lost meanwhile arrive as revocations on pull. */
  async heartbeat(): Promise<HeartbeatResponse | null> {
    const held = await this.db.cases.where('leaseExpiresAtMs').above(0).primaryKeys();
    if (held.length === 0) return null;
    const res = await this.port.heartbeat(held.slice(0, 500));
    await this.db.transaction('rw', this.db.cases, async () => {
      for (const r of res.renewed) await this.db.cases.update(r.caseId, { leaseExpiresAt: r.leaseExpiresAt, leaseExpiresAtMs: Date.parse(r.leaseExpiresAt) });
    });
    return res;
  }

  /** Background loop: sync on an interval while online, back off with jitter while offline. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    // The last successful sync is on disk, so a reload while offline still says how stale we are.
    void getMeta(this.db, LAST_SYNC_KEY, (v): v is string => typeof v === 'string').then((at) => {
      if (at && !this.state.lastSyncAt) this.set({ lastSyncAt: at });
    });
    const tick = async (): Promise<void> => {
      if (this.stopped) return;
      try {
        await this.syncNow(true);
      } catch {
        // State already says offline; the next tick is scheduled with backoff below.
      }
      if (this.stopped) return;
      const delay = this.failures ? backoffDelay(this.failures - 1, this.o.minBackoffMs, this.o.maxBackoffMs, this.o.random) : await this.nextTickDelay();
      if (this.stopped) return;
      this.timer = setTimeout(() => void tick(), delay);
    };
    void tick();
    this.heartbeatTimer = setInterval(() => void this.heartbeat().catch(() => undefined), this.o.heartbeatMs);
  }

  /** The interval, or sooner when a held decision leaves its undo window before then. */
  private async nextTickDelay(): Promise<number> {
    const from = this.holdFrom();
    const until = from === null ? null : await heldUntil(this.db, from, this.o.undoWindowMs).catch(() => null);
    if (until === null) return this.o.intervalMs;
    return Math.max(50, Math.min(this.o.intervalMs, until - this.o.now().getTime() + 50));
  }

  /** The connection came back: try now instead of waiting out the backoff. */
  nudge(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.failures = 0;
    this.stopped = true;
    this.start();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.timer = null;
    this.heartbeatTimer = null;
  }

  /** Resolves once the round in flight (if any) has ended, however it ended: before the store closes. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }
}

function progressOf(label: Progress['label'], done: number, total: number, startedMs: number): Progress {
  const elapsed = Date.now() - startedMs;
  const etaMs = done > 0 && total > done ? Math.round((elapsed / done) * (total - done)) : done >= total ? 0 : null;
  return { label, done, total, etaMs };
}

function codeOf(err: unknown): string | null {
  if (isQuotaError(err)) return 'disk_full';
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
