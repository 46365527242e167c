/**
 * Turns QA records into the series the dashboard charts draw, and answers drill-down questions
 * ("which pairs are behind this bar?"). Pure: the components only lay these out. Statistics come
 * from common/qa so the server and any report compute the same numbers.
 */
import { COMPLAINT_KINDS, type ComplaintKind, type Verdict } from '@common/domain';
import {
  agreementByArbitrator,
  agreementByKind,
  agreementByWeek,
  comparePair,
  errorTaxonomy,
  goldenAccuracy,
  isoWeek,
  isoWeekStart,
  proportion,
  summarizeAgreement,
  type AgreementGroup,
  type AgreementSummary,
  type ErrorTaxonomy,
  type GoldenAccuracy,
  type KappaNullReason,
  type Proportion,
  type QaErrorKind,
} from '@common/qa';
import type { DecisionFact, ReviewPair } from '@common/qa';

export type ModelOptions = {
  /** Minutes east of UTC for week boundaries (the platform's UTC+8 by default). */
  utcOffsetMinutes?: number;
  /** Seed for the bootstrap intervals in the per-arbitrator table; fixed so a reload shows the same numbers. */
  bootstrapSeed?: number;
  replicates?: number;
};

export type WeekPoint = {
  week: string;
  /** Monday 00:00 of the week in the chosen offset (epoch ms). */
  weekStart: number;
  n: number;
  /** Verdict agreement 0–1, null when n = 0. */
  agreement: number | null;
  agreementInterval: [number, number] | null;
  kappa: number | null;
  kappaReason: KappaNullReason | null;
};

/** One row of the forest plot: a point estimate with its 95% interval, or n/a with a reason. */
export type ForestRow = {
  key: string;
  label: string;
  n: number;
  kappa: number | null;
  /** [estimate − lower, upper − estimate]: the shape recharts' ErrorBar wants. */
  kappaError: [number, number] | null;
  interval: [number, number] | null;
  bootstrap: [number, number] | null;
  /** Why κ is not shown: undefined for the table, or too few re-reviews to mean anything. */
  reason: KappaNullReason | 'too_few' | null;
  agreement: Proportion;
};

export type MixRow = { kind: ComplaintKind; total: number } & Record<Verdict, number>;

export type SlaPoint = {
  key: string;
  label: string;
  n: number;
  onTime: Proportion;
  share: number | null;
  error: [number, number] | null;
};

export type DashboardModel = {
  counts: { pairs: number; reviewed: number; golden: number; decisions: number; disagreements: number };
  overall: AgreementSummary;
  weekly: WeekPoint[];
  arbitrators: ForestRow[];
  kinds: ForestRow[];
  decisionMix: MixRow[];
  slaByWeek: SlaPoint[];
  slaByArbitrator: SlaPoint[];
  golden: GoldenAccuracy;
  /** Error taxonomy of re-reviewed pairs (golden ones are in `golden.errors`). */
  errors: ErrorTaxonomy;
};

export const DEFAULT_OFFSET_MINUTES = 480;

export function buildDashboardModel(
  pairs: readonly ReviewPair[],
  decisions: readonly DecisionFact[],
  options: ModelOptions = {},
): DashboardModel {
  const offset = options.utcOffsetMinutes ?? DEFAULT_OFFSET_MINUTES;
  const stats = { bootstrapSeed: options.bootstrapSeed ?? 20261123, replicates: options.replicates ?? 1000 };
  const reviewed = pairs.filter((p) => !p.golden);
  const names = arbitratorNames(pairs);

  const weekly = agreementByWeek(pairs, { utcOffsetMinutes: offset }).map((g): WeekPoint => ({
    week: g.key,
    weekStart: isoWeekStart(g.key, offset),
    n: g.summary.n,
    agreement: g.summary.verdictAgreement.value,
    agreementInterval: asPair(g.summary.verdictAgreement.interval),
    kappa: g.summary.kappa.kappa,
    kappaReason: g.summary.kappa.reason,
  }));

  const forest = (groups: AgreementGroup[], label: (key: string) => string): ForestRow[] =>
    groups
      .map((g) => forestRow(g, label(g.key)))
      // Most-reviewed first: the narrowest intervals lead, and the order is stable across reloads.
      .sort((a, b) => b.n - a.n || a.label.localeCompare(b.label));

  return {
    counts: {
      pairs: pairs.length,
      reviewed: reviewed.length,
      golden: pairs.length - reviewed.length,
      decisions: decisions.length,
      disagreements: pairs.filter((p) => !comparePair(p).agree).length,
    },
    overall: summarizeAgreement(pairs, stats),
    weekly,
    arbitrators: forest(agreementByArbitrator(pairs, stats), (k) => names.get(k) ?? k),
    kinds: forest(agreementByKind(pairs, stats), (k) => k),
    decisionMix: decisionMix(decisions),
    slaByWeek: slaBy(
      decisions,
      (d) => isoWeek(d.decidedAt, offset),
      (k) => k,
    ).sort((a, b) => (a.key < b.key ? -1 : 1)),
    slaByArbitrator: slaBy(
      decisions,
      (d) => d.arbitratorId,
      (k) => names.get(k) ?? k,
    ).sort((a, b) => a.label.localeCompare(b.label)),
    golden: goldenAccuracy(pairs),
    errors: errorTaxonomy(reviewed),
  };
}

