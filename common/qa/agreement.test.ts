import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agreementByArbitrator,
  agreementByKind,
  agreementByPlan,
  agreementByWeek,
  bootstrapKappaInterval,
  cohenSimpleSE,
  cohensKappa,
  comparePair,
  contingency,
  errorTaxonomy,
  goldenAccuracy,
  isoWeek,
  isoWeekStart,
  kappaFromTable,
  mulberry32,
  percentAgreement,
  summarizeAgreement,
  wilsonInterval,
  type LabelPair,
} from './agreement';
import { makeReviewPair } from './fixtures';

/** Expands a square count table into label pairs (row = rater A, column = rater B). */
function pairsFromTable(counts: number[][]): LabelPair[] {
  const out: LabelPair[] = [];
  counts.forEach((row, i) =>
    row.forEach((c, j) => {
      for (let k = 0; k < c; k++) out.push([`c${i}`, `c${j}`]);
    }),
  );
  return out;
}
const table = (counts: number[][]) => ({ categories: counts.map((_, i) => `c${i}`), counts });

describe('Cohen kappa on published tables', () => {
  // Wikipedia, "Cohen's kappa", worked examples (2×2 tables of Yes/No by readers A and B):
  // https://en.wikipedia.org/wiki/Cohen%27s_kappa#Examples
  it('Wikipedia simple example 20/5/10/15: p_o = 0.7, p_e = 0.5, κ = 0.4', () => {
    const k = kappaFromTable(
      table([
        [20, 5],
        [10, 15],
      ]),
    );
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
  });
  it('Wikipedia "same agreement, different kappa" examples: 45/15/25/15 → 0.1304, 25/35/5/35 → 0.2593', () => {
    expect(
      kappaFromTable(
        table([
          [45, 15],
          [25, 15],
        ]),
      ).kappa,
    ).toBeCloseTo(0.1304, 4);
    expect(
      kappaFromTable(
        table([
          [25, 35],
          [5, 35],
        ]),
      ).kappa,
    ).toBeCloseTo(0.2593, 4);
    // Both tables have p_o = 0.60: percent agreement alone hides the difference kappa shows.
    expect(
      percentAgreement(
        pairsFromTable([
          [45, 15],
          [25, 15],
        ]),
      ).value,
    ).toBeCloseTo(0.6, 12);
    expect(
      percentAgreement(
        pairsFromTable([
          [25, 35],
          [5, 35],
        ]),
      ).value,
    ).toBeCloseTo(0.6, 12);
  });

  // Agresti, "Categorical Data Analysis" (2nd ed., 2002), §10.5.4, Table 10.5 (two pathologists
  // rating 118 slides for carcinoma, from Landis & Koch 1977): p_o = 0.636, p_e = 0.281,
  // κ̂ = 0.493 with ASE 0.057 (the Fleiss–Cohen–Everitt large-sample SE).
  it('Agresti pathologists (Table 10.5): κ = 0.493, ASE = 0.057', () => {
    const k = kappaFromTable(
      table([
        [22, 2, 2, 0],
        [5, 7, 14, 0],
        [0, 2, 36, 0],
        [0, 1, 17, 10],
      ]),
    );
    expect(k.observed).toBeCloseTo(0.636, 3);
    expect(k.expected).toBeCloseTo(0.281, 3);
    expect(k.kappa).toBeCloseTo(0.493, 3);
    expect(k.se).toBeCloseTo(0.057, 3);
  });

  // The SexualFun table (Hout, Duncan & Sobel 1987, as in Agresti; shipped with R's vcd package).
  // vcd::Kappa(SexualFun), which implements Fleiss, Cohen & Everitt (1969), prints
  // "Unweighted 0.1293 ASE 0.06860".
  it('SexualFun (vcd::Kappa): κ = 0.1293, ASE = 0.0686', () => {
    const k = kappaFromTable(
      table([
        [7, 7, 2, 3],
        [2, 8, 3, 7],
        [1, 5, 4, 9],
        [2, 8, 9, 14],
      ]),
    );
    expect(k.kappa).toBeCloseTo(0.1293, 4);
    expect(k.se).toBeCloseTo(0.0686, 4);
    expect(k.interval!.lower).toBeCloseTo(0.1293 - 1.96 * 0.0686, 3);
  });

  // Fleiss, Levin & Paik, "Statistical Methods for Rates and Proportions" (3rd ed., 2003), §18.1:
  // two diagnosticians, 100 patients, psychiatric / neurological / organic; p_o = .89, p_e = .66, κ̂ = .68.
  it('Fleiss, Levin & Paik diagnosis table: p_o = .89, p_e = .66, κ = .68', () => {
    const k = kappaFromTable(
      table([
        [75, 1, 4],
        [5, 4, 1],
        [0, 0, 10],
      ]),
    );
    expect(k.observed).toBeCloseTo(0.89, 12);
    expect(k.expected).toBeCloseTo(0.66, 12);
    expect(k.kappa).toBeCloseTo(0.68, 2);
  });

  it('the FCE SE is wider than Cohen’s simple SE only where marginals vary; both are reported', () => {
    const k = kappaFromTable(
      table([
        [20, 5],
        [10, 15],
      ]),
    );
    // Cohen (1960) approximation: sqrt(.7·.3 / (50·.25)) = 0.1296.
    expect(cohenSimpleSE(k)).toBeCloseTo(Math.sqrt((0.7 * 0.3) / (50 * 0.25)), 12);
    expect(k.se).toBeGreaterThan(0.1);
    expect(k.se).toBeLessThan(0.14);
  });
});

