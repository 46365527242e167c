/**
 * Supervisor QA summaries on top of the generic statistics in stats.ts: the error taxonomy (how an
 * arbitrator's decision differs from the review), agreement and golden-case accuracy summaries, and
 * the groupings the dashboard charts use (per arbitrator, kind, plan and ISO week).
 *
 * Agreement statistics compare arbitrator vs blind re-review and so skip golden pairs; golden pairs
 * feed `goldenAccuracy` (arbitrator vs known answer). Mixing them would count a known answer as a
 * second rater.
 */
import type { ComplaintKind, Remedy, Verdict } from '../domain';
import type { ReviewPair } from './records';
import { cohensKappa, percentAgreement, proportion, type KappaResult, type LabelPair, type Proportion } from './stats';

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
