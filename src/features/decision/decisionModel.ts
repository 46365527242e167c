/**
 * The decision being drafted, and turning it into a Decision the rules can validate. Kept pure so
 * the panel, the tests and the commit path all agree on what "valid" means.
 */
import type { CaseBundle, ComplaintKind, Decision, EvidenceRef, Remedy, Verdict } from '@common/domain';
import type { Policy, ReasonCode } from '@common/policy';
import { validateDecision, type Assessment, type DecisionProblem, type Finding } from '@common/rules';

export type Draft = {
  verdict: Verdict | null;
  reasonCodes: string[];
  remedies: Remedy[];
  note: string;
  cited: EvidenceRef[];
  /** Why an ineligible complaint is upheld anyway (the eligibility override's reason); '' when none. */
  override: string;
};

export const EMPTY_DRAFT: Draft = { verdict: null, reasonCodes: [], remedies: [], note: '', cited: [], override: '' };

/** The draft a recorded decision was made from: what undo puts back. */
export function draftOf(d: Decision): Draft {
  return { verdict: d.verdict, reasonCodes: [...d.reasonCodes], remedies: [...d.remedies], note: d.note, cited: [...d.citedEvidence], override: d.eligibilityOverride?.reason ?? '' };
}

/** Whether the verdict upholds a complaint the eligibility rules exclude (the override applies). */
export function needsOverride(verdict: Verdict | null, assessment: Assessment): boolean {
  return verdict !== null && verdict !== 'rejected' && !assessment.eligible;
}

export function reasonOptions(policy: Policy, kind: ComplaintKind): readonly ReasonCode[] {
  return policy.reasonCodes[kind];
}

export function remedyOptions(policy: Policy, kind: ComplaintKind): readonly Remedy[] {
  return policy.remediesByKind[kind];
}

/** How many reason keys there are (1–9). */
export const REASON_KEYS = 9;

/**
 * The reason behind each digit key (index 0 = key 1), the same key for the same reason in every
 * kind: the reasons every kind offers (证据不足, 超出投诉时效…) take the last keys, in the policy's
 * order, and a kind's own reasons fill the first ones. A kind with more reasons than keys leaves
 * the rest to the mouse (`unkeyed`).
 */
export function reasonSlots(policy: Policy, kind: ComplaintKind): { slots: (ReasonCode | null)[]; unkeyed: ReasonCode[] } {
  const kinds = Object.values(policy.reasonCodes);
  const shared = (kinds[0] ?? []).filter((rc) => kinds.every((list) => list.some((x) => x.code === rc.code))).map((rc) => rc.code).slice(0, REASON_KEYS);
  const own = policy.reasonCodes[kind];
  const slots: (ReasonCode | null)[] = Array.from({ length: REASON_KEYS }, () => null);
  const firstShared = REASON_KEYS - shared.length;
  shared.forEach((code, i) => (slots[firstShared + i] = own.find((rc) => rc.code === code) ?? null));
  const specific = own.filter((rc) => !shared.includes(rc.code));
  specific.slice(0, firstShared).forEach((rc, i) => (slots[i] = rc));
  return { slots, unkeyed: specific.slice(firstShared) };
}

/** Sets or clears a remedy: `no_action` stands alone, so choosing it clears the others and choosing another clears it. */
export function withRemedy(list: readonly Remedy[], remedy: Remedy, on: boolean): Remedy[] {
  if (!on) return list.filter((r) => r !== remedy);
  if (list.includes(remedy)) return [...list];
  return remedy === 'no_action' ? ['no_action'] : [...list.filter((r) => r !== 'no_action'), remedy];
}

export function withItem<T>(list: readonly T[], v: T, on: boolean): T[] {
  if (!on) return list.filter((x) => x !== v);
  return list.includes(v) ? [...list] : [...list, v];
}

export function toggleIn<T>(list: readonly T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

/** Citing a finding cites every ref it carries; citing it again removes them. */
export function toggleCitation(cited: readonly EvidenceRef[], finding: Finding, key: (r: EvidenceRef) => string): EvidenceRef[] {
  const keys = new Set(finding.refs.map(key));
  const already = finding.refs.length > 0 && finding.refs.every((r) => cited.some((c) => key(c) === key(r)));
  if (already) return cited.filter((c) => !keys.has(key(c)));
  const have = new Set(cited.map(key));
  return [...cited, ...finding.refs.filter((r) => !have.has(key(r)))];
}

export function assessmentOf(findings: Finding[], eligibility: Finding[], policyVersion: string): Assessment {
  return { eligible: eligibility.length === 0, eligibility, findings, policyVersion, at: new Date(0).toISOString() };
}

export type Built = { decision: Decision | null; problems: DecisionProblem[] };

export function buildDecision(
  draft: Draft,
  ctx: { bundle: CaseBundle; assessment: Assessment; policy: Policy; userId: string | null; now: Date; mutationId: string; snippets?: readonly string[] },
): Built {
  if (!draft.verdict) return { decision: null, problems: [{ field: 'verdict', code: 'verdict_required', message: 'choose a verdict' }] };
  if (!ctx.userId) return { decision: null, problems: [{ field: 'decidedBy', code: 'not_signed_in', message: 'not signed in' }] };
  const override = needsOverride(draft.verdict, ctx.assessment) ? draft.override.trim() : '';
  const decision: Decision = {
    verdict: draft.verdict,
    reasonCodes: draft.reasonCodes,
    remedies: draft.remedies,
    note: draft.note.trim(),
    citedEvidence: draft.cited,
    decidedBy: ctx.userId,
    decidedAt: ctx.now.toISOString(),
    policyVersion: ctx.policy.version,
    mutationId: ctx.mutationId,
    ...(override ? { eligibilityOverride: { reason: override } } : {}),
  };
  return { decision, problems: validateDecision(decision, ctx.bundle, ctx.assessment, ctx.policy, { snippets: ctx.snippets ?? [] }) };
}

/** The section of the panel a problem belongs to: `reasonCodes[1]` → `reasonCodes`. */
export function problemSection(field: string): string {
  return field.replace(/\[\d+\]$/, '');
}
