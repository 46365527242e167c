/**
 * Cases, bundles and order histories: applying what the server sends, and reading it back.
 * A pull page and its cursor are written in one transaction, so a crash mid-page re-pulls the
 * page instead of skipping it.
 */
import { CaseViewSchema, type CaseView, type PullChange, type PullResponse } from '@common/api';
import { withRelaxedDurability, type GavelDb } from './db';
import { newEvidenceKeys } from './evidenceDiff';
import { bundleRowFromView, caseRowFromView, type BundleRow, type CaseRow, type LocalState, type OrderRow } from './rows';
import { storePulledPolicies } from './policiesRepo';
import { storePulledMacros } from './macrosRepo';
import { storePulledSnippets } from './snippetsRepo';
import { applyQaPull } from './qaRepo';

export const CURSOR_KEY = 'pull.cursor';
export const LAST_SYNC_KEY = 'sync.lastAt';

export type ApplySummary = { upserted: number; removed: number };

/**
 * Server statuses in which a case is no longer anyone's work here: shown as done ('synced'), never
 * as open work, unless this machine still owes the server a mutation for it.
 */
const SETTLED_STATUSES = new Set(['decided', 'closed', 'withdrawn']);

/** Applies one pull page and stores its cursor, atomically. */
export async function applyPullPage(db: GavelDb, page: PullResponse, now = new Date()): Promise<ApplySummary> {
  // Relaxed: a page a crash loses is pulled again, its cursor being lost with it.
  return withRelaxedDurability(() => db.transaction('rw', [db.cases, db.bundles, db.outbox, db.meta, db.qaItems, db.qaNotices, db.policies, db.snippets, db.macros], async () => {
    const summary = await applyChanges(db, page.changes);
    await applyQaPull(db, page.qa);
    await storePulledPolicies(db, page.policies);
    await storePulledSnippets(db, page.snippets);
    await storePulledMacros(db, page.macros);
    await db.meta.bulkPut([
      { key: CURSOR_KEY, value: page.cursor },
      { key: LAST_SYNC_KEY, value: now.toISOString() },
    ]);
    return summary;
  }));
}

/** Applies freshly claimed cases (claims answer with full views, outside the pull cursor). */
export async function applyClaimedCases(db: GavelDb, views: CaseView[]): Promise<ApplySummary> {
  const changes: PullChange[] = views.map((v) => ({ access: 'visible', caseId: v.id, types: ['claimed'], case: v }));
  return db.transaction('rw', [db.cases, db.bundles, db.outbox, db.meta], () => applyChanges(db, changes));
}

/**
 * One case as the server holds it now (read to resolve a conflict), applied like a pulled change.
 * Runs inside the caller's transaction when there is one (it must include cases, bundles and
 * outbox).
 */
export async function applyCaseView(db: GavelDb, view: CaseView): Promise<void> {
  await applyChanges(db, [{ access: 'visible', caseId: view.id, types: [], case: view }]);
}

/**
 * Takes a case off this machine (the server says it is no longer this account's), unless a mutation
 * for it still waits to be sent: that one's outcome is shown beside it first. Inside the caller's
 * transaction (cases, bundles, outbox).
 */
export async function forgetCase(db: GavelDb, caseId: string): Promise<boolean> {
  if ((await db.outbox.where('caseId').equals(caseId).count()) > 0) return false;
  await removeCases(db, [caseId]);
  return true;
}

/**
 * After a pull from the very start (the server refused the cursor as not its own): cases this
 * machine holds that the full pull did not mention are not visible to this account there; they go,
 * except those with a mutation still to send or a conflict still to resolve.
 */
export async function forgetUnseen(db: GavelDb, seen: ReadonlySet<string>): Promise<number> {
  return db.transaction('rw', [db.cases, db.bundles, db.outbox], async () => {
    const [ids, queued] = await Promise.all([db.cases.toCollection().primaryKeys(), db.outbox.toArray()]);
    const keep = new Set(queued.map((r) => r.caseId));
    const conflicted = new Set(await db.cases.where('local').equals('conflict').primaryKeys());
    const gone = ids.filter((id) => !seen.has(id) && !keep.has(id) && !conflicted.has(id));
    if (gone.length) await removeCases(db, gone);
    return gone.length;
  });
}

async function applyChanges(db: GavelDb, changes: PullChange[]): Promise<ApplySummary> {
  if (changes.length === 0) return { upserted: 0, removed: 0 };
  const ids = changes.map((c) => c.caseId);
  // Every read the page needs goes out at once: one wait for IndexedDB instead of one per table.
  const [existing, queued] = await Promise.all([db.cases.bulkGet(ids), db.outbox.where('caseId').anyOf(ids).toArray()]);
  const byId = new Map<string, CaseRow>();
  existing.forEach((row) => row && byId.set(row.id, row));
  const withPending = new Set(queued.map((r) => r.caseId));
  // Cases whose evidence grew since this machine stored them: their stored bundles are read (only
  // theirs) to mark what is new; the usual page (claims, leases, decisions) reads no bundle.
  const grown = changes.filter((c) => c.access === 'visible' && (byId.get(c.caseId)?.evidenceVersion ?? Infinity) < c.case.evidenceVersion).map((c) => c.caseId);
  const before = new Map<string, BundleRow>();
  if (grown.length > 0) for (const b of await db.bundles.bulkGet(grown)) if (b) before.set(b.caseId, b);

  const caseRows: CaseRow[] = [];
  const bundleRows: BundleRow[] = [];
  const removed: string[] = [];
  const revokedKept: CaseRow[] = [];

  for (const change of changes) {
    const prev = byId.get(change.caseId);
    if (change.access === 'revoked') {
      // A case we still owe the server a mutation for stays, so the outcome (likely a conflict)
      // can be shown next to the decision; anything else simply leaves this machine.
      if (prev && withPending.has(change.caseId)) {
        revokedKept.push({ ...prev, status: change.status, claimedBy: null, leaseExpiresAt: null });
      } else removed.push(change.caseId);
      continue;
    }
    const view = change.case;
    const local = localStateFor(view, prev, withPending.has(view.id), db.owner);
    const bundleRow = bundleRowFromView(view);
    const row = withNewMarks(caseRowFromView(view, local), prev, before.get(view.id), bundleRow);
    // The local decision wins on screen until the server has answered for it.
    if (local === 'pending' && prev) row.status = prev.status;
    caseRows.push(row);
    bundleRows.push(bundleRow);
  }

  await Promise.all([db.cases.bulkPut([...caseRows, ...revokedKept]), db.bundles.bulkPut(bundleRows)]);
  if (removed.length) await removeCases(db, removed);
  return { upserted: caseRows.length, removed: removed.length };
}

