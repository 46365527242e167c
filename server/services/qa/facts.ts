/**
 * What every QA module compares and shares: the decision facts (verdict, remedies, reason codes) a
 * review is held against, and how two of them agree.
 */
import type { QaComparison, Role } from '@common/api';
import type { Verdict } from '@common/domain';
import type { QaDecisionFacts } from '@common/qa';

export type User = { id: string; role: Role };
export const iso = (d: Date | string): string => (typeof d === 'string' ? new Date(d).toISOString() : d.toISOString());
export const factsOf = (d: { verdict: Verdict; remedies: readonly string[]; reasonCodes: readonly string[] }): QaDecisionFacts => ({
  verdict: d.verdict,
  remedies: [...d.remedies] as QaDecisionFacts['remedies'],
  reasonCodes: [...d.reasonCodes],
});
const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
};
export function compare(original: QaDecisionFacts, review: QaDecisionFacts): Pick<QaComparison, 'verdictAgrees' | 'remediesAgree' | 'reasonCodesAgree'> {
  return { verdictAgrees: original.verdict === review.verdict, remediesAgree: sameSet(original.remedies, review.remedies), reasonCodesAgree: sameSet(original.reasonCodes, review.reasonCodes) };
}
