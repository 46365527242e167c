import type { CaseBundle, Decision } from '@common/domain';
import type { Policy } from '@common/policy';
import { assessCase, assessCaseAt, validateDecision, type Assessment, type Finding } from '@common/rules';

/**
 * The server's seam onto common/rules: the assessment stored at import (and on new evidence), and
 * decision re-validation at push against the stored assessment: the findings the arbitrator saw.
 */
export type StoredAssessment = Assessment;
export type DecisionIssue = { path: string; message: string; code?: string; params?: Record<string, string | number | string[]> };

export function assess(bundle: CaseBundle, policy: Policy, at: Date): StoredAssessment {
  return assessCase(bundle, policy, at);
}

/**
 * The case assessed at two instants (a decision's own time and now): one run of the rules when none
 * of them read the clock (assessCaseAt), whose result is then the same at both but for `at`.
 */
export function assessAtBoth(bundle: CaseBundle, policy: Policy, first: Date, second: Date): [StoredAssessment, StoredAssessment] {
  const one = assessCaseAt(bundle, policy, first);
  if (one.readsClock) return [one.assessment, assessCase(bundle, policy, second)];
  return [one.assessment, { ...one.assessment, at: second.toISOString() }];
}

export const findingCount = (a: StoredAssessment): number => a.eligibility.length + a.findings.length;
export const findingCodes = (a: StoredAssessment): string[] => [...a.eligibility, ...a.findings].map((f) => f.code);

/** `snippets`: the note snippets of the case's kind, so a note that is only snippets is refused as it is in the app. */
export function checkDecision(bundle: CaseBundle, assessment: StoredAssessment, decision: Decision, policy: Policy, snippets: readonly string[] = []): DecisionIssue[] {
  return validateDecision(decision, bundle, assessment, policy, { snippets }).map((p) => ({
    path: `decision.${p.field}`,
    message: p.message,
    code: p.code,
    ...(p.params ? { params: p.params } : {}),
  }));
}

const RANK = { info: 0, warn: 1, critical: 2 } as const;
export function maxSeverity(a: StoredAssessment): Finding['severity'] | null {
  let best: Finding['severity'] | null = null;
  for (const f of [...a.eligibility, ...a.findings]) if (best === null || RANK[f.severity] > RANK[best]) best = f.severity;
  return best;
}
