/**
 * Bundled (esbuild) and evaluated inside the app's page by the chaos runner: the renderer's own
 * `recordDecision` (one strict Dexie transaction: case status + decision + outbox row) on the app's
 * own database, so a hundred decisions take a second instead of five hundred key presses. The keyboard
 * path to the same function is covered by e2e/offline.spec.ts and e2e/kill-during-flush.spec.ts.
 * Reads go through Dexie too, so the runner sees exactly what the app persisted.
 */
import './jitless';
import { DEFAULT_POLICY } from '@common/policy';
import type { ComplaintKind, Decision } from '@common/domain';
import { GavelDb } from '../../../src/data/db';
import { recordDecision } from '../../../src/data/outboxRepo';

export type LocalCase = { id: string; status: string; local: string; version: number };
export type LocalDecision = { mutationId: string; caseId: string; state: string };

let db: GavelDb | null = null;
/** The signed-in pair's store, as the app names it on the document (src/data/stores.ts). */
const open = () => {
  const name = document.documentElement.dataset.store;
  if (!name) throw new Error('the app has no store open: nobody is signed in');
  if (db?.name !== name) db = new GavelDb(name);
  return db;
};

function decisionFor(kind: ComplaintKind, userId: string, mutationId: string, note: string): Decision {
  const rc = DEFAULT_POLICY.reasonCodes[kind].find((r) => r.verdicts.includes('rejected'));
  return {
    verdict: 'rejected',
    remedies: ['no_action'],
    reasonCodes: rc ? [rc.code] : [],
    note,
    citedEvidence: [],
    decidedBy: userId,
    decidedAt: new Date().toISOString(),
    policyVersion: DEFAULT_POLICY.version,
    mutationId,
  };
}

const driver = {
  /** Decides each case (rejected, no action) as `userId`; mutation ids are `${prefix}-${i}`. */
  async decide(caseIds: string[], userId: string, prefix: string): Promise<string[]> {
    const d = open();
    const ids: string[] = [];
    for (const [i, caseId] of caseIds.entries()) {
      const row = await d.cases.get(caseId);
      if (!row) throw new Error(`case ${caseId} is not in the browser's database`);
      const mutationId = `${prefix}-${i}`;
      await recordDecision(d, caseId, decisionFor(row.kind, userId, mutationId, `chaos ${prefix} #${i}`));
      ids.push(mutationId);
    }
    return ids;
  },
  async snapshot(
    caseIds: string[],
  ): Promise<{ cases: (LocalCase | null)[]; decisions: LocalDecision[]; outbox: number; conflicts: number }> {
    const d = open();
    const cases = (await d.cases.bulkGet(caseIds)).map((c) =>
      c ? { id: c.id, status: c.status, local: c.local, version: c.version } : null,
    );
    const decisions = (await d.decisions.where('caseId').anyOf(caseIds).toArray()).map((r) => ({
      mutationId: r.mutationId,
      caseId: r.caseId,
      state: r.state,
    }));
    // Conflicts of these cases only; the outbox must be empty as a whole.
    return {
      cases,
      decisions,
      outbox: await d.outbox.count(),
      conflicts: await d.conflicts.where('caseId').anyOf(caseIds).count(),
    };
  },
  async present(caseIds: string[]): Promise<number> {
    return (await open().cases.bulkGet(caseIds)).filter(Boolean).length;
  },
};

export type ChaosDriver = typeof driver;
(globalThis as unknown as { __chaosDriver: ChaosDriver }).__chaosDriver = driver;
