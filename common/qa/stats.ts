/**
 * Generic statistics, with nothing about QA in them: Wilson intervals for proportions, Cohen's kappa
 * with its analytic and bootstrap 95% intervals, and the one seeded pseudo-random generator of the
 * repository (`SeededRandom`). Pure and deterministic: everything random takes a seed. The QA
 * summaries built on these live in agreement.ts.
 *
 * Choices, with why:
 * - The analytic kappa interval uses the large-sample (non-null) standard error of Fleiss, Cohen &
 *   Everitt (1969), Psychological Bulletin 72:323–327, as given in Fleiss, Levin & Paik,
 *   "Statistical Methods for Rates and Proportions" (3rd ed., 2003), eq. 18.14. Cohen's 1960
 *   simpler SE, sqrt(p_o(1−p_o) / (n(1−p_e)²)), ignores the sampling error of the marginals and
 *   is too narrow; it is exported as `cohenSimpleSE` for comparison only.
 * - Kappa is undefined when p_e = 1 (both raters used one and the same category for every item)
 *   and when there are no items; it is then `null` with a reason, never NaN, so a chart can say
 *   "n/a" instead of plotting garbage.
 * - Proportions (percent agreement, golden accuracy) get Wilson score intervals: they stay inside
 *   [0, 1] and behave at 0 and 100%, where the Wald interval collapses to a point.
 * - One PRNG for everything seeded (bootstrap resampling, the demo generator through faker, demo
 *   decisions, QA fixtures, chaos fault schedules), so a seed means the same stream everywhere and
 *   there is one implementation to trust. It is MT19937 with faker's seeding and 53-bit floats, bit
 *   for bit: handed to faker as its randomizer, the demo data of a seed stay what they were.
 */
