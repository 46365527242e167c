/**
 * Test fixtures for QA statistics and the dashboard: one hand-written pair (`makeReviewPair`) and a
 * seeded generator of plausible records (`generateQaFixture`). Not product data: nothing in the
 * app imports this outside tests, the screenshot script and the bench.
 */
import { COMPLAINT_KINDS, type ComplaintKind, type Remedy, type Verdict } from '../domain';
import { DEFAULT_POLICY } from '../policy';
import { SeededRandom } from './stats';
import type { DecisionFact, QaDecisionFacts, ReviewPair } from './records';

let counter = 0;

/** One agreeing, non-golden pair; override what the test is about. */
export function makeReviewPair(overrides: Partial<ReviewPair>): ReviewPair {
  counter++;
  const facts: QaDecisionFacts = { verdict: 'upheld', remedies: ['refund_buyer'], reasonCodes: ['Q_DEFECT'] };
  return {
    sampleId: `s${counter}`,
    caseId: `case-${counter}`,
    externalId: `TS${String(counter).padStart(6, '0')}`,
    kind: 'quality',
    arbitratorId: 'arb-1',
    arbitratorName: '张敏',
    reviewerId: 'sup-1',
    planId: 'plan-1',
    golden: false,
    decidedAt: '2026-11-16T10:00:00+08:00',
    reviewedAt: '2026-11-18T10:00:00+08:00',
    original: facts,
    review: facts,
    ...overrides,
  };
}

export type QaFixture = { pairs: ReviewPair[]; decisions: DecisionFact[] };

const ARBITRATORS = [
  { id: 'arb-zhang', name: '张敏', skill: 0.9 },
  { id: 'arb-li', name: '李晓峰', skill: 0.82 },
  { id: 'arb-wang', name: '王静', skill: 0.74 },
  { id: 'arb-chen', name: '陈立', skill: 0.66 },
  { id: 'arb-zhao', name: '赵雨涵', skill: 0.88 },
  { id: 'arb-new', name: '刘子轩', skill: 0.6 },
];
const VERDICTS: readonly Verdict[] = ['upheld', 'partially_upheld', 'rejected'];
const REMEDY_BY_VERDICT: Record<Verdict, Remedy[]> = {
  upheld: ['refund_buyer', 'return_and_refund', 'deduct_deposit', 'warn'],
  partially_upheld: ['refund_buyer', 'warn'],
  rejected: ['no_action'],
};

/**
 * `weeks` weeks ending at `end`, ~`perWeek` decisions a week, of which ~`sampleRate` are re-reviewed
 * and ~`goldenRate` are golden. Each arbitrator has a fixed chance of matching the reviewer.
 */
export function generateQaFixture(options: {
  seed: number;
  end: string;
  weeks?: number;
  perWeek?: number;
  sampleRate?: number;
  goldenRate?: number;
}): QaFixture {
  const random = new SeededRandom(options.seed);
  const rand = (): number => random.next();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const weeks = options.weeks ?? 8;
  const perWeek = options.perWeek ?? 120;
  const sampleRate = options.sampleRate ?? 0.25;
  const goldenRate = options.goldenRate ?? 0.04;
  const endMs = Date.parse(options.end);
  const pairs: ReviewPair[] = [];
  const decisions: DecisionFact[] = [];
  const codesFor = (kind: ComplaintKind, verdict: Verdict): string[] => {
    const codes = DEFAULT_POLICY.reasonCodes[kind]
      .filter((c) => c.verdicts.includes(verdict))
      .map((c) => c.code);
    return codes.length ? [pick(codes)] : [];
  };
  const factsFor = (kind: ComplaintKind, verdict: Verdict): QaDecisionFacts => ({
    verdict,
    remedies: [pick(REMEDY_BY_VERDICT[verdict])],
    reasonCodes: codesFor(kind, verdict),
  });
  const total = weeks * perWeek;
  for (let i = 0; i < total; i++) {
    const arb = pick(ARBITRATORS);
    const kind = pick(COMPLAINT_KINDS);
    const decidedMs = endMs - Math.floor(rand() * weeks * 7 * 86_400_000);
    // Later weeks are better calibrated: the point of the chart.
    const progress = 1 - (endMs - decidedMs) / (weeks * 7 * 86_400_000);
    const truth = rand() < 0.5 ? 'upheld' : rand() < 0.6 ? 'rejected' : 'partially_upheld';
    const skill = Math.min(0.97, arb.skill + 0.08 * progress);
    const verdict: Verdict = rand() < skill ? truth : pick(VERDICTS.filter((v) => v !== truth));
    const handlingSeconds = Math.round(600 + rand() * 6 * 3600);
    const dueMs = decidedMs + Math.round((rand() < 0.88 + 0.06 * progress ? 1 : -1) * rand() * 12 * 3600_000);
    const caseId = `case-${options.seed}-${i}`;
    const decidedAt = new Date(decidedMs).toISOString();
    decisions.push({
      caseId,
      kind,
      arbitratorId: arb.id,
      verdict,
      decidedAt,
      dueAt: new Date(dueMs).toISOString(),
      handlingSeconds,
      overturned: rand() < 0.02,
    });
    const golden = rand() < goldenRate;
    if (!golden && rand() >= sampleRate) continue;
    const review = factsFor(kind, truth);
    const original: QaDecisionFacts =
      verdict === truth && rand() < skill
        ? review
        : verdict === truth
          ? {
              ...review,
              remedies: rand() < 0.5 ? review.remedies : [pick(REMEDY_BY_VERDICT[verdict])],
              reasonCodes: codesFor(kind, verdict),
            }
          : factsFor(kind, verdict);
    pairs.push({
      sampleId: `sample-${options.seed}-${i}`,
      caseId,
      externalId: `TS${String(100000 + i)}`,
      kind,
      arbitratorId: arb.id,
      arbitratorName: arb.name,
      reviewerId: golden ? 'golden-author' : 'sup-huang',
      planId: golden ? null : rand() < 0.6 ? 'plan-random' : 'plan-fast',
      golden,
      decidedAt,
      reviewedAt: new Date(decidedMs + Math.floor(rand() * 3 * 86_400_000)).toISOString(),
      original,
      review,
    });
  }
  return { pairs, decisions };
}
