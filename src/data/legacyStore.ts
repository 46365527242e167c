/**
 * Before stores were per (backend, account) pair, every account on a machine shared one IndexedDB
 * database, `gavel`. When a pair's store opens, that pair takes its share of the old database, and
 * the old database goes once nothing in it is left to hand over. Nothing is lost:
 *
 * - Work only this machine has (queued mutations, decisions, conflicts) moves to the pair it
 *   belongs to: a decision names its arbitrator (`decidedBy`); any other row belongs to whoever
 *   holds its case. A row whose owner cannot be told goes with the first pair that opens.
 * - Rows of other accounts stay behind for their own pair, so nobody's work is shown to, or sent
 *   as, someone else.
 * - What the server already has (cases, evidence, orders, QA items) moves only where it is this
 *   pair's (its claim, or a moved row needs it). The pull cursor does not move: the shared database
 *   may have been pulled from another backend or by another account, so the pair pulls once from
 *   the start, and the server sends everything it may see.
 */
import { Dexie } from 'dexie';
import { DB_NAME, GavelDb } from './db';
import type { CaseRow, ConflictRow, DecisionRow, OutboxRow } from './rows';

export type LegacyMigration = {
  moved: { cases: number; outbox: number; decisions: number; conflicts: number; qaItems: number };
  /** True when the old database is gone (nothing left in it for another account). */
  removed: boolean;
};

/** The old saved-views key in localStorage; views move to the first pair's key. */
export const LEGACY_VIEWS_KEY = 'gavel.queueViews.v1';

/**
 * Moves `owner`'s share of the old shared database into `target` (one transaction each side) and
 * deletes the old database when nothing is left in it. Returns null when there is no old database.
 */
export async function migrateLegacyStore(target: GavelDb, owner: string, name: string = DB_NAME): Promise<LegacyMigration | null> {
  if (name === target.name || !(await Dexie.exists(name))) return null;
  const legacy = new GavelDb(name);
  try {
    const [cases, outbox, decisions, conflicts] = await Promise.all([legacy.cases.toArray(), legacy.outbox.toArray(), legacy.decisions.toArray(), legacy.conflicts.toArray()]);
    const caseById = new Map(cases.map((c) => [c.id, c]));
    const decisionById = new Map(decisions.map((d) => [d.mutationId, d]));

    // Who each row belongs to, when the row can tell.
    const ownerOfCase = (caseId: string): string | null => caseById.get(caseId)?.claimedBy ?? null;
    const ownerOfOutbox = (r: OutboxRow): string | null => (r.mutation.type === 'decide' ? (r.mutation.decision.decidedBy ?? null) : ownerOfCase(r.caseId));
    const ownerOfDecision = (d: DecisionRow): string | null => d.decision.decidedBy || ownerOfCase(d.caseId);
    const ownerOfConflict = (c: ConflictRow): string | null => {
      const d = decisionById.get(c.clientId);
      return d ? ownerOfDecision(d) : c.mutation.type === 'decide' ? (c.mutation.decision.decidedBy ?? null) : ownerOfCase(c.caseId);
    };
    const mine = (who: string | null) => who === owner || who === null;

    const outboxMoved = outbox.filter((r) => mine(ownerOfOutbox(r)));
    const decisionsMoved = decisions.filter((d) => mine(ownerOfDecision(d)));
    const conflictsMoved = conflicts.filter((c) => mine(ownerOfConflict(c)));
    const needed = new Set([...outboxMoved, ...decisionsMoved, ...conflictsMoved].map((r) => r.caseId));
    const casesMoved = cases.filter((c) => c.claimedBy === owner || needed.has(c.id));
    const caseIds = casesMoved.map((c) => c.id);

    const [bundles, qaItems] = await Promise.all([legacy.bundles.bulkGet(caseIds), legacy.qaItems.toArray()]);
    // QA rows name no account: a review still waiting to be sent goes with the outbox row that
    // carries it; the rest (items, feedback notices) comes again with the pull.
    const qaMoved = qaItems.filter((q) => q.local === 'pending' && q.clientId !== null && outboxMoved.some((r) => r.clientId === q.clientId));

    await target.transaction('rw', [target.cases, target.bundles, target.outbox, target.decisions, target.conflicts, target.qaItems], async () => {
      await target.cases.bulkPut(casesMoved.map(stripMarks));
      await target.bundles.bulkPut(bundles.filter((b) => b !== undefined));
      await target.decisions.bulkPut(decisionsMoved);
      await target.conflicts.bulkPut(conflictsMoved);
      // In the order they were made; the target numbers them after anything it already queued.
      for (const r of [...outboxMoved].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))) {
        const { seq: _seq, ...rest } = r;
        await target.outbox.add(rest);
      }
      await target.qaItems.bulkPut(qaMoved);
    });

    const moved = { cases: casesMoved.length, outbox: outboxMoved.length, decisions: decisionsMoved.length, conflicts: conflictsMoved.length, qaItems: qaMoved.length };
    const leftOutbox = outbox.length - outboxMoved.length;
    const leftDecisions = decisions.length - decisionsMoved.length;
    const leftConflicts = conflicts.length - conflictsMoved.length;
    if (leftOutbox + leftDecisions + leftConflicts === 0) {
      await legacy.delete();
      return { moved, removed: true };
    }
    // Others' work stays; what moved leaves, so a later pair does not take it again.
    await legacy.transaction('rw', [legacy.cases, legacy.bundles, legacy.outbox, legacy.decisions, legacy.conflicts], async () => {
      await legacy.outbox.bulkDelete(outboxMoved.map((r) => r.seq!).filter((s) => s !== undefined));
      await legacy.decisions.bulkDelete(decisionsMoved.map((d) => d.mutationId));
      await legacy.conflicts.bulkDelete(conflictsMoved.map((c) => c.clientId));
      const stillNeeded = new Set(
        [...outbox.filter((r) => !outboxMoved.includes(r)), ...decisions.filter((d) => !decisionsMoved.includes(d)), ...conflicts.filter((c) => !conflictsMoved.includes(c))].map((r) => r.caseId),
      );
      const drop = caseIds.filter((id) => !stillNeeded.has(id));
      await legacy.cases.bulkDelete(drop);
      await legacy.bundles.bulkDelete(drop);
    });
    return { moved, removed: false };
  } finally {
    legacy.close();
  }
}

/** Marks of new evidence belong to the pair's own pulls; a moved row starts without them. */
function stripMarks(row: CaseRow): CaseRow {
  const { newKeys: _k, newSince: _s, ...rest } = row;
  return rest;
}
