/**
 * Keystrokes per decision, with and without macros, for the 200-case walk (browser/walk.bench.ts,
 * which sends exactly these keys to the real app): the target decision an arbitrator following the
 * rules engine would record (`targetFor`, from the case's own findings), and the keys that record it
 * with the default keymap (src/app/commands/registry.ts), with and without macros. Pure: the walk
 * supplies each case's assessment and the kind's macros in key order (src/data/macros.ts macrosFor).
 *
 * Without macros: the verdict key, D (decision mode, where digits are reasons), a digit per reason,
 * ⇧digit per remedy, and the commit key; a reason without a digit is a click (counted as one). With
 * macros: Alt+n and the commit key when one of the first nine macros sets exactly the target, else
 * as without. A macro that opens a side form (an evidence request, an escalation) is not a decision
 * and never counts as a hit. A note the rules require is the arbitrator's words either way: the keys
 * into and out of the note field (M, Esc) count, the characters typed do not.
 */
import type { ComplaintKind, Remedy, Verdict } from '@common/domain';
import type { Policy } from '@common/policy';
import { criticalFindingsAgainst, type Finding, type FindingCode } from '@common/rules';

export type TargetDecision = { kind: ComplaintKind; verdict: Verdict; reasonCodes: readonly string[]; remedies: readonly Remedy[] };
export type KeyedMacro = { verdict: Verdict; reasonCodes: readonly string[]; remedies: readonly Remedy[]; action?: unknown };

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

export function keystrokesWithout(target: TargetDecision): number {
  // Verdict, D, one key per reason (or a click), one chord per remedy, commit.
  return 1 + 1 + target.reasonCodes.length + target.remedies.length + 1;
}

/** The keys with macros; `macros` are the kind's in key order (Alt+1 is the first). */
export function keystrokesWith(target: TargetDecision, macros: readonly KeyedMacro[]): number {
  return macroIndex(target, macros) >= 0 ? 2 : keystrokesWithout(target);
}

/** The index (0 = Alt+1) of the first keyed macro that sets exactly the target and opens no side form, or -1. */
export function macroIndex(target: TargetDecision, macros: readonly KeyedMacro[]): number {
  return macros.slice(0, 9).findIndex((m) => !m.action && m.verdict === target.verdict && sameSet(m.reasonCodes, target.reasonCodes) && sameSet(m.remedies, target.remedies));
}

/** Both counts for one case, side by side. */
export function keystrokes(target: TargetDecision, macros: readonly KeyedMacro[]): { without: number; with: number } {
  return { without: keystrokesWithout(target), with: keystrokesWith(target, macros) };
}

/** The median of a list of counts (the budget: ≤ 3 with macros on cases whose findings point one way). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Which way a case's findings point: every non-neutral finding (eligibility ones undermine) one way, both ways, or none at all. */
export type Lean = 'supports' | 'undermines' | 'mixed' | 'none';

export type CaseFindings = { eligible: boolean; eligibility: readonly Finding[]; findings: readonly Finding[] };

export function leanOf(a: CaseFindings): Lean {
  const stances = new Set<string>();
  if (a.eligibility.length > 0) stances.add('undermines_complaint');
  for (const f of a.findings) if (f.stance !== 'neutral') stances.add(f.stance);
  if (stances.size === 0) return 'none';
  if (stances.size > 1) return 'mixed';
  return stances.has('supports_complaint') ? 'supports' : 'undermines';
}

/**
 * The reason an upheld decision cites for a supporting finding, where the kind lists one (the
 * policy's reason codes are per kind; a finding code names the conduct they describe).
 */
