import type { CaseBundle, Decision } from '@common/domain';
import type { Policy } from '@common/policy';
import { assessCase, validateDecision, type Assessment, type Finding } from '@common/rules';

/**
 * The server's seam onto common/rules: the assessment stored at import (and on new evidence), and
 * decision re-validation at push against the stored assessment: the findings the arbitrator saw.
 */
export type StoredAssessment = Assessment;
export type DecisionIssue = { path: string; message: string };

export function assess(bundle: CaseBundle, policy: Policy, at: Date): StoredAssessment {
  return assessCase(bundle, policy, at);
}

export const findingCount = (a: StoredAssessment): number => a.eligibility.length + a.findings.length;
export const findingCodes = (a: StoredAssessment): string[] => [...a.eligibility, ...a.findings].map((f) => f.code);

export function checkDecision(bundle: CaseBundle, assessment: StoredAssessment, decision: Decision, policy: Policy): DecisionIssue[] {
  return validateDecision(decision, bundle, assessment, policy).map((p) => ({ path: `decision.${p.field}`, message: p.message }));
}

const RANK = { info: 0, warn: 1, critical: 2 } as const;
export function maxSeverity(a: StoredAssessment): Finding['severity'] | null {
  let best: Finding['severity'] | null = null;
  for (const f of [...a.eligibility, ...a.findings]) if (best === null || RANK[f.severity] > RANK[best]) best = f.severity;
  return best;
}
