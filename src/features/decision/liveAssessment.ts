/**
 * The workstation's own judgement of the open case: `common/rules` under the case's governing
 * policy, at the moment the case is opened and again at commit. Time-based findings (no movement
 * after pickup, ship timeout without a pickup) are facts about now, not about the import, so what
 * the arbitrator sees is re-assessed rather than read from the server's stored assessment; what
 * appeared or went since that stored assessment is shown beside it.
 */
import type { CaseBundle } from '@common/domain';
import type { Policy } from '@common/policy';
import { assessCase, type Assessment, type Finding } from '@common/rules';
import { refKey } from '../../ui/evidenceHighlight';

export type LiveAssessment = {
  assessment: Assessment;
  /** Eligibility first, then findings, as the engine ordered them. */
  all: Finding[];
  /** Findings of `all` that the stored assessment did not have. */
  appeared: ReadonlySet<Finding>;
  /** Findings of the stored assessment that are no longer raised. */
  gone: Finding[];
};

/** A finding's identity across assessments: its code and the evidence it points at (figures may move, e.g. idle hours). */
export function findingKey(f: Finding): string {
  return `${f.code}|${f.refs.map(refKey).sort().join(',')}`;
}

export function liveAssessment(bundle: CaseBundle, policy: Policy, at: number, stored: readonly Finding[]): LiveAssessment {
  const assessment = assessCase(bundle, policy, at);
  const all = [...assessment.eligibility, ...assessment.findings];
  const before = new Set(stored.map(findingKey));
  const now = new Set(all.map(findingKey));
  return {
    assessment,
    all,
    appeared: new Set(all.filter((f) => !before.has(findingKey(f)))),
    gone: stored.filter((f) => !now.has(findingKey(f))),
  };
}

/**
 * Whether two assessments of a case raise the same findings (by findingKey) at the same severities,
 * under the same policy and eligibility: what a decision is judged against. Wording and figures
 * (hours idle) may differ.
 */
export function sameFindings(a: Assessment, b: Assessment): boolean {
  const key = (x: Assessment) => [...x.eligibility, ...x.findings].map((f) => `${findingKey(f)}:${f.severity}`).join(';');
  return a.eligible === b.eligible && a.policyVersion === b.policyVersion && key(a) === key(b);
}

/** What a decision records of the assessment it was made against (the server sets its own on push). */
export function assessmentSummary(a: Assessment): { at: string; policyVersion: string; codes: string[] } {
  return { at: a.at, policyVersion: a.policyVersion, codes: [...a.eligibility, ...a.findings].map((f) => f.code) };
}
