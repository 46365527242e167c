/**
 * Pure pieces of the QA page: validating a blind review with the same rules as a decision (minus
 * the note, which is the arbitrator's duty), the neighbour in the review list, and the plan form.
 */
import type { CaseView, QaPlanRequest } from '@common/api';
import type { Decision } from '@common/domain';
import type { Policy } from '@common/policy';
import type { QaDecisionFacts } from '@common/qa';
import { validateDecision, type DecisionProblem } from '@common/rules';
import { assessmentFindings } from '../../data/rows';
import { assessmentOf } from '../decision';
import type { ReviewDraft } from './qaStore';

export function reviewProblems(draft: ReviewDraft, view: CaseView, policy: Policy): { facts: QaDecisionFacts | null; problems: DecisionProblem[] } {
  if (!draft.verdict) return { facts: null, problems: [{ field: 'verdict', code: 'verdict_required', message: 'choose a verdict' }] };
  const facts: QaDecisionFacts = { verdict: draft.verdict, remedies: draft.remedies, reasonCodes: draft.reasonCodes };
  const { findings, eligibility } = assessmentFindings(view.assessment);
  const d: Decision = { ...facts, note: 'qa', citedEvidence: [], decidedBy: 'qa', decidedAt: new Date(0).toISOString(), policyVersion: policy.version, mutationId: 'qa' };
  const problems = validateDecision(d, view.bundle, assessmentOf(findings, eligibility, policy.version), policy).filter((p) => p.field !== 'note' && p.field !== 'eligibilityOverride');
  return { facts, problems };
}

/** The id `step` places from `id` in the list (clamped), or the first when nothing is selected. */
export function neighbour(ids: readonly string[], id: string | null, step: number): string | null {
  if (ids.length === 0) return null;
  const i = id === null ? -1 : ids.indexOf(id);
  if (i < 0) return ids[0] ?? null;
  return ids[Math.min(ids.length - 1, Math.max(0, i + step))] ?? null;
}

export type MethodType = 'random' | 'stratified' | 'targeted';
export type Form = {
  name: string;
  type: MethodType;
  size: string;
  by: 'arbitrator' | 'kind' | 'verdict';
  allocation: 'proportional' | 'equal' | 'explicit';
  counts: Record<string, string>;
  target: 'fast' | 'against_critical' | 'overturned_on_appeal';
  maxSeconds: string;
  seed: string;
  from: string;
  to: string;
};


/** The form as the API's plan; numbers the server validates again (and names the field if wrong). */
export function planFromForm(f: Form, fallbackName: string): QaPlanRequest {
  const size = Number(f.size);
  const method: QaPlanRequest['method'] =
    f.type === 'random'
      ? { type: 'random', size }
      : f.type === 'targeted'
        ? { type: 'targeted', target: f.target, size, ...(f.target === 'fast' ? { maxSeconds: Number(f.maxSeconds) } : {}) }
        : {
            type: 'stratified',
            by: f.by,
            ...(f.allocation === 'explicit' ? {} : { size }),
            allocation: f.allocation === 'explicit' ? { type: 'explicit', counts: Object.fromEntries(Object.entries(f.counts).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, Number(v)])) } : { type: f.allocation },
          };
  const population = { ...(f.from ? { decidedFrom: new Date(f.from).toISOString() } : {}), ...(f.to ? { decidedTo: new Date(f.to).toISOString() } : {}) };
  return { name: f.name.trim() || fallbackName, method, population, ...(f.seed.trim() ? { seed: Number(f.seed) } : {}) };
}