const UPHOLD_REASONS: Partial<Record<FindingCode, readonly string[]>> = {
  SHIP_TIMEOUT: ['LS_SHIPPED_LATE'],
  NO_MOVEMENT_AFTER_PICKUP: ['FS_NO_MOVEMENT'],
  TRACKING_REUSED: ['FS_INVALID_TRACKING'],
  IMPOSSIBLE_TRANSIT: ['FS_IMPOSSIBLE_TRACE'],
  DELIVERED_BEFORE_PICKUP: ['FS_IMPOSSIBLE_TRACE'],
  EVENTS_OUT_OF_ORDER: ['FS_IMPOSSIBLE_TRACE'],
  DESTINATION_MISMATCH: ['FS_IMPOSSIBLE_TRACE'],
  WEIGHT_SHORTFALL: ['AS_EMPTY_PARCEL'],
  REVIEW_BLAMES_LOGISTICS: ['AR_LOGISTICS_BLAME'],
  REVIEW_BEFORE_DELIVERY: ['AR_BEFORE_DELIVERY'],
  REVIEW_DUPLICATE_TEXT: ['AR_SPAM_OR_CONTACT'],
  REVIEW_CONTACT_INFO: ['AR_SPAM_OR_CONTACT'],
  ABSOLUTE_TERM: ['AF_ABSOLUTE_TERMS', 'FA_ABSOLUTE_TERMS'],
  CLAIM_CONTRADICTS_SPEC: ['AF_FALSE_CLAIM', 'FA_CLAIM_CONTRADICTS_SPEC', 'ND_SPEC_MISMATCH'],
  PRICE_CLAIM_MISMATCH: ['AF_PRICE_MISREPRESENTED', 'FA_PRICE_MISREPRESENTED'],
  SHARED_ADDRESS_RING: ['AO_ADDRESS_RING'],
  REFUND_AFTER_COMMISSION: ['AO_COMMISSION_FARMING'],
  HIGH_REFUND_RATE: ['AO_MALICIOUS_ORDERS'],
  SERVICE_UNREACHABLE: ['SU_NO_ANSWER'],
};

const SEVERITY_ORDER = { critical: 0, warn: 1, info: 2 } as const;

/**
 * The decision an arbitrator following the rules engine records, from the case's own findings.
 * Verdict: the way the findings point; mixed, the way most critical findings point (an ineligible
 * case, or a tie, is rejected); none at all, rejected for want of evidence. Reason: upheld, the one
 * the most severe supporting finding names (else the kind's first upholding reason); rejected,
 * OUTSIDE_WINDOW for a case out of its window, NOT_RESPONDENT_FAULT when findings implicate the
 * complainant, INSUFFICIENT_EVIDENCE otherwise. Remedies: the house standard, i.e. those of the
 * kind's shared macro with that verdict and reason when there is one (a macro is the house writing
 * its usual decision down), else no_action for a rejection and the kind's first remedy otherwise.
 * `note`: the verdict goes against a critical finding, so the rules want the arbitrator's own words.
 */
export function targetFor(kind: ComplaintKind, a: CaseFindings, policy: Policy, sharedMacros: readonly KeyedMacro[]): { target: TargetDecision; lean: Lean; oneWay: boolean; note: boolean } {
  const lean = leanOf(a);
  const critical = (stance: string) => [...a.eligibility, ...a.findings].filter((f) => f.severity === 'critical' && (f.stance === stance || (stance === 'undermines_complaint' && a.eligibility.includes(f)))).length;
  const upheld = lean === 'supports' || (lean === 'mixed' && a.eligible && critical('supports_complaint') > critical('undermines_complaint'));
  const verdict: Verdict = upheld ? 'upheld' : 'rejected';
  const listed = policy.reasonCodes[kind].filter((r) => r.verdicts.includes(verdict)).map((r) => r.code);
  let reason: string;
  if (upheld) {
    const supporting = a.findings.filter((f) => f.stance === 'supports_complaint').sort((x, y) => SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity]);
    reason = supporting.flatMap((f) => UPHOLD_REASONS[f.code] ?? []).find((c) => listed.includes(c)) ?? listed[0]!;
  } else if (a.eligibility.some((f) => f.code === 'ORDER_OUTSIDE_WINDOW' || f.code === 'REVIEW_OUTSIDE_WINDOW')) reason = 'OUTSIDE_WINDOW';
  else if (a.findings.some((f) => f.stance === 'undermines_complaint')) reason = 'NOT_RESPONDENT_FAULT';
  else reason = 'INSUFFICIENT_EVIDENCE';
  const house = sharedMacros.find((m) => !m.action && m.verdict === verdict && sameSet(m.reasonCodes, [reason]));
  const remedies: Remedy[] = house ? [...house.remedies] : verdict === 'rejected' ? ['no_action'] : [policy.remediesByKind[kind].find((r) => r !== 'no_action')!];
  const against = criticalFindingsAgainst(verdict, { eligible: a.eligible, eligibility: [...a.eligibility], findings: [...a.findings], policyVersion: policy.version, at: '' });
  return { target: { kind, verdict, reasonCodes: [reason], remedies }, lean, oneWay: lean === 'supports' || lean === 'undermines', note: against.length > 0 };
}
