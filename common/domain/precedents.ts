/**
 * Precedents: how alike two cases are, for showing an arbitrator how the organisation decided cases
 * like the open one (docs/precedents.md). Pure: the server scores decided cases with it, and the
 * renderer's hint reads the distribution it produced.
 */
import type { CaseBundle } from './bundle';
import type { ComplaintKind, Verdict } from './case';

/** What similarity looks at, for one case (the open one, or a decided one as it was decided). */
export type PrecedentFeatures = {
  kind: ComplaintKind;
  /** Finding codes (eligibility and findings) of the assessment. */
  findingCodes: readonly string[];
  /** The subset of `findingCodes` whose severity is critical: they weigh more. */
  criticalCodes: readonly string[];
  /** The amount at stake (paid on the subject orders), in fen; 0 when there is none. */
  amountFen: number;
  /** Party ids: complainant, respondent, buyers, merchants and affiliates of the subject orders. */
  partyIds: readonly string[];
  /** Normalised shipping addresses of the subject orders (an address ring shares one). */
  addresses: readonly string[];
  policyVersion: string;
};

/** Why a precedent counts as similar: codes, rendered in words by the screen. */
export const PRECEDENT_WHY = ['same_findings', 'shared_critical', 'same_amount_band', 'near_amount_band', 'same_party', 'same_ring', 'same_policy'] as const;
export type PrecedentWhy = (typeof PRECEDENT_WHY)[number];

/** The parts of the score; they add up to 1 for an identical case. */
export const PRECEDENT_WEIGHTS = { findings: 0.45, amount: 0.2, parties: 0.25, policy: 0.1 } as const;
/** A critical finding counts this many times an ordinary one in the findings' Jaccard. */
export const CRITICAL_WEIGHT = 3;
/** A precedent at or above this score is "close": the distribution and the hint count only those. */
export const CLOSE_SCORE = 0.5;
/** The hint needs at least this many close precedents... */
export const HINT_MIN_CLOSE = 5;
/** ...and this share of them decided one same verdict that is not the chosen one. */
export const HINT_SHARE = 0.8;

/**
 * Amount bands on a log scale: each band spans a factor of √10 (¥1–3.16, ¥3.16–10, ¥10–31.6, …), so
 * ¥80 and ¥95 fall together while ¥80 and ¥800 are two bands apart. Band 0 is "no amount".
 */
export function amountBand(amountFen: number): number {
  if (!(amountFen >= 100)) return 0;
  return 1 + Math.floor(2 * Math.log10(amountFen / 100));
}

/** Jaccard over finding codes, each code weighted (critical ones CRITICAL_WEIGHT, others 1). */
export function weightedJaccard(a: PrecedentFeatures, b: PrecedentFeatures): number {
  const weight = (code: string): number => (a.criticalCodes.includes(code) || b.criticalCodes.includes(code) ? CRITICAL_WEIGHT : 1);
  const sa = new Set(a.findingCodes);
  const sb = new Set(b.findingCodes);
  if (sa.size === 0 && sb.size === 0) return 1;
  let inter = 0;
  let union = 0;
  for (const code of new Set([...sa, ...sb])) {
    const w = weight(code);
    union += w;
    if (sa.has(code) && sb.has(code)) inter += w;
  }
  return union === 0 ? 0 : inter / union;
}

export type Similarity = { score: number; why: PrecedentWhy[] };

/**
 * How alike a decided case is to the open one, 0..1, with the reasons; null when the kinds differ
 * (a precedent is always of the same kind). Scores are rounded to 3 decimals so they compare stably.
 */
export function similarity(open: PrecedentFeatures, decided: PrecedentFeatures): Similarity | null {
  if (open.kind !== decided.kind) return null;
  const why: PrecedentWhy[] = [];
  const findings = weightedJaccard(open, decided);
  if (findings >= 0.5 && (open.findingCodes.length > 0 || decided.findingCodes.length > 0)) why.push('same_findings');
  if (open.criticalCodes.some((c) => decided.criticalCodes.includes(c))) why.push('shared_critical');
  const bandGap = Math.abs(amountBand(open.amountFen) - amountBand(decided.amountFen));
  const amount = bandGap === 0 ? 1 : bandGap === 1 ? 0.5 : 0;
  if (bandGap === 0) why.push('same_amount_band');
  else if (bandGap === 1) why.push('near_amount_band');
  const sameParty = open.partyIds.some((p) => decided.partyIds.includes(p));
  const sameRing = open.addresses.some((a) => decided.addresses.includes(a));
  if (sameParty) why.push('same_party');
  if (sameRing) why.push('same_ring');
  const parties = sameParty || sameRing ? 1 : 0;
  const policy = open.policyVersion === decided.policyVersion ? 1 : 0;
  if (policy) why.push('same_policy');
  const w = PRECEDENT_WEIGHTS;
  const score = w.findings * findings + w.amount * amount + w.parties * parties + w.policy * policy;
  return { score: Math.round(score * 1000) / 1000, why };
}

/** The subject orders of a bundle; none for a review or session complaint (its orders are only context). */
function subjectOrders(bundle: CaseBundle): CaseBundle['orders'] {
  const ids = new Set(bundle.case.subject.orderIds);
  return bundle.orders.filter((o) => ids.has(o.id));
}

/** The parts of features a bundle gives (parties, addresses, amount); findings and policy come from the assessment. */
export function bundleFeatures(bundle: CaseBundle): Pick<PrecedentFeatures, 'kind' | 'amountFen' | 'partyIds' | 'addresses'> {
  const orders = subjectOrders(bundle);
  const parties = new Set<string>([bundle.case.complainantId, bundle.case.respondentId]);
  for (const o of orders) {
    parties.add(o.buyerId);
    parties.add(o.merchantId);
    if (o.affiliateId) parties.add(o.affiliateId);
  }
  return {
    kind: bundle.case.kind,
    amountFen: orders.reduce((sum, o) => sum + o.paidFen, 0),
    partyIds: [...parties],
    addresses: [...new Set(orders.map((o) => o.shippingAddress.normalised))],
  };
}

export type VerdictCount = { verdict: Verdict; count: number };

/** How many close precedents went each way, most first (ties in VERDICTS order). */
export function verdictDistribution(verdicts: readonly Verdict[]): VerdictCount[] {
  const counts = new Map<Verdict, number>();
  for (const v of verdicts) counts.set(v, (counts.get(v) ?? 0) + 1);
  const order: Verdict[] = ['upheld', 'partially_upheld', 'rejected'];
  return order
    .filter((v) => counts.has(v))
    .map((v) => ({ verdict: v, count: counts.get(v) ?? 0 }))
    .sort((a, b) => b.count - a.count);
}

export type PrecedentHint = { verdict: Verdict; count: number; total: number };

/**
 * The non-blocking hint before commit: the chosen verdict goes against at least HINT_SHARE of at
 * least HINT_MIN_CLOSE close precedents (one other verdict took that share). Null when it does not,
 * or when no verdict is chosen yet.
 */
export function precedentHint(distribution: readonly VerdictCount[], chosen: Verdict | null): PrecedentHint | null {
  if (chosen === null) return null;
  const total = distribution.reduce((s, d) => s + d.count, 0);
  if (total < HINT_MIN_CLOSE) return null;
  const top = distribution.find((d) => d.verdict !== chosen && d.count / total >= HINT_SHARE);
  return top ? { verdict: top.verdict, count: top.count, total } : null;
}
