import { generateMersenne53Randomizer } from '@faker-js/faker';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bootstrapKappaInterval,
  cohenSimpleSE,
  cohensKappa,
  contingency,
  kappaFromTable,
  percentAgreement,
  SeededRandom,
  wilsonInterval,
  type LabelPair,
} from './stats';

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
    const random = new SeededRandom(20260101);
    const rand = () => random.next();
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
    const random = new SeededRandom(7);
    const rand = () => random.next();
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

describe('SeededRandom (MT19937)', () => {
  it('matches the reference mt19937ar.c output for init_by_array({0x123, 0x234, 0x345, 0x456})', () => {
    const r = new SeededRandom([0x123, 0x234, 0x345, 0x456]);
    expect(Array.from({ length: 5 }, () => r.nextUint32())).toEqual([1067595299, 955945823, 477289528, 4107218783, 4228976476]);
  });
  it('matches the reference init_genrand(5489) first output', () => {
    expect(new SeededRandom(5489).nextUint32()).toBe(3499211612);
  });
  it('is the default faker randomizer bit for bit, for number and array seeds (the demo generator relies on it)', () => {
    for (const seed of [0, 1, 42, 20261123, 0xffffffff, [1, 0], [7, 12345], [3, 4, 5]] as const) {
      const ours = new SeededRandom(seed);
      const theirs = generateMersenne53Randomizer();
      theirs.seed(typeof seed === 'number' ? seed : [...seed]);
      // 2000 draws cross the 624-word state refill more than once.
      for (let i = 0; i < 2000; i++) expect(ours.next()).toBe(theirs.next());
    }
  });
  it('reseeding restarts the stream; int and pick stay in range', () => {
    const r = new SeededRandom(9);
    const first = [r.next(), r.next()];
    r.seed(9);
    expect([r.next(), r.next()]).toEqual(first);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(-2, 3);
      expect(Number.isInteger(n) && n >= -2 && n <= 3).toBe(true);
      expect(['a', 'b', 'c']).toContain(r.pick(['a', 'b', 'c']));
      const u = r.next();
      expect(u >= 0 && u < 1).toBe(true);
    }
    expect(() => r.pick([])).toThrow(RangeError);
    expect(() => new SeededRandom([])).toThrow(RangeError);
  });
});
