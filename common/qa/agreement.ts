/**
 * Agreement statistics for supervisor QA: percent agreement, Cohen's kappa with 95% intervals
 * (analytic and bootstrap), Wilson intervals, golden-case accuracy, the error taxonomy and the
 * groupings the dashboard charts use. Pure and deterministic: the bootstrap takes a seed.
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
 * - Agreement statistics compare arbitrator vs blind re-review and so skip golden pairs; golden
 *   pairs feed `goldenAccuracy` (arbitrator vs known answer). Mixing them would count a known
 *   answer as a second rater.
 */
import type { ComplaintKind, Remedy, Verdict } from '../domain';
import type { ReviewPair } from './records';

//#region Basics
/** A two-sided interval; `level` is the nominal coverage (0.95 throughout the dashboard). */
export type Interval = { lower: number; upper: number; level: number };

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * Mulberry32: a tiny 32-bit seeded PRNG (Tommy Ettinger, public domain). Good enough for
 * resampling and simulation; the point is reproducibility, not cryptographic quality.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
  const rand = mulberry32(options.seed);
  const cell = new Float64Array(k * k);
  const rows = new Float64Array(k);
  const cols = new Float64Array(k);
  const values: number[] = [];
  let undefinedReplicates = 0;
  for (let r = 0; r < replicates; r++) {
    cell.fill(0);
    for (let t = 0; t < n; t++) cell[codes[Math.floor(rand() * n)] ?? 0]! += 1;
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

//#region Error taxonomy
export const QA_ERROR_KINDS = ['wrong_verdict', 'wrong_remedy', 'wrong_reason'] as const;
export type QaErrorKind = (typeof QA_ERROR_KINDS)[number];

export type SetDiff<T> = {
  /** In the review (or golden answer) but not in the original: the arbitrator left it out. */
  missing: T[];
  /** In the original but not in the review: the arbitrator added it. */
  extra: T[];
};

export type PairComparison = {
  /** Verdict, remedies and reason codes all match (as sets; order and duplicates do not count). */
  agree: boolean;
  errors: QaErrorKind[];
  verdict: { original: Verdict; review: Verdict };
  remedies: SetDiff<Remedy>;
  reasons: SetDiff<string>;
};

function setDiff<T>(original: readonly T[], review: readonly T[]): SetDiff<T> {
  const o = new Set(original);
  const r = new Set(review);
  return { missing: [...r].filter((x) => !o.has(x)).sort(), extra: [...o].filter((x) => !r.has(x)).sort() };
}

/** Compares the arbitrator's decision with the review; a pair can carry several errors at once. */
export function comparePair(pair: Pick<ReviewPair, 'original' | 'review'>): PairComparison {
  const remedies = setDiff(pair.original.remedies, pair.review.remedies);
  const reasons = setDiff(pair.original.reasonCodes, pair.review.reasonCodes);
  const errors: QaErrorKind[] = [];
  if (pair.original.verdict !== pair.review.verdict) errors.push('wrong_verdict');
  if (remedies.missing.length + remedies.extra.length > 0) errors.push('wrong_remedy');
  if (reasons.missing.length + reasons.extra.length > 0) errors.push('wrong_reason');
  return {
    agree: errors.length === 0,
    errors,
    verdict: { original: pair.original.verdict, review: pair.review.verdict },
    remedies,
    reasons,
  };
}

export type ErrorTaxonomy = { n: number; agree: number } & Record<QaErrorKind, number>;

/** Counts per error kind (a pair with two errors counts in both) and fully agreeing pairs. */
export function errorTaxonomy(pairs: readonly ReviewPair[]): ErrorTaxonomy {
  const out: ErrorTaxonomy = {
    n: pairs.length,
    agree: 0,
    wrong_verdict: 0,
    wrong_remedy: 0,
    wrong_reason: 0,
  };
  for (const p of pairs) {
    const c = comparePair(p);
    if (c.agree) out.agree++;
    for (const e of c.errors) out[e]++;
  }
  return out;
}
//#endregion

//#region Summaries and groupings
export type SummaryOptions = {
  /** Seed for the bootstrap interval; omit to skip the bootstrap (it costs replicates × n). */
  bootstrapSeed?: number;
  replicates?: number;
};

export type AgreementSummary = {
  /** Re-reviewed (non-golden) pairs the statistics use. */
  n: number;
  /** Verdict agreement. */
  verdictAgreement: Proportion;
  /** All of verdict, remedies and reasons agree. */
  fullAgreement: Proportion;
  /** Cohen's kappa on verdicts, categories fixed to the three verdicts. */
  kappa: KappaResult;
  errors: ErrorTaxonomy;
};

const VERDICT_CATEGORIES: readonly Verdict[] = ['upheld', 'partially_upheld', 'rejected'];

export function verdictPairs(pairs: readonly ReviewPair[]): LabelPair[] {
  return pairs.map((p) => [p.original.verdict, p.review.verdict] as const);
}

/** Agreement between arbitrators and blind re-reviews; golden pairs are left out (see goldenAccuracy). */
export function summarizeAgreement(
  pairs: readonly ReviewPair[],
  options: SummaryOptions = {},
): AgreementSummary {
  const reviewed = pairs.filter((p) => !p.golden);
  const labels = verdictPairs(reviewed);
  const errors = errorTaxonomy(reviewed);
  return {
    n: reviewed.length,
    verdictAgreement: percentAgreement(labels),
    fullAgreement: proportion(errors.agree, reviewed.length),
    kappa: cohensKappa(labels, {
      categories: VERDICT_CATEGORIES,
      ...(options.bootstrapSeed === undefined
        ? {}
        : {
            bootstrap: {
              seed: options.bootstrapSeed,
              ...(options.replicates ? { replicates: options.replicates } : {}),
            },
          }),
    }),
    errors,
  };
}

export type GoldenAccuracy = { n: number; verdict: Proportion; full: Proportion; errors: ErrorTaxonomy };

/** Arbitrators against known answers: verdict accuracy and full (verdict + remedies + reasons) accuracy. */
export function goldenAccuracy(pairs: readonly ReviewPair[]): GoldenAccuracy {
  const golden = pairs.filter((p) => p.golden);
  const errors = errorTaxonomy(golden);
  return {
    n: golden.length,
    verdict: proportion(golden.length - errors.wrong_verdict, golden.length),
    full: proportion(errors.agree, golden.length),
    errors,
  };
}

/** Groups in first-seen order of their key (callers sort for display). */
export function groupPairs<K extends string>(
  pairs: readonly ReviewPair[],
  key: (p: ReviewPair) => K,
): Map<K, ReviewPair[]> {
  const out = new Map<K, ReviewPair[]>();
  for (const p of pairs) {
    const k = key(p);
    const list = out.get(k);
    if (list) list.push(p);
    else out.set(k, [p]);
  }
  return out;
}

export type AgreementGroup<K extends string = string> = {
  key: K;
  pairs: ReviewPair[];
  summary: AgreementSummary;
};

function summarizeGroups<K extends string>(
  groups: Map<K, ReviewPair[]>,
  options: SummaryOptions,
): AgreementGroup<K>[] {
  // Each group gets its own seed derived from the base one, so adding a group does not change the others.
  return [...groups].map(([key, list]) => ({
    key,
    pairs: list,
    summary: summarizeAgreement(
      list,
      options.bootstrapSeed === undefined
        ? options
        : { ...options, bootstrapSeed: (options.bootstrapSeed ^ hashString(key)) >>> 0 },
    ),
  }));
}

/** FNV-1a, to derive per-group seeds from keys. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Per arbitrator (id), over re-reviewed pairs; golden pairs are left out of every group. */
export function agreementByArbitrator(
  pairs: readonly ReviewPair[],
  options: SummaryOptions = {},
): AgreementGroup[] {
  return summarizeGroups(
    groupPairs(
      pairs.filter((p) => !p.golden),
      (p) => p.arbitratorId,
    ),
    options,
  );
}

export function agreementByKind(
  pairs: readonly ReviewPair[],
  options: SummaryOptions = {},
): AgreementGroup<ComplaintKind>[] {
  return summarizeGroups(
    groupPairs(
      pairs.filter((p) => !p.golden),
      (p) => p.kind,
    ),
    options,
  );
}

/** Per sampling plan (golden pairs have no plan and are left out). */
export function agreementByPlan(
  pairs: readonly ReviewPair[],
  options: SummaryOptions = {},
): AgreementGroup[] {
  return summarizeGroups(
    groupPairs(
      pairs.filter((p) => !p.golden && p.planId !== null),
      (p) => p.planId ?? '',
    ),
    options,
  );
}

/**
 * ISO-8601 week of an instant, as "2026-W48", in a fixed UTC offset (minutes east of UTC; the
 * platform runs on UTC+8, so 480 puts Monday 00:00 Beijing time at the start of the week).
 */
export function isoWeek(instant: string, utcOffsetMinutes = 0): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`isoWeek: "${instant}" is not a date-time`);
  const d = new Date(ms + utcOffsetMinutes * 60_000);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  // The Thursday of this week decides the ISO year.
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday 00:00 (in the given offset) of an ISO week key, as epoch ms; for axis labels. */
export function isoWeekStart(week: string, utcOffsetMinutes = 0): number {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new RangeError(`isoWeekStart: "${week}" is not an ISO week like 2026-W48`);
  const year = Number(m[1]);
  const jan4 = Date.UTC(year, 0, 4);
  const mondayW1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000;
  return mondayW1 + (Number(m[2]) - 1) * 7 * 86_400_000 - utcOffsetMinutes * 60_000;
}

/**
 * Agreement per ISO week of `field` (the arbitrator's decision time by default: the question is
 * how good that week's decisions were, not when the supervisor got to them), weeks ascending.
 */
export function agreementByWeek(
  pairs: readonly ReviewPair[],
  options: SummaryOptions & { field?: 'decidedAt' | 'reviewedAt'; utcOffsetMinutes?: number } = {},
): AgreementGroup[] {
  const field = options.field ?? 'decidedAt';
  const groups = groupPairs(
    pairs.filter((p) => !p.golden),
    (p) => isoWeek(p[field], options.utcOffsetMinutes),
  );
  return summarizeGroups(groups, options).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
//#endregion