/**
 * A case's life on this machine after the server's view of it arrives: pending while this machine
 * owes the server a mutation, a conflict until the arbitrator resolved it, done ('synced') once the
 * server has decided, closed or withdrawn it, or when it is not held for this account (`owner`: a
 * supervisor is shown every case, but only what it holds is its work); otherwise open work.
 */
export function localStateFor(view: CaseView, prev: CaseRow | undefined, pending: boolean, owner: string | null = null): LocalState {
  if (pending) return 'pending';
  if (prev?.local === 'conflict') return 'conflict';
  if (owner !== null && view.claim?.arbitratorId !== owner) return 'synced';
  return view.decision || SETTLED_STATUSES.has(view.status) ? 'synced' : 'open';
}

/**
 * The new-evidence marks a case carries forward: those already made (the arbitrator has not decided
 * since), plus what a newer evidence version adds to the bundle this machine had. A case whose
 * decision is synced starts clean.
 */
function withNewMarks(row: CaseRow, prev: CaseRow | undefined, stored: BundleRow | undefined, next: BundleRow): CaseRow {
  if (!prev || row.local === 'synced') return row;
  const added = stored && prev.evidenceVersion < row.evidenceVersion ? newEvidenceKeys(stored.bundle, next.bundle) : [];
  if (added.length === 0 && !prev.newKeys?.length) return row;
  return { ...row, newKeys: [...new Set([...(prev.newKeys ?? []), ...added])], newSince: prev.newSince ?? prev.evidenceVersion };
}

async function removeCases(db: GavelDb, ids: string[]): Promise<void> {
  await Promise.all([db.cases.bulkDelete(ids), db.bundles.bulkDelete(ids)]);
}

/**
 * Other cases on this machine whose evidence holds a file with one of these hashes, by hash
 * (keys only: no bundle is read). The same photo in two complaints is a classic sign of reuse.
 */
export async function casesSharingMedia(db: GavelDb, caseId: string, shas: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (shas.length === 0) return out;
  const wanted = new Set(shas);
  await db.bundles
    .where('mediaShas')
    .anyOf([...wanted])
    .eachKey((key, cursor) => {
      const sha = key as string;
      const other = cursor.primaryKey;
      if (other === caseId || !wanted.has(sha)) return;
      const list = out.get(sha) ?? [];
      if (!list.includes(other)) list.push(other);
      out.set(sha, list);
    });
  return out;
}

/** Forgets the pull cursor: the next pull starts from the beginning of the server's change log. */
export async function resetCursor(db: GavelDb): Promise<void> {
  await db.meta.delete(CURSOR_KEY);
}

export async function getCursor(db: GavelDb): Promise<string | undefined> {
  const row = await db.meta.get(CURSOR_KEY);
  return typeof row?.value === 'string' ? row.value : undefined;
}

export async function getMeta<T>(db: GavelDb, key: string, guard: (v: unknown) => v is T): Promise<T | undefined> {
  const row = await db.meta.get(key);
  return row && guard(row.value) ? row.value : undefined;
}

/**
 * Reads one case's evidence. The stored bundle is re-validated: IndexedDB is a boundary too
 * (older app versions, manual edits, a half-written upgrade), and a clear error beats a viewer
 * crashing on a missing field.
 */
export async function loadBundle(db: GavelDb, caseId: string): Promise<BundleRow | undefined> {
  const row = await db.bundles.get(caseId);
  if (!row) return undefined;
  const check = CaseViewSchema.shape.bundle.safeParse(row.bundle);
  if (!check.success) {
    const issue = check.error.issues[0];
    throw new Error(`Stored evidence for case ${caseId} is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown'}`);
  }
  return { ...row, bundle: check.data };
}

/**
 * A party's orders (as buyer, merchant or affiliate), newest first, created at or after `sinceMs`;
 * an order in several cases' evidence once.
 */
export async function partyOrders(db: GavelDb, partyId: string, sinceMs: number): Promise<OrderRow[]> {
  const rows = await db.bundles.where('partyTimes').between([partyId, sinceMs], [partyId, Infinity], true, true).distinct().toArray();
  const seen = new Map<string, OrderRow>();
  for (const row of rows) {
    for (const o of row.bundle.orders) {
      if (seen.has(o.id) || (o.buyerId !== partyId && o.merchantId !== partyId && o.affiliateId !== partyId)) continue;
      const createdAtMs = Date.parse(o.createdAt);
      if (createdAtMs >= sinceMs) seen.set(o.id, { ...o, caseId: row.caseId, createdAtMs });
    }
  }
  return [...seen.values()].sort((a, b) => b.createdAtMs - a.createdAtMs);
}