function asPair(i: { lower: number; upper: number } | null): [number, number] | null {
  return i ? [i.lower, i.upper] : null;
}

/**
 * Fewer re-reviews than this in a group and its κ is not shown: a single case gives "0.00
 * (0.00–0.00)", a number that says nothing. The row stays, labelled "not enough data".
 */
export const FOREST_MIN_N = 2;

function forestRow(g: AgreementGroup, label: string): ForestRow {
  if (g.summary.n > 0 && g.summary.n < FOREST_MIN_N)
    return { key: g.key, label, n: g.summary.n, kappa: null, kappaError: null, interval: null, bootstrap: null, reason: 'too_few', agreement: g.summary.verdictAgreement };
  const k = g.summary.kappa;
  const interval = asPair(k.interval);
  return {
    key: g.key,
    label,
    n: g.summary.n,
    kappa: k.kappa,
    kappaError: k.kappa !== null && interval ? [k.kappa - interval[0], interval[1] - k.kappa] : null,
    interval,
    bootstrap: asPair(k.bootstrap),
    reason: k.reason,
    agreement: g.summary.verdictAgreement,
  };
}

/** Latest name per arbitrator id (names can change; ids do not). */
function arbitratorNames(pairs: readonly ReviewPair[]): Map<string, string> {
  const out = new Map<string, { name: string; at: string }>();
  for (const p of pairs) {
    const cur = out.get(p.arbitratorId);
    if (!cur || p.decidedAt > cur.at) out.set(p.arbitratorId, { name: p.arbitratorName, at: p.decidedAt });
  }
  return new Map([...out].map(([id, v]) => [id, v.name]));
}

/** Verdict counts per kind, in the domain's kind order, kinds without decisions left out. */
export function decisionMix(decisions: readonly DecisionFact[]): MixRow[] {
  const rows = new Map<ComplaintKind, MixRow>();
  for (const d of decisions) {
    let row = rows.get(d.kind);
    if (!row)
      rows.set(d.kind, (row = { kind: d.kind, total: 0, upheld: 0, partially_upheld: 0, rejected: 0 }));
    row[d.verdict]++;
    row.total++;
  }
  return COMPLAINT_KINDS.flatMap((k) => rows.get(k) ?? []);
}

/** Decided at or before dueAt counts as on time. */
export function isOnTime(d: Pick<DecisionFact, 'decidedAt' | 'dueAt'>): boolean {
  return Date.parse(d.decidedAt) <= Date.parse(d.dueAt);
}

function slaBy(
  decisions: readonly DecisionFact[],
  key: (d: DecisionFact) => string,
  label: (key: string) => string,
): SlaPoint[] {
  const groups = new Map<string, { n: number; ok: number }>();
  for (const d of decisions) {
    const k = key(d);
    const g = groups.get(k) ?? { n: 0, ok: 0 };
    g.n++;
    if (isOnTime(d)) g.ok++;
    groups.set(k, g);
  }
  return [...groups].map(([k, g]) => {
    const p = proportion(g.ok, g.n);
    return {
      key: k,
      label: label(k),
      n: g.n,
      onTime: p,
      share: p.value,
      error: p.value !== null && p.interval ? [p.value - p.interval.lower, p.interval.upper - p.value] : null,
    };
  });
}

//#region Drill-down
export type DrillTarget =
  | { type: 'arbitrator'; id: string; label: string }
  | { type: 'kind'; kind: ComplaintKind }
  | { type: 'week'; week: string }
  | { type: 'error'; error: QaErrorKind; golden: boolean }
  | { type: 'golden' }
  | { type: 'disagreements' };

export type DrillRow = ReviewPair & { errors: QaErrorKind[]; agree: boolean };

/**
 * The pairs behind a chart element, disagreements first, then newest decision first. Arbitrator,
 * kind and week targets list re-reviewed pairs (what their statistics use); `golden` lists golden ones.
 */
export function drillPairs(
  pairs: readonly ReviewPair[],
  target: DrillTarget,
  utcOffsetMinutes = DEFAULT_OFFSET_MINUTES,
): DrillRow[] {
  const match = (p: ReviewPair): boolean => {
    switch (target.type) {
      case 'arbitrator':
        return !p.golden && p.arbitratorId === target.id;
      case 'kind':
        return !p.golden && p.kind === target.kind;
      case 'week':
        return !p.golden && isoWeek(p.decidedAt, utcOffsetMinutes) === target.week;
      case 'error':
        return p.golden === target.golden && comparePair(p).errors.includes(target.error);
      case 'golden':
        return p.golden;
      case 'disagreements':
        return !comparePair(p).agree;
    }
  };
  return pairs
    .filter(match)
    .map((p) => {
      const c = comparePair(p);
      return { ...p, errors: c.errors, agree: c.agree };
    })
    .sort(
      (a, b) =>
        Number(a.agree) - Number(b.agree) ||
        (a.decidedAt < b.decidedAt ? 1 : a.decidedAt > b.decidedAt ? -1 : 0),
    );
}
//#endregion
