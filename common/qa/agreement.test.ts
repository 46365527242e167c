import { describe, expect, it } from 'vitest';
import {
  agreementByArbitrator,
  agreementByKind,
  agreementByPlan,
  agreementByWeek,
  comparePair,
  errorTaxonomy,
  goldenAccuracy,
  isoWeek,
  isoWeekStart,
  summarizeAgreement,
} from './agreement';
import { makeReviewPair } from '../../testing/fixtures/qa';

describe('error taxonomy', () => {
  it('agree means verdict, remedies and reasons all match as sets', () => {
    const p = makeReviewPair({
      original: { verdict: 'upheld', remedies: ['refund_buyer', 'warn'], reasonCodes: ['R1'] },
      review: { verdict: 'upheld', remedies: ['warn', 'refund_buyer', 'warn'], reasonCodes: ['R1'] },
    });
    expect(comparePair(p)).toMatchObject({ agree: true, errors: [] });
  });
  it('a pair can have several errors, with the set differences named', () => {
    const p = makeReviewPair({
      original: { verdict: 'upheld', remedies: ['refund_buyer', 'warn'], reasonCodes: ['R1', 'R2'] },
      review: {
        verdict: 'partially_upheld',
        remedies: ['refund_buyer', 'deduct_deposit'],
        reasonCodes: ['R2'],
      },
    });
    const c = comparePair(p);
    expect(c.agree).toBe(false);
    expect(c.errors).toEqual(['wrong_verdict', 'wrong_remedy', 'wrong_reason']);
    expect(c.remedies).toEqual({ missing: ['deduct_deposit'], extra: ['warn'] });
    expect(c.reasons).toEqual({ missing: [], extra: ['R1'] });
  });
  it('counts each error kind once per pair', () => {
    const pairs = [
      makeReviewPair({
        original: { verdict: 'upheld', remedies: [], reasonCodes: ['R1'] },
        review: { verdict: 'rejected', remedies: [], reasonCodes: ['R2'] },
      }),
      makeReviewPair({
        original: { verdict: 'upheld', remedies: ['warn'], reasonCodes: [] },
        review: { verdict: 'upheld', remedies: [], reasonCodes: [] },
      }),
      makeReviewPair({}),
    ];
    expect(errorTaxonomy(pairs)).toEqual({
      n: 3,
      agree: 1,
      wrong_verdict: 1,
      wrong_remedy: 1,
      wrong_reason: 1,
    });
  });
});

describe('summaries and groupings', () => {
  const agreeing = (o: Partial<Parameters<typeof makeReviewPair>[0]>) => makeReviewPair(o);
  const pairs = [
    agreeing({ arbitratorId: 'a1', kind: 'quality', planId: 'p1', decidedAt: '2026-11-16T09:00:00+08:00' }),
    agreeing({
      arbitratorId: 'a1',
      kind: 'quality',
      planId: 'p1',
      decidedAt: '2026-11-16T09:00:00+08:00',
      original: { verdict: 'rejected', remedies: [], reasonCodes: [] },
      review: { verdict: 'rejected', remedies: [], reasonCodes: [] },
    }),
    agreeing({
      arbitratorId: 'a2',
      kind: 'counterfeit',
      planId: 'p2',
      decidedAt: '2026-11-23T10:00:00+08:00',
      review: { verdict: 'rejected', remedies: [], reasonCodes: [] },
    }),
    agreeing({
      arbitratorId: 'a2',
      kind: 'counterfeit',
      planId: null,
      golden: true,
      decidedAt: '2026-11-23T10:00:00+08:00',
    }),
  ];
  it('agreement statistics skip golden pairs; golden accuracy uses only them', () => {
    const s = summarizeAgreement(pairs);
    expect(s.n).toBe(3);
    expect(s.verdictAgreement.successes).toBe(2);
    const g = goldenAccuracy(pairs);
    expect(g.n).toBe(1);
    expect(g.verdict.value).toBe(1);
    expect(g.verdict.interval!.lower).toBeCloseTo(0.2065, 4); // Wilson 1/1
  });
  it('groups per arbitrator, kind, plan and ISO week', () => {
    expect(agreementByArbitrator(pairs).map((g) => [g.key, g.summary.n])).toEqual([
      ['a1', 2],
      ['a2', 1],
    ]);
    expect(agreementByKind(pairs).map((g) => [g.key, g.summary.n])).toEqual([
      ['quality', 2],
      ['counterfeit', 1],
    ]);
    expect(agreementByPlan(pairs).map((g) => g.key)).toEqual(['p1', 'p2']);
    expect(agreementByWeek(pairs, { utcOffsetMinutes: 480 }).map((g) => [g.key, g.summary.n])).toEqual([
      ['2026-W47', 2],
      ['2026-W48', 1],
    ]);
  });
  it('per-group bootstrap seeds are stable when other groups come and go', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      makeReviewPair({
        arbitratorId: i % 2 ? 'a1' : 'a2',
        review: {
          verdict: (['upheld', 'rejected', 'partially_upheld'] as const)[i % 3]!,
          remedies: [],
          reasonCodes: [],
        },
      }),
    );
    const all = agreementByArbitrator(many, { bootstrapSeed: 9, replicates: 200 });
    const onlyA1 = agreementByArbitrator(
      many.filter((p) => p.arbitratorId === 'a1'),
      { bootstrapSeed: 9, replicates: 200 },
    );
    expect(onlyA1[0]!.summary.kappa.bootstrap).toEqual(
      all.find((g) => g.key === 'a1')!.summary.kappa.bootstrap,
    );
  });
  it('ISO weeks: year boundaries and the UTC+8 Monday', () => {
    expect(isoWeek('2026-01-01T00:00:00Z')).toBe('2026-W01'); // a Thursday
    expect(isoWeek('2027-01-01T00:00:00Z')).toBe('2026-W53'); // a Friday: still week 53 of 2026
    expect(isoWeek('2024-12-30T00:00:00Z')).toBe('2025-W01');
    // Monday 2026-11-23 01:00 Beijing is Sunday 17:00 UTC.
    expect(isoWeek('2026-11-23T01:00:00+08:00')).toBe('2026-W47');
    expect(isoWeek('2026-11-23T01:00:00+08:00', 480)).toBe('2026-W48');
    expect(new Date(isoWeekStart('2026-W48', 480)).toISOString()).toBe('2026-11-22T16:00:00.000Z');
  });
});
