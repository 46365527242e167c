/**
 * Cases, bundles and order histories: applying what the server sends, and reading it back.
 * A pull page and its cursor are written in one transaction, so a crash mid-page re-pulls the
 * page instead of skipping it.
 */
import { CaseViewSchema, type CaseView, type PullChange, type PullResponse } from '@common/api';
import type { GavelDb } from './db';
import { bundleRowFromView, caseRowFromView, type BundleRow, type CaseRow, type LocalState, type OrderRow } from './rows';
import { storePulledPolicies } from './policiesRepo';
import { applyQaPull } from './qaRepo';

export const CURSOR_KEY = 'pull.cursor';
export const LAST_SYNC_KEY = 'sync.lastAt';

export type ApplySummary = { upserted: number; removed: number };

/** Applies one pull page and stores its cursor, atomically. */
export async function applyPullPage(db: GavelDb, page: PullResponse, now = new Date()): Promise<ApplySummary> {
  return db.transaction('rw', [db.cases, db.bundles, db.orders, db.outbox, db.meta, db.qaItems, db.qaNotices, db.policies], async () => {
    const summary = await applyChanges(db, page.changes);
    await applyQaPull(db, page.qa);
    await storePulledPolicies(db, page.policies);
    await db.meta.bulkPut([
      { key: CURSOR_KEY, value: page.cursor },
      { key: LAST_SYNC_KEY, value: now.toISOString() },
    ]);
    return summary;
  });
}

/** Applies freshly claimed cases (claims answer with full views, outside the pull cursor). */
export async function applyClaimedCases(db: GavelDb, views: CaseView[]): Promise<ApplySummary> {
  const changes: PullChange[] = views.map((v) => ({ access: 'visible', caseId: v.id, types: ['claimed'], case: v }));
  return db.transaction('rw', [db.cases, db.bundles, db.orders, db.outbox, db.meta], () => applyChanges(db, changes));
}

async function applyChanges(db: GavelDb, changes: PullChange[]): Promise<ApplySummary> {
  if (changes.length === 0) return { upserted: 0, removed: 0 };
  const ids = changes.map((c) => c.caseId);
  const incomingOrders = ordersOf(changes);
  // Every read the page needs goes out at once: one wait for IndexedDB instead of one per table.
  const orderIds = [...incomingOrders.keys()];
  const [existing, queued, storedOrders] = await Promise.all([
    db.cases.bulkGet(ids),
    db.outbox.where('caseId').anyOf(ids).toArray(),
    orderIds.length ? db.orders.bulkGet(orderIds) : [],
  ]);
  const byId = new Map<string, CaseRow>();
  existing.forEach((row) => row && byId.set(row.id, row));
  const withPending = new Set(queued.map((r) => r.caseId));

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
    const local: LocalState = withPending.has(view.id)
      ? 'pending'
      : prev?.local === 'conflict'
        ? 'conflict'
        : view.decision
          ? 'synced'
          : 'open';
    const row = caseRowFromView(view, local);
    // The local decision wins on screen until the server has answered for it.
    if (local === 'pending' && prev) row.status = prev.status;
    caseRows.push(row);
    bundleRows.push(bundleRowFromView(view));
  }

  const orderRows = changedOrders(incomingOrders, storedOrders);
  await Promise.all([
    db.cases.bulkPut([...caseRows, ...revokedKept]),
    db.bundles.bulkPut(bundleRows),
    orderRows.length ? db.orders.bulkPut(orderRows) : undefined,
  ]);
  if (removed.length) await removeCases(db, removed);
  return { upserted: caseRows.length, removed: removed.length };
}

/** The orders of a page's visible cases, one row per order id, with the page's cases that hold it. */
function ordersOf(changes: PullChange[]): Map<string, OrderRow> {
  const incoming = new Map<string, OrderRow>();
  for (const change of changes) {
    if (change.access !== 'visible') continue;
    const caseId = change.case.id;
    for (const o of change.case.bundle.orders) {
      const seen = incoming.get(o.id);
      if (seen) seen.caseIds = [...new Set([...seen.caseIds, caseId])];
      else incoming.set(o.id, { ...o, caseIds: [caseId], createdAtMs: Date.parse(o.createdAt) });
    }
  }
  return incoming;
}

/**
 * Orders are shared across cases: each order's case list is merged with the stored one rather than
 * overwritten. Only rows that differ from what is stored are returned: an order rarely changes
 * when its case does (new evidence, a claim), and every write costs IndexedDB four index updates.
 */
function changedOrders(incoming: Map<string, OrderRow>, stored: readonly (OrderRow | undefined)[]): OrderRow[] {
  const out: OrderRow[] = [];
  let i = 0;
  for (const next of incoming.values()) {
    const old = stored[i++];
    if (old) next.caseIds = [...new Set([...old.caseIds, ...next.caseIds])];
    // Same JSON text means the same row (both were built by ordersOf, so keys come in one order);
    // any other difference, even only in key order, is written.
    if (!old || JSON.stringify(old) !== JSON.stringify(next)) out.push(next);
  }
  return out;
}

async function removeCases(db: GavelDb, ids: string[]): Promise<void> {
  const gone = new Set(ids);
  const orders = await db.orders.where('caseIds').anyOf(ids).toArray();
  const keep: OrderRow[] = [];
  const drop: string[] = [];
  for (const o of orders) {
    const rest = o.caseIds.filter((c) => !gone.has(c));
    if (rest.length) keep.push({ ...o, caseIds: rest });
    else drop.push(o.id);
  }
  await Promise.all([db.cases.bulkDelete(ids), db.bundles.bulkDelete(ids), db.orders.bulkPut(keep), db.orders.bulkDelete(drop)]);
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

/** A party's orders (as buyer, merchant or affiliate), newest first, created at or after `sinceMs`. */
export async function partyOrders(db: GavelDb, partyId: string, sinceMs: number): Promise<OrderRow[]> {
  const range = (index: '[buyerId+createdAtMs]' | '[merchantId+createdAtMs]' | '[affiliateId+createdAtMs]') =>
    db.orders.where(index).between([partyId, sinceMs], [partyId, Infinity], true, true).toArray();
  const lists = await Promise.all([range('[buyerId+createdAtMs]'), range('[merchantId+createdAtMs]'), range('[affiliateId+createdAtMs]')]);
  const seen = new Map<string, OrderRow>();
  for (const o of lists.flat()) seen.set(o.id, o);
  return [...seen.values()].sort((a, b) => b.createdAtMs - a.createdAtMs);
}