//#region Basics
/** A two-sided interval; `level` is the nominal coverage (0.95 throughout the dashboard). */
export type Interval = { lower: number; upper: number; level: number };

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** Wilson score interval for `successes` out of `n` (null when n = 0: there is no proportion). */
export function wilsonInterval(successes: number, n: number, z = Z95): Interval | null {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`wilsonInterval: n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n)
    throw new RangeError(`wilsonInterval: successes must be an integer in [0, n], got ${successes} of ${n}`);
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Clamp only the rounding error: at p = 0 or 1 the bound is exactly 0 or 1.
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half), level: levelOf(z) };
}

/** A proportion with its Wilson interval; `value` and `interval` are null when n = 0. */
export type Proportion = { successes: number; n: number; value: number | null; interval: Interval | null };

export function proportion(successes: number, n: number): Proportion {
  return { successes, n, value: n === 0 ? null : successes / n, interval: wilsonInterval(successes, n) };
}

function levelOf(z: number): number {
  return z === Z95 ? 0.95 : Math.round(erf(z / Math.SQRT2) * 1e4) / 1e4;
}

/** Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7); only used to label a non-default z. */
function erf(x: number): number {
  const s = Math.sign(x);
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return s * y;
}
//#endregion

//#region Seeded PRNG
/** A seed: one 32-bit integer, or several (MT19937's init_by_array), e.g. [runSeed, caseIndex]. */
export type Seed = number | readonly number[];

/** A uniform source; what code that draws takes, so a test can hand it any seeded stream. */
export type Random = {
  /** Uniform in [0, 1), 53 bits. */
  next(): number;
  /** Integer in [min, max], inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
};

const MT_N = 624;
const MT_M = 397;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;
const MATRIX_A = 0x9908b0df;

/**
 * MT19937 (Matsumoto & Nishimura, ACM TOMACS 8:3–30, 1998), seeded and read as in their reference
 * mt19937ar.c: `init_genrand` for a number, `init_by_array` for an array, `genrand_res53` for `next`.
 * This is also faker's default randomizer (`generateMersenne53Randomizer`), which is why it was
 * chosen over a smaller generator: the demo generator's output depends on faker's stream. It
 * satisfies faker's `Randomizer` interface (`next`, `seed`). Reproducibility is the point, not
 * cryptographic quality.
 */
export class SeededRandom implements Random {
  // The methods are arrow fields, bound to the instance: faker's distributor destructures `next`
  // from its randomizer, and callers pass `rng.next` around as a plain function.
  private readonly mt = new Uint32Array(MT_N);
  private index = MT_N;

  constructor(seed: Seed) {
    this.seed(seed);
  }

  /** Restarts the stream from `seed`. */
  readonly seed = (seed: Seed): void => {
    if (typeof seed === 'number') initGenrand(this.mt, seed);
    else initByArray(this.mt, seed);
    this.index = MT_N;
  };

  /** The next 32-bit output, as an unsigned integer. */
  readonly nextUint32 = (): number => {
    if (this.index >= MT_N) {
      twist(this.mt);
      this.index = 0;
    }
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  };

  readonly next = (): number => {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  };

  readonly int = (min: number, max: number): number => min + Math.floor(this.next() * (max - min + 1));

  readonly pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('pick: the list is empty');
    return items[Math.floor(this.next() * items.length)]!;
  };
}

function initGenrand(mt: Uint32Array, seed: number): void {
  mt[0] = seed;
  for (let i = 1; i < MT_N; i++) {
    const prev = mt[i - 1]!;
    mt[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
  }
}

function initByArray(mt: Uint32Array, key: readonly number[]): void {
  if (key.length === 0) throw new RangeError('SeededRandom: a seed array needs at least one number');
  initGenrand(mt, 19650218);
  let i = 1;
  let j = 0;
  for (let k = Math.max(MT_N, key.length); k > 0; k--) {
    const prev = mt[i - 1]!;
    mt[i] = (mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j]! + j;
    i++;
    j++;
    if (i >= MT_N) {
      mt[0] = mt[MT_N - 1]!;
      i = 1;
    }
    if (j >= key.length) j = 0;
  }
  for (let k = MT_N - 1; k > 0; k--) {
    const prev = mt[i - 1]!;
    mt[i] = (mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i;
    i++;
    if (i >= MT_N) {
      mt[0] = mt[MT_N - 1]!;
      i = 1;
    }
  }
  mt[0] = UPPER;
}

/** The reference's three loops (no modulo in the hot path); reads see words already twisted, as in C. */
function twist(mt: Uint32Array): void {
  let k = 0;
  for (; k < MT_N - MT_M; k++) {
    const y = (mt[k]! & UPPER) | (mt[k + 1]! & LOWER);
    mt[k] = mt[k + MT_M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
  }
  for (; k < MT_N - 1; k++) {
    const y = (mt[k]! & UPPER) | (mt[k + 1]! & LOWER);
    mt[k] = mt[k + MT_M - MT_N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
  }
  const y = (mt[MT_N - 1]! & UPPER) | (mt[0]! & LOWER);
  mt[MT_N - 1] = mt[MT_M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
}
//#endregion

//#region Contingency table and kappa
/** A square table: `counts[i][j]` = items rater A put in `categories[i]` and rater B in `categories[j]`. */
export type Contingency = { categories: string[]; counts: number[][] };

/** A label pair: [rater A (the arbitrator), rater B (the reviewer)]. */
export type LabelPair = readonly [string, string];

/**
 * Cross-tabulates label pairs. `categories` fixes the order (and may include categories nobody
 * used); otherwise they are the labels seen, sorted.
 */
export function contingency(pairs: readonly LabelPair[], categories?: readonly string[]): Contingency {
  const cats = categories ? [...categories] : [...new Set(pairs.flatMap(([a, b]) => [a, b]))].sort();
  const index = new Map(cats.map((c, i) => [c, i]));
  const counts = cats.map(() => cats.map(() => 0));
  for (const [a, b] of pairs) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined)
      throw new RangeError(`contingency: label "${i === undefined ? a : b}" is not one of the categories`);
    const row = counts[i];
    if (row) row[j] = (row[j] ?? 0) + 1;
  }
  return { categories: cats, counts };
}

/** Why kappa is not defined for a table. */
export type KappaNullReason = 'no_items' | 'single_category';

export type KappaEstimate = {
  n: number;
  /** Observed agreement p_o. Null when n = 0. */
  observed: number | null;
  /** Chance agreement p_e from the two raters' marginals. Null when n = 0. */
  expected: number | null;
  /** Cohen's kappa (p_o − p_e) / (1 − p_e); null with `reason` when undefined. */
  kappa: number | null;
  reason: KappaNullReason | null;
  /** Fleiss–Cohen–Everitt large-sample standard error (non-null), or null. */
  se: number | null;
  /** kappa ± z·se, clamped to [−1, 1]; null when kappa or se is. */
  interval: Interval | null;
};

/**
 * Cohen's kappa from a square table, with the Fleiss–Cohen–Everitt (1969) large-sample SE:
 *   Var(κ̂) = [A + B − C] / (n (1 − p_e)²), where
 *   A = Σ_i p_ii [1 − (p_i· + p_·i)(1 − κ̂)]²,
 *   B = (1 − κ̂)² Σ_{i≠j} p_ij (p_·i + p_j·)²,
 *   C = [κ̂ − p_e (1 − κ̂)]².
 */
export function kappaFromTable(table: Contingency, z = Z95): KappaEstimate {
  const k = table.categories.length;
  const counts = table.counts;
  if (counts.length !== k || counts.some((r) => r.length !== k))
    throw new RangeError('kappaFromTable: the table must be square, one row and column per category');
  let n = 0;
  for (const row of counts)
    for (const c of row) {
      if (!Number.isFinite(c) || c < 0)
        throw new RangeError(`kappaFromTable: counts must be finite and non-negative, got ${c}`);
      n += c;
    }
  if (n === 0)
    return { n, observed: null, expected: null, kappa: null, reason: 'no_items', se: null, interval: null };
  const p = (i: number, j: number): number => (counts[i]?.[j] ?? 0) / n;
  const rowM = counts.map((_, i) => counts[i]?.reduce((s, c) => s + c, 0) ?? 0).map((c) => c / n);
  const colM = counts.map((_, j) => counts.reduce((s, r) => s + (r[j] ?? 0), 0)).map((c) => c / n);
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    po += p(i, i);
    pe += (rowM[i] ?? 0) * (colM[i] ?? 0);
  }
  // p_e = 1 only when both raters put everything into one and the same category.
  if (1 - pe < 1e-12)
    return {
      n,
      observed: po,
      expected: pe,
      kappa: null,
      reason: 'single_category',
      se: null,
      interval: null,
    };
  const kappa = (po - pe) / (1 - pe);
  let a = 0;
  let b = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) a += p(i, i) * (1 - ((rowM[i] ?? 0) + (colM[i] ?? 0)) * (1 - kappa)) ** 2;
      else b += p(i, j) * ((colM[i] ?? 0) + (rowM[j] ?? 0)) ** 2;
    }
  }
  b *= (1 - kappa) ** 2;
  const c = (kappa - pe * (1 - kappa)) ** 2;
  // A + B − C is a variance numerator; it can dip below zero by rounding when κ̂ = 1.
  const se = Math.sqrt(Math.max(0, a + b - c)) / ((1 - pe) * Math.sqrt(n));
  return {
    n,
    observed: po,
    expected: pe,
    kappa,
    reason: null,
    se,
    interval: { lower: Math.max(-1, kappa - z * se), upper: Math.min(1, kappa + z * se), level: levelOf(z) },
  };
}

/** Cohen's (1960) approximate SE, sqrt(p_o(1−p_o) / (n(1−p_e)²)); for comparison, not used by the dashboard. */
export function cohenSimpleSE(est: KappaEstimate): number | null {
  if (est.kappa === null || est.observed === null || est.expected === null) return null;
  return Math.sqrt((est.observed * (1 - est.observed)) / (est.n * (1 - est.expected) ** 2));
}

/** Percentile bootstrap of kappa: resample items with replacement, `replicates` times, seeded. */
export type BootstrapOptions = { seed: number; replicates?: number; level?: number };
export type BootstrapInterval = Interval & {
  replicates: number;
  /** Resamples where kappa was undefined (all one category); left out of the percentiles. */
  undefinedReplicates: number;
};

export function bootstrapKappaInterval(
  pairs: readonly LabelPair[],
  options: BootstrapOptions,
): BootstrapInterval | null {
  const replicates = options.replicates ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(replicates) || replicates < 1 || replicates > 100_000)
    throw new RangeError(`bootstrap: replicates must be an integer in [1, 100000], got ${replicates}`);
  const n = pairs.length;
  if (n === 0) return null;
  // Integer-coded items and a flat table: this loop runs replicates × n times.
  const { categories } = contingency(pairs);
  const k = categories.length;
  const index = new Map(categories.map((c, i) => [c, i]));
  const codes = new Int32Array(n);
  pairs.forEach(([a, b], t) => {
    codes[t] = (index.get(a) ?? 0) * k + (index.get(b) ?? 0);
  });
  const random = new SeededRandom(options.seed);
  const cell = new Float64Array(k * k);
  const rows = new Float64Array(k);
  const cols = new Float64Array(k);
  const values: number[] = [];
  let undefinedReplicates = 0;
  for (let r = 0; r < replicates; r++) {
    cell.fill(0);
    // One 32-bit word per resampled item (an index below n needs no more), half the cost of next().
    for (let t = 0; t < n; t++) cell[codes[Math.floor((random.nextUint32() * n) / 4294967296)] ?? 0]! += 1;
    rows.fill(0);
    cols.fill(0);
    let po = 0;
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const v = cell[i * k + j] ?? 0;
        rows[i]! += v;
        cols[j]! += v;
        if (i === j) po += v;
      }
    }
    let pe = 0;
    for (let i = 0; i < k; i++) pe += (rows[i] ?? 0) * (cols[i] ?? 0);
    po /= n;
    pe /= n * n;
    if (1 - pe < 1e-12) undefinedReplicates++;
    else values.push((po - pe) / (1 - pe));
  }
  if (values.length === 0) return null;
  values.sort((x, y) => x - y);
  const alpha = (1 - level) / 2;
  return {
    lower: quantile(values, alpha),
    upper: quantile(values, 1 - alpha),
    level,
    replicates,
    undefinedReplicates,
  };
}

/** Type-7 quantile (linear interpolation) of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(sorted.length - 1, lo + 1)] ?? a;
  return a + (h - lo) * (b - a);
}

export type KappaResult = KappaEstimate & { bootstrap: BootstrapInterval | null };

/** Cohen's kappa of label pairs, with the analytic interval and, when `bootstrap` is given, the bootstrap one. */
export function cohensKappa(
  pairs: readonly LabelPair[],
  options: { categories?: readonly string[]; bootstrap?: BootstrapOptions } = {},
): KappaResult {
  const est = kappaFromTable(contingency(pairs, options.categories));
  const bootstrap =
    options.bootstrap && est.kappa !== null ? bootstrapKappaInterval(pairs, options.bootstrap) : null;
  return { ...est, bootstrap };
}

/** Share of pairs with equal labels, with its Wilson interval. */
export function percentAgreement(pairs: readonly LabelPair[]): Proportion {
  return proportion(pairs.filter(([a, b]) => a === b).length, pairs.length);
}
//#endregion
