/**
 * Decisions and other mutations waiting for the server. Recording a decision is one strict
 * transaction (case status + decision + outbox row): once it resolves, the decision survives a
 * crash, a reload or a killed host, and it will reach the server exactly once because the server
 * applies each client id once.
 */
import { MutationSchema, type Mutation, type MutationResult } from '@common/api';
import type { Decision } from '@common/domain';
import { withRelaxedDurability, type GavelDb } from './db';
import { holdIdleWork } from './idleWork';
import { OutboxError } from './outboxError';
import { applyQaPushResult } from './qaRepo';
import type { CaseRow, ConflictRow, DecisionRow, OutboxRow } from './rows';

function validated(mutation: Mutation): Mutation {
  const parsed = MutationSchema.safeParse(mutation);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OutboxError('invalid_mutation', `${issue?.path.join('.') || 'mutation'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Marked when a decision is on disk; the benches measure keystroke → this mark. */
export const DECISION_DURABLE_MARK = 'gavel:decision-durable';

/**
 * Records a decision locally and queues it for the server: one strict transaction writing the
 * case's new state, the decision and the outbox row.
 *
 * `seen` is the case row the arbitrator decided on, as the screen showed it. When it is given, the
 * transaction reads the stored row and writes in the same round trip to IndexedDB (requests in a
 * transaction run in order, so the read answers before any write lands); if the stored row is not
 * the one seen (a pull, a heartbeat or another tab changed it), the transaction is aborted before
 * anything commits and the decision is recorded again from the stored row.
 *
 * `precedentHint`: whether the precedent hint was on screen at commit (sent for QA); omitted when
 * the case had no precedents to judge by.
 */
export function recordDecision(db: GavelDb, caseId: string, decision: Decision, now = new Date(), seen?: CaseRow, precedentHint?: boolean): Promise<DecisionRow> {
  // Idle-time work waits while the arbitrator's own write is on its way to disk (idleWork.ts).
  return holdIdleWork(writeDecision(db, caseId, decision, now, seen, precedentHint));
}

async function writeDecision(db: GavelDb, caseId: string, decision: Decision, now: Date, seen?: CaseRow, precedentHint?: boolean): Promise<DecisionRow> {
  const at = now.toISOString();
  // A decision that does not fit the row as seen is judged against the stored row instead.
  const plan = seen && seen.id === caseId ? tryPlan(seen, decision, at, precedentHint) : null;
  if (seen && plan) {
    try {
      return await writeOnSeenRow(db, seen, plan);
    } catch (e) {
      if (!(e instanceof StaleRowError)) throw e;
    }
  }
  return db.transaction('rw', [db.cases, db.decisions, db.outbox], async (tx) => {
    markWhenDurable(tx.idbtrans);
    const row = await db.cases.get(caseId);
    if (!row) throw new OutboxError('case_not_found', `Case ${caseId} is not on this machine.`);
    const stored = planDecision(row, decision, at, precedentHint);
    // The three writes go out together (one round trip to IndexedDB, not three), and the case row
    // already read is written back whole rather than read again by update().
    await Promise.all(writePlan(db, stored));
    return stored.decisionRow;
  });
}

export type ManyResult = { caseId: string; mutationId: string } & ({ ok: true } | { ok: false; error: OutboxError });

/**
 * Records several decisions (a cluster decision, docs/clusters.md) in one strict transaction: each
 * case gets its own decision row and its own outbox mutation (its own client id), exactly as if it
 * had been decided alone, so each reaches the server once. A case that cannot take its decision here
 * (not on this machine, already waiting to sync) is reported and the others are still recorded.
 */
export async function recordDecisions(db: GavelDb, items: ReadonlyArray<{ caseId: string; decision: Decision }>, now = new Date()): Promise<ManyResult[]> {
  const at = now.toISOString();
  return holdIdleWork(db.transaction('rw', [db.cases, db.decisions, db.outbox], async (tx) => {
    markWhenDurable(tx.idbtrans);
    const rows = await db.cases.bulkGet(items.map((i) => i.caseId));
    const plans: DecisionPlan[] = [];
    const results = items.map((item, i): ManyResult => {
      const row = rows[i];
      const base = { caseId: item.caseId, mutationId: item.decision.mutationId };
      if (!row) return { ...base, ok: false, error: new OutboxError('case_not_found', `Case ${item.caseId} is not on this machine.`) };
      try {
        plans.push(planDecision(row, item.decision, at));
        return { ...base, ok: true };
      } catch (e) {
        if (e instanceof OutboxError) return { ...base, ok: false, error: e };
        throw e;
      }
    });
    if (plans.length > 0)
      await Promise.all([db.decisions.bulkAdd(plans.map((p) => p.decisionRow)), db.outbox.bulkAdd(plans.map((p) => p.outbox)), db.cases.bulkPut(plans.map((p) => p.caseRow))]);
    return results;
  }));
}

/** The row read inside the decision's transaction was not the row the decision was built on. */
class StaleRowError extends Error {}

/** One round trip: the read that checks the row and the three writes, placed in that order. */
function writeOnSeenRow(db: GavelDb, seen: CaseRow, plan: DecisionPlan): Promise<DecisionRow> {
  return db.transaction('rw', [db.cases, db.decisions, db.outbox], async (tx) => {
    markWhenDurable(tx.idbtrans);
    // IndexedDB answers a transaction's requests in the order placed: this check runs before any
    // write lands, and throwing in it aborts the transaction with nothing committed.
    const check = db.cases.get(seen.id).then((stored) => {
      if (!stored || !sameRow(stored, seen)) throw new StaleRowError(`case ${seen.id} changed since it was shown`);
    });
    await Promise.all([check, ...writePlan(db, plan)]);
    return plan.decisionRow;
  });
}

type DecisionPlan = { decisionRow: DecisionRow; outbox: OutboxRow; caseRow: CaseRow };

/** Validates the decision against `row`: the rows to write, or an OutboxError. */
function planDecision(row: CaseRow, decision: Decision, at: string, precedentHint?: boolean): DecisionPlan {
  if (row.local === 'pending') throw new OutboxError('already_decided', `Case ${row.externalId} already has a decision waiting to sync.`);
  const mutation = validated({
    clientId: decision.mutationId,
    type: 'decide',
    caseId: row.id,
    ...(row.leaseEpoch === null ? {} : { leaseEpoch: row.leaseEpoch }),
    evidenceVersion: row.evidenceVersion,
    decision,
    ...(precedentHint === undefined ? {} : { precedentHint }),
  });
  const decisionRow: DecisionRow = {
    mutationId: decision.mutationId,
    caseId: row.id,
    decision,
    state: 'pending',
    previousLocal: row.local,
    previousStatus: row.status,
    createdAt: at,
  };
  return { decisionRow, outbox: outboxRow(mutation, at), caseRow: { ...row, local: 'pending', status: 'decided' } };
}

function tryPlan(row: CaseRow, decision: Decision, at: string, precedentHint?: boolean): DecisionPlan | null {
  try {
    return planDecision(row, decision, at, precedentHint);
  } catch {
    return null;
  }
}

function writePlan(db: GavelDb, plan: DecisionPlan): Promise<unknown>[] {
  return [db.decisions.add(plan.decisionRow), db.outbox.add(plan.outbox), db.cases.put(plan.caseRow)];
}

/**
 * Sets DECISION_DURABLE_MARK when IndexedDB reports `trans` committed (strict durability: on disk).
 * The complete event's path runs through the database, so a capturing listener there sees it
 * before the transaction's own listeners (Dexie's, and the page updates they set off); where an
 * implementation dispatches at the transaction only, its own listener marks instead.
 */
function markWhenDurable(trans: IDBTransaction): void {
  const idb = trans.db;
  let marked = false;
  const mark = (e: Event): void => {
    if (e.target !== trans) return;
    if (!marked) performance.mark(DECISION_DURABLE_MARK);
    marked = true;
    idb.removeEventListener('complete', mark, true);
    idb.removeEventListener('abort', stop, true);
  };
  const stop = (e: Event): void => {
    if (e.target !== trans) return;
    idb.removeEventListener('complete', mark, true);
    idb.removeEventListener('abort', stop, true);
  };
  idb.addEventListener('complete', mark, true);
  idb.addEventListener('abort', stop, true);
  trans.addEventListener('complete', mark, { once: true });
}

/** Field by field; arrays and objects (tokens, finding counts) by their JSON. */
function sameRow(a: CaseRow, b: CaseRow): boolean {
  const ka = Object.keys(a) as (keyof CaseRow)[];
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null || JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}

/**
 * Queues a non-decision mutation (release, escalate, request evidence, note). An evidence request
 * carrying the deadline the form showed is the case's open request from then on, offline too,
 * until the server's own (with the binding deadline) arrives with the next pull.
 */
export async function enqueueMutation(db: GavelDb, mutation: Mutation, now = new Date()): Promise<void> {
  const m = validated(mutation);
  // Only a request touches the bundle: callers that queue other mutations inside their own
  // transaction (a conflict's escalation) need not include it.
  const tables = m.type === 'request_evidence' ? [db.cases, db.bundles, db.outbox] : [db.cases, db.outbox];
  await holdIdleWork(db.transaction('rw', tables, async () => {
    const row = await db.cases.get(m.caseId);
    if (!row) throw new OutboxError('case_not_found', `Case ${m.caseId} is not on this machine.`);
    await db.outbox.add(outboxRow(m, now.toISOString()));
    const status = m.type === 'escalate' ? 'escalated' : m.type === 'request_evidence' ? 'awaiting_evidence' : m.type === 'release' ? 'queued' : null;
    if (status) await db.cases.update(m.caseId, { status, local: 'pending' });
    if (m.type === 'request_evidence' && m.dueAt)
      await db.bundles.update(m.caseId, { evidenceRequest: { from: m.from, categories: m.categories, request: m.request, dueAt: m.dueAt } });
  }));
}

function outboxRow(mutation: Mutation, at: string): OutboxRow {
  return { clientId: mutation.clientId, caseId: mutation.caseId, type: mutation.type, mutation, enqueuedAt: at, sentAt: null, attempts: 0, lastError: null };
}

/**
 * Takes a decision back, only while it has never left this machine: once sent, the server may
 * have applied it even if the answer was lost, and pretending otherwise would lose or duplicate it.
 */
export async function undoDecision(db: GavelDb, mutationId: string): Promise<void> {
  await db.transaction('rw', [db.cases, db.decisions, db.outbox], async () => {
    const queued = await db.outbox.where('clientId').equals(mutationId).first();
    const decision = await db.decisions.get(mutationId);
    if (!queued || !decision) throw new OutboxError('not_undoable', 'That decision is no longer waiting to sync.');
    if (queued.sentAt) throw new OutboxError('not_undoable', 'That decision has already been sent to the server.');
    await db.outbox.delete(queued.seq);
    await db.decisions.delete(mutationId);
    await db.cases.update(decision.caseId, { local: decision.previousLocal, status: decision.previousStatus });
  });
}

/**
 * The oldest queued mutations, in the order they were made. With `holdFrom`, the batch stops at the
 * first decision queued after that instant and never sent: it is still inside its undo window, and
 * nothing behind it may overtake it (order is kept per machine).
 */
export async function nextBatch(db: GavelDb, max: number, holdFrom: string | null = null): Promise<OutboxRow[]> {
  const rows = await db.outbox.orderBy('seq').limit(max).toArray();
  if (holdFrom === null) return rows;
  const held = rows.findIndex((r) => isHeld(r, holdFrom));
  return held < 0 ? rows : rows.slice(0, held);
}

/** A decision still inside its undo window: queued after `holdFrom` and never sent. */
function isHeld(r: OutboxRow, holdFrom: string): boolean {
  return r.type === 'decide' && r.sentAt === null && r.enqueuedAt > holdFrom;
}

/** When the oldest decision held for undo leaves its window (ms since the epoch), or null if none is held. */
export async function heldUntil(db: GavelDb, holdFrom: string, windowMs: number): Promise<number | null> {
  // One read of the whole (short) outbox: a filtered cursor asked the page for every row in turn,
  // and kept its transaction over the outbox open while the page was busy.
  const first = (await db.outbox.orderBy('seq').toArray()).find((r) => isHeld(r, holdFrom));
  return first ? Date.parse(first.enqueuedAt) + windowMs : null;
}

/** Marks rows as sent before the request leaves, so undo stops being offered from that moment. */
export async function markSent(db: GavelDb, rows: OutboxRow[], now = new Date()): Promise<void> {
  const at = now.toISOString();
  await updateRows(db, rows, (r) => ({ sentAt: r.sentAt ?? at, attempts: r.attempts + 1 }));
}

export async function markFailed(db: GavelDb, rows: OutboxRow[], error: string): Promise<void> {
  await updateRows(db, rows, () => ({ lastError: error }));
}

/**
 * Changes outbox rows that are still there (a row undone meanwhile stays gone), in one read and one
 * write: row by row it took two trips through the page's main thread a row, in a transaction over
 * the outbox that the next decision waits behind.
 */
async function updateRows(db: GavelDb, rows: readonly OutboxRow[], change: (r: OutboxRow) => Partial<OutboxRow>): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const stored = await db.outbox.bulkGet(rows.map((r) => r.seq!));
    const next = rows.flatMap((r, i) => (stored[i] ? [{ ...stored[i], ...change(r) }] : []));
    if (next.length > 0) await db.outbox.bulkPut(next);
  });
}

export type FlushOutcome = { applied: number; rejected: number; conflicts: number };

/** After an applied mutation: a decision, a release or an escalation ends this account's work on the case. */
const ENDS_WORK: ReadonlySet<Mutation['type']> = new Set(['decide', 'release', 'escalate']);

/**
 * Applies the server's per-mutation answers. A rejected or conflicting mutation leaves the queue
 * for the conflicts table, so it never blocks the ones behind it; the arbitrator decides what next.
 * `quarantined` names the ones refused as never acceptable (not sent, or refusing their whole
 * batch): their conflict says so, and offers no retry of the same mutation.
 */
export async function applyPushResults(db: GavelDb, sent: OutboxRow[], results: MutationResult[], now = new Date(), quarantined: ReadonlySet<string> = new Set()): Promise<FlushOutcome> {
  const bySent = new Map(sent.map((r) => [r.clientId, r]));
  const outcome: FlushOutcome = { applied: 0, rejected: 0, conflicts: 0 };
  const answered = results.flatMap((result) => {
    const row = bySent.get(result.clientId);
    return row ? [{ row, result }] : [];
  });
  // Relaxed: results a crash loses are asked for again (the rows stay queued; the server answers a
  // client id it has seen with the same result).
  await withRelaxedDurability(() => db.transaction('rw', [db.cases, db.decisions, db.outbox, db.conflicts, db.qaItems], async () => {
    // Every read goes out at once and every write after it: the transaction holds cases, decisions
    // and the outbox, so while it waits on the page (a request per step used to wait for the main
    // thread, seven steps a result) the arbitrator's next decision waits behind it.
    const caseIds = [...new Set(answered.filter((a) => a.row.type !== 'qa_review').map((a) => a.row.caseId))];
    const decided = answered.filter((a) => a.row.type === 'decide').map((a) => a.row.clientId);
    // One index read per case (`anyOf` would walk a cursor, a round trip a key).
    const [caseList, queuedLists, decisionList] = await Promise.all([
      db.cases.bulkGet(caseIds),
      Promise.all(caseIds.map((id) => db.outbox.where('caseId').equals(id).toArray())),
      db.decisions.bulkGet(decided),
    ]);
    const cases = new Map(caseIds.map((id, i) => [id, caseList[i]]));
    const decisions = new Map(decisionList.flatMap((d) => (d ? [[d.mutationId, d] as const] : [])));
    const queued = new Map(caseIds.map((id, i) => [id, new Set(queuedLists[i]!.map((r) => r.seq))]));
    const conflicts: ConflictRow[] = [];
    const touchedCases = new Set<string>();
    const touchedDecisions = new Set<string>();
    const setCase = (id: string, patch: Partial<CaseRow>): void => {
      const row = cases.get(id);
      if (!row) return;
      const next: CaseRow = { ...row, ...patch };
      // As update() does: a field set to undefined is removed.
      for (const k of Object.keys(patch) as (keyof CaseRow)[]) if (patch[k] === undefined) delete next[k];
      cases.set(id, next);
      touchedCases.add(id);
    };
    const setDecision = (clientId: string, state: DecisionRow['state']): void => {
      const d = decisions.get(clientId);
      if (!d) return;
      decisions.set(clientId, { ...d, state });
      touchedDecisions.add(clientId);
    };
    // In the order answered, as if one at a time: what a case still has queued counts the rows of
    // the answers after this one, not those before it.
    for (const { row, result } of answered) {
      if (row.seq !== undefined) queued.get(row.caseId)?.delete(row.seq);
      if (row.type === 'qa_review') {
        // A blind review touches its QA item only, never the case's own decision state.
        await applyQaPushResult(db, row, result);
        if (result.status === 'applied') outcome.applied++;
        else if (result.status === 'rejected') outcome.rejected++;
        else outcome.conflicts++;
        continue;
      }
      const stillQueued = (queued.get(row.caseId)?.size ?? 0) > 0;
      const caseRow = cases.get(row.caseId);
      if (result.status === 'applied') {
        outcome.applied++;
        if (row.type === 'decide') setDecision(row.clientId, 'applied');
        if (caseRow && caseRow.local !== 'conflict') {
          const done = !stillQueued && ENDS_WORK.has(row.type);
          // A decision synced: the new-evidence marks it was made against have served.
          setCase(row.caseId, { local: stillQueued ? 'pending' : done ? 'synced' : 'open', version: result.caseVersion, ...(done ? { newKeys: undefined, newSince: undefined } : {}) });
        }
        continue;
      }
      if (result.status === 'rejected') outcome.rejected++;
      else outcome.conflicts++;
      if (row.type === 'decide') setDecision(row.clientId, result.status === 'rejected' ? 'rejected' : 'conflict');
      conflicts.push({
        clientId: row.clientId,
        caseId: row.caseId,
        externalId: caseRow?.externalId ?? row.caseId,
        kind: caseRow?.kind ?? null,
        result,
        mutation: row.mutation,
        at: now.toISOString(),
        resolution: null,
        ...(quarantined.has(row.clientId) ? { quarantined: true } : {}),
      });
      if (caseRow) setCase(row.caseId, { local: 'conflict' });
    }
    await Promise.all([
      db.outbox.bulkDelete(answered.flatMap((a) => (a.row.seq === undefined ? [] : [a.row.seq]))),
      touchedDecisions.size ? db.decisions.bulkPut([...touchedDecisions].map((id) => decisions.get(id)!)) : null,
      touchedCases.size ? db.cases.bulkPut([...touchedCases].map((id) => cases.get(id)!)) : null,
      conflicts.length ? db.conflicts.bulkPut(conflicts) : null,
    ]);
  }));
  return outcome;
}

/**
 * The server refused a batch holding only this mutation (a 4xx for the request as a whole): it can
 * never be accepted as it is, so it is set aside as a conflict saying why, and the rest go on.
 */
export async function quarantineRow(db: GavelDb, row: OutboxRow, message: string, now = new Date()): Promise<void> {
  await applyPushResults(db, [row], [{ clientId: row.clientId, status: 'rejected', reason: 'invalid_request', message }], now, new Set([row.clientId]));
}

export async function pendingCount(db: GavelDb): Promise<number> {
  return db.outbox.count();
}
