/**
 * One decision applied to the selected cases of a cluster (docs/clusters.md). Pure: each case is
 * judged on its own — its own bundle, its own governing policy, its assessment as of now — with the
 * same buildDecision the decision panel uses, so a case whose findings make the decision invalid is
 * reported with its problems and not decided. Each valid case gets its own decision and mutation id.
 */
import type { Decision, Remedy, Verdict } from '@common/domain';
import type { Policy } from '@common/policy';
import type { DecisionProblem } from '@common/rules';
import type { BundleRow, CaseRow } from '../../../data/rows';
import { assessmentSummary, buildDecision, liveAssessment } from '../../decision';

export type ClusterDraft = { verdict: Verdict | null; reasonCodes: string[]; remedies: Remedy[]; note: string };

/** A selected case as this machine has it: its local row and bundle (null when not here), and its governing policy. */
export type ClusterCase = { caseId: string; externalId: string; row: CaseRow | null; bundle: BundleRow | null; policy: Policy | null };

/** Why a case cannot take the decision here, before its findings are even looked at. */
export type NotHeldReason = 'not_on_machine' | 'held_by_other' | 'already_decided' | 'no_policy';

export type ClusterOutcome =
  | { caseId: string; externalId: string; status: 'ready'; decision: Decision }
  | { caseId: string; externalId: string; status: 'invalid'; problems: DecisionProblem[] }
  | { caseId: string; externalId: string; status: 'not_held'; reason: NotHeldReason };

/** Whether this machine may decide the case now: it is here, open, and held by the signed-in user. */
export function notHeldReason(c: ClusterCase, userId: string | null): NotHeldReason | null {
  if (!c.row || !c.bundle) return 'not_on_machine';
  if (c.row.local !== 'open' || c.row.status === 'decided') return 'already_decided';
  if (c.row.claimedBy !== null && c.row.claimedBy !== userId) return 'held_by_other';
  if (c.row.claimedBy === null) return 'not_on_machine';
  if (!c.policy) return 'no_policy';
  return null;
}

/** Each selected case's outcome, in the order given: a decision to record, its problems, or why it is not held. */
export function planCluster(draft: ClusterDraft, cases: readonly ClusterCase[], ctx: { userId: string | null; now: Date; newId: () => string; snippets?: (c: ClusterCase) => readonly string[] }): ClusterOutcome[] {
  return cases.map((c): ClusterOutcome => {
    const base = { caseId: c.caseId, externalId: c.externalId };
    const reason = notHeldReason(c, ctx.userId);
    if (reason) return { ...base, status: 'not_held', reason };
    const bundle = c.bundle!;
    const policy = c.policy!;
    const stored = [...bundle.eligibility, ...bundle.findings];
    const assessment = liveAssessment(bundle.bundle, policy, ctx.now.getTime(), stored).assessment;
    const built = buildDecision(
      { ...draft, cited: [], override: '' },
      { bundle: bundle.bundle, assessment, policy, userId: ctx.userId, now: ctx.now, mutationId: ctx.newId(), snippets: ctx.snippets?.(c) ?? [] },
    );
    if (!built.decision || built.problems.length > 0) return { ...base, status: 'invalid', problems: built.problems };
    return { ...base, status: 'ready', decision: { ...built.decision, assessment: assessmentSummary(assessment) } };
  });
}