describe('degenerate tables', () => {
  it('n = 0: kappa and proportions are null with a reason', () => {
    const k = cohensKappa([]);
    expect(k).toMatchObject({
      n: 0,
      kappa: null,
      reason: 'no_items',
      se: null,
      interval: null,
      bootstrap: null,
    });
    expect(percentAgreement([])).toEqual({ successes: 0, n: 0, value: null, interval: null });
  });
  it('both raters used one category for everything: p_e = 1, kappa null (single_category), agreement 100%', () => {
    const pairs: LabelPair[] = Array.from({ length: 12 }, () => ['upheld', 'upheld']);
    const k = cohensKappa(pairs, { categories: ['upheld', 'rejected'], bootstrap: { seed: 1 } });
    expect(k.expected).toBe(1);
    expect(k.kappa).toBeNull();
    expect(k.reason).toBe('single_category');
    expect(k.bootstrap).toBeNull();
    expect(percentAgreement(pairs).value).toBe(1);
  });
  it('one rater constant, the other not: kappa is 0, defined', () => {
    const k = cohensKappa([
      ['a', 'a'],
      ['a', 'b'],
      ['a', 'a'],
    ]);
    expect(k.kappa).toBeCloseTo(0, 12);
  });
  it('refuses labels outside the given categories and non-square tables', () => {
    expect(() => contingency([['a', 'z']], ['a', 'b'])).toThrow(/"z"/);
    expect(() => kappaFromTable({ categories: ['a', 'b'], counts: [[1, 2]] })).toThrow(/square/);
  });
});

describe('Wilson interval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in
  // Medicine 17:857–872, Table II, method 3 (score interval without continuity correction):
  // 81/263 → 0.2553 to 0.3662; 15/148 → 0.0624 to 0.1605; 0/20 → 0 to 0.1611; 1/29 → 0.0061 to 0.1718.
  it('matches Newcombe 1998 Table II, method 3', () => {
    const a = wilsonInterval(81, 263)!;
    expect(a.lower).toBeCloseTo(0.2553, 4);
    expect(a.upper).toBeCloseTo(0.3662, 4);
    const d = wilsonInterval(15, 148)!;
    expect(d.lower).toBeCloseTo(0.0624, 4);
    expect(d.upper).toBeCloseTo(0.1605, 4);
    const b = wilsonInterval(0, 20)!;
    expect(b.lower).toBe(0);
    expect(b.upper).toBeCloseTo(0.1611, 4);
    const c = wilsonInterval(1, 29)!;
    expect(c.lower).toBeCloseTo(0.0061, 4);
    expect(c.upper).toBeCloseTo(0.1718, 4);
  });
  it('n = 0 has no interval; bad counts are refused by name', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(5, 3)).toThrow(/successes/);
  });
});

