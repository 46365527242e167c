import { describe, expect, it } from 'vitest';
import { makeReviewPair, generateQaFixture } from '../../../../testing/fixtures/qa';
import type { DecisionFact, QaDecisionFacts } from '@common/qa';
import { buildDashboardModel, decisionMix, drillPairs, FOREST_MIN_N, isOnTime } from './dashboardModel';

const decision = (o: Partial<DecisionFact>): DecisionFact => ({
  caseId: 'c',
  kind: 'quality',
  arbitratorId: 'arb-1',
  verdict: 'upheld',
  decidedAt: '2026-11-16T10:00:00+08:00',
  dueAt: '2026-11-16T12:00:00+08:00',
  handlingSeconds: 600,
  overturned: false,
  ...o,
});

describe('buildDashboardModel', () => {
  const disagree: QaDecisionFacts = { verdict: 'rejected', remedies: ['no_action'], reasonCodes: ['X'] };
  const pairs = [
    // Week 47 (Beijing time): a1 agrees twice on different verdicts, a2 disagrees once.
    makeReviewPair({ arbitratorId: 'a1', arbitratorName: '旧名', decidedAt: '2026-11-16T09:00:00+08:00' }),
    makeReviewPair({
      arbitratorId: 'a1',
      arbitratorName: '张敏',
      decidedAt: '2026-11-17T09:00:00+08:00',
      original: disagree,
      review: disagree,
    }),
    makeReviewPair({
      arbitratorId: 'a2',
      arbitratorName: '李四',
      decidedAt: '2026-11-18T09:00:00+08:00',
      review: { ...disagree, verdict: 'rejected' },
    }),
    // Monday 01:00 Beijing = Sunday UTC: must land in week 48 with the default UTC+8 boundaries.
    makeReviewPair({ arbitratorId: 'a2', arbitratorName: '李四', decidedAt: '2026-11-23T01:00:00+08:00' }),
    makeReviewPair({ arbitratorId: 'a2', golden: true, planId: null, review: disagree }),
  ];
  const decisions = [
    decision({ kind: 'quality', verdict: 'upheld' }),
    decision({ kind: 'quality', verdict: 'rejected', dueAt: '2026-11-16T09:59:59+08:00' }),
    decision({ kind: 'counterfeit', verdict: 'partially_upheld', arbitratorId: 'a2' }),
  ];
  const model = buildDashboardModel(pairs, decisions);

  it('counts pairs, golden ones and disagreements', () => {
    expect(model.counts).toEqual({ pairs: 5, reviewed: 4, golden: 1, decisions: 3, disagreements: 2 });
  });
  it('weekly series: Beijing week boundaries, sample size, agreement and kappa', () => {
    expect(model.weekly.map((w) => [w.week, w.n, w.agreement])).toEqual([
      ['2026-W47', 3, 2 / 3],
      ['2026-W48', 1, 1],
    ]);
    // W48 has one pair, one category: kappa is undefined and says why.
    expect(model.weekly[1]).toMatchObject({ kappa: null, kappaReason: 'single_category' });
    expect(new Date(model.weekly[0]!.weekStart).toISOString()).toBe('2026-11-15T16:00:00.000Z');
  });
  it('forest rows carry the latest name, the interval as error offsets, and n/a reasons', () => {
    const a1 = model.arbitrators.find((r) => r.key === 'a1')!;
    expect(a1.label).toBe('张敏');
    expect(a1.kappa).toBe(1);
    expect(a1.n).toBe(2);
    const a2 = model.arbitrators.find((r) => r.key === 'a2')!;
    // a2: one agreeing upheld pair, one (upheld vs rejected): p_o = .5, p_e = .5 → κ = 0.
    expect(a2.kappa).toBeCloseTo(0, 12);
    expect(a2.kappaError![0]).toBeCloseTo(a2.kappa! - a2.interval![0], 12);
    expect(a2.bootstrap).not.toBeNull();
  });
  it('decision mix per kind and SLA adherence', () => {
    expect(model.decisionMix).toEqual([
      { kind: 'quality', total: 2, upheld: 1, partially_upheld: 0, rejected: 1 },
      { kind: 'counterfeit', total: 1, upheld: 0, partially_upheld: 1, rejected: 0 },
    ]);
    expect(model.slaByWeek).toHaveLength(1);
    expect(model.slaByWeek[0]!.onTime).toMatchObject({ successes: 2, n: 3 });
    expect(model.slaByArbitrator.map((s) => [s.key, s.share])).toEqual([
      ['arb-1', 0.5],
      ['a2', 1],
    ]);
    expect(isOnTime({ decidedAt: '2026-11-16T10:00:00+08:00', dueAt: '2026-11-16T02:00:00Z' })).toBe(true);
  });
  it('golden accuracy and error taxonomy are kept apart', () => {
    expect(model.golden.n).toBe(1);
    expect(model.golden.verdict.value).toBe(0);
    expect(model.errors).toMatchObject({ n: 4, agree: 3, wrong_verdict: 1 });
  });
  it('drill-down lists the pairs behind a bar, disagreements first', () => {
    expect(drillPairs(pairs, { type: 'arbitrator', id: 'a2', label: '李四' }).map((r) => r.agree)).toEqual([
      false,
      true,
    ]);
    expect(drillPairs(pairs, { type: 'week', week: '2026-W48' })).toHaveLength(1);
    expect(drillPairs(pairs, { type: 'error', error: 'wrong_verdict', golden: true })).toHaveLength(1);
    expect(drillPairs(pairs, { type: 'disagreements' })).toHaveLength(2);
    expect(drillPairs(pairs, { type: 'kind', kind: 'counterfeit' })).toHaveLength(0);
  });
  it('decisionMix keeps the domain kind order', () => {
    expect(
      decisionMix([decision({ kind: 'counterfeit' }), decision({ kind: 'abnormal_order' })]).map(
        (r) => r.kind,
      ),
    ).toEqual(['abnormal_order', 'counterfeit']);
  });
  it('is reproducible and handles a realistic volume', () => {
    const f = generateQaFixture({ seed: 3, end: '2026-11-23T00:00:00+08:00' });
    const a = buildDashboardModel(f.pairs, f.decisions);
    const b = buildDashboardModel(f.pairs, f.decisions);
    expect(a).toEqual(b);
    expect(a.arbitrators.length).toBe(6);
    expect(a.weekly.length).toBeGreaterThanOrEqual(8);
  });
  it('empty input gives empty series and null statistics, not NaN', () => {
    const m = buildDashboardModel([], []);
    expect(m.weekly).toEqual([]);
    expect(m.overall.kappa).toMatchObject({ kappa: null, reason: 'no_items' });
    expect(m.golden.verdict.value).toBeNull();
  });
});

describe('forest rows of small groups', () => {
  it('say "not enough data" below FOREST_MIN_N re-reviews instead of showing 0.00 (0.00–0.00)', () => {
    const one = makeReviewPair({ arbitratorId: 'solo', arbitratorName: '单条' });
    const two = [
      makeReviewPair({ arbitratorId: 'pair', arbitratorName: '两条' }),
      makeReviewPair({ arbitratorId: 'pair', arbitratorName: '两条', review: { verdict: 'rejected', remedies: ['no_action'], reasonCodes: ['Q_NONE'] } }),
    ];
    const m = buildDashboardModel([one, ...two], []);
    const solo = m.arbitrators.find((r) => r.key === 'solo')!;
    expect(solo).toMatchObject({ n: 1, kappa: null, interval: null, reason: 'too_few' });
    expect(FOREST_MIN_N).toBe(2);
    expect(m.arbitrators.find((r) => r.key === 'pair')!.reason).not.toBe('too_few');
  });
});