describe('bootstrap', () => {
  const pairs = pairsFromTable([
    [20, 5],
    [10, 15],
  ]);
  it('is reproducible for a seed and brackets the estimate', () => {
    const a = bootstrapKappaInterval(pairs, { seed: 42, replicates: 2000 })!;
    const b = bootstrapKappaInterval(pairs, { seed: 42, replicates: 2000 })!;
    expect(a).toEqual(b);
    expect(a.lower).toBeLessThan(0.4);
    expect(a.upper).toBeGreaterThan(0.4);
    // With n = 50 it should be about as wide as the analytic one (±1.96·0.127 ≈ 0.50 wide).
    expect(a.upper - a.lower).toBeGreaterThan(0.35);
    expect(a.upper - a.lower).toBeLessThan(0.65);
    expect(bootstrapKappaInterval(pairs, { seed: 43, replicates: 2000 })).not.toEqual(a);
  });
});

describe('interval coverage by simulation', () => {
  // A 3-category joint distribution (rows: arbitrator, columns: reviewer) with true κ computed
  // from its cell probabilities. Draw many samples; the 95% intervals should cover the true κ
  // in about 95% of them. Seeded, so the figure is the same on every run.
  const P = [
    [0.3, 0.05, 0.03],
    [0.04, 0.2, 0.04],
    [0.02, 0.06, 0.26],
  ];
  const trueKappa = kappaFromTable({ categories: ['0', '1', '2'], counts: P }).kappa!;
  const cells = P.flatMap((row, i) => row.map((p, j) => ({ p, pair: [String(i), String(j)] as const })));
  function draw(rand: () => number, n: number): LabelPair[] {
    const out: LabelPair[] = [];
    for (let t = 0; t < n; t++) {
      let u = rand();
      const hit = cells.find((c) => (u -= c.p) < 0) ?? cells[cells.length - 1]!;
      out.push(hit.pair);
    }
    return out;
  }

  it('the analytic (FCE) interval covers the true kappa in 93–97% of 2000 samples of n = 150', () => {
    const rand = mulberry32(20260101);
    let covered = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      const k = cohensKappa(draw(rand, 150), { categories: ['0', '1', '2'] });
      if (k.interval && k.interval.lower <= trueKappa && trueKappa <= k.interval.upper) covered++;
    }
    const rate = covered / trials;
    expect(rate).toBeGreaterThanOrEqual(0.93);
    expect(rate).toBeLessThanOrEqual(0.97);
  });

  it('the bootstrap interval covers the true kappa in 93–97% of 600 samples of n = 150', () => {
    const rand = mulberry32(7);
    let covered = 0;
    const trials = 600;
    for (let t = 0; t < trials; t++) {
      const b = bootstrapKappaInterval(draw(rand, 150), { seed: t + 1, replicates: 400 });
      if (b && b.lower <= trueKappa && trueKappa <= b.upper) covered++;
    }
    const rate = covered / trials;
    expect(rate).toBeGreaterThanOrEqual(0.93);
    expect(rate).toBeLessThanOrEqual(0.97);
  });
});

describe('kappa properties', () => {
  const label = fc.constantFrom('upheld', 'partially_upheld', 'rejected');
  const pairs = fc.array(fc.tuple(label, label), { minLength: 1, maxLength: 60 });
  it('κ ≤ 1 and, when defined, ≥ −1', () => {
    fc.assert(
      fc.property(pairs, (ps) => {
        const k = cohensKappa(ps).kappa;
        return k === null || (k <= 1 + 1e-12 && k >= -1 - 1e-12);
      }),
    );
  });
  it('is symmetric in swapping the raters', () => {
    fc.assert(
      fc.property(pairs, (ps) => {
        const a = cohensKappa(ps);
        const b = cohensKappa(ps.map(([x, y]) => [y, x] as const));
        if (a.kappa === null) return b.kappa === null && a.reason === b.reason;
        return Math.abs(a.kappa - (b.kappa ?? NaN)) < 1e-12 && Math.abs((a.se ?? 0) - (b.se ?? 0)) < 1e-12;
      }),
    );
  });
  it('is 1 for identical labels with more than one category used', () => {
    fc.assert(
      fc.property(
        fc.array(label, { minLength: 2, maxLength: 60 }).filter((ls) => new Set(ls).size > 1),
        (ls) => {
          const k = cohensKappa(ls.map((l) => [l, l] as const));
          return k.kappa !== null && Math.abs(k.kappa - 1) < 1e-12 && k.se !== null && k.se < 1e-6;
        },
      ),
    );
  });
});

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
