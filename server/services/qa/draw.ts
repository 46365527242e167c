import { createHash } from 'node:crypto';
import type { QaPlanMethod } from '@common/api';
import type { ComplaintKind, Verdict } from '@common/domain';

/**
 * The pure half of QA sampling: given the eligible decisions, a method and a seed, which decisions
 * are drawn. Reproducible by construction: every decision gets a rank from a keyed hash of
 * (seed, decision key), and a draw takes the lowest ranks. The rank does not depend on where the
 * decision sits in the input, so the same plan, seed and decisions give the same draw whatever
 * order the database returned the rows in; a different seed gives an independent ordering.
 */
export type Candidate = {
  /** Stable identity of one decision: `<caseId>:<mutationId>`. */
  key: string;
  caseId: string;
  externalId: string;
  kind: ComplaintKind;
  arbitratorId: string;
  verdict: Verdict;
  decidedAt: string;
};

export type DrawnStratum = { key: string; population: number; allocated: number };
export type Draw = { strata: DrawnStratum[]; items: Array<Candidate & { stratum: string }> };

/** 48 bits of SHA-256 over (seed, key): uniform, independent per seed, and exact in a double. */
export function rankOf(seed: number, key: string): number {
  return parseInt(createHash('sha256').update(`${seed}\u0000${key}`).digest('hex').slice(0, 12), 16);
}

function byRank(seed: number, xs: Candidate[]): Candidate[] {
  const ranked = xs.map((c) => ({ c, r: rankOf(seed, c.key) }));
  ranked.sort((a, b) => a.r - b.r || (a.c.key < b.c.key ? -1 : a.c.key > b.c.key ? 1 : 0));
  return ranked.map((x) => x.c);
}

const STRATUM_OF = {
  arbitrator: (c: Candidate) => c.arbitratorId,
  kind: (c: Candidate) => c.kind,
  verdict: (c: Candidate) => c.verdict,
} as const;

/**
 * How many to take from each stratum. Proportional uses the largest-remainder method (Hamilton),
 * equal splits evenly; both hand leftover places to the strata in seeded order and never allocate
 * more than a stratum holds (what a full stratum cannot take goes to the others). Explicit counts
 * are capped at the stratum's size. The total is min(size, population) for the first two.
 */
export function allocate(sizes: Map<string, number>, size: number, allocation: { type: 'proportional' } | { type: 'equal' } | { type: 'explicit'; counts: Record<string, number> }, seed: number): Map<string, number> {
  const keys = [...sizes.keys()].sort();
  const out = new Map<string, number>(keys.map((k) => [k, 0]));
  if (allocation.type === 'explicit') {
    for (const k of keys) out.set(k, Math.min(sizes.get(k)!, allocation.counts[k] ?? 0));
    return out;
  }
  const total = keys.reduce((s, k) => s + sizes.get(k)!, 0);
  const target = Math.min(size, total);
  if (target === 0) return out;
  // Seeded order for ties and leftovers, so no stratum is always first.
  const order = [...keys].sort((a, b) => rankOf(seed, `stratum:${a}`) - rankOf(seed, `stratum:${b}`));
  if (allocation.type === 'proportional') {
    const quotas = keys.map((k) => ({ k, q: (target * sizes.get(k)!) / total }));
    for (const { k, q } of quotas) out.set(k, Math.floor(q));
    let left = target - quotas.reduce((s, x) => s + Math.floor(x.q), 0);
    const rema = [...quotas].sort((a, b) => b.q - Math.floor(b.q) - (a.q - Math.floor(a.q)) || order.indexOf(a.k) - order.indexOf(b.k));
    for (const { k } of rema) {
      if (left === 0) break;
      if (out.get(k)! < sizes.get(k)!) {
        out.set(k, out.get(k)! + 1);
        left--;
      }
    }
    return out;
  }
  // Equal: round-robin in seeded order over the strata that still have room.
  let left = target;
  while (left > 0) {
    let moved = false;
    for (const k of order) {
      if (left === 0) break;
      if (out.get(k)! < sizes.get(k)!) {
        out.set(k, out.get(k)! + 1);
        left--;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return out;
}

/** Draws a sample from candidates already filtered to the plan's population and target. */
export function draw(candidates: Candidate[], method: QaPlanMethod, seed: number): Draw {
  if (method.type !== 'stratified') {
    const items = byRank(seed, candidates).slice(0, method.size);
    const key = method.type === 'random' ? 'all' : method.target;
    return { strata: [{ key, population: candidates.length, allocated: items.length }], items: items.map((c) => ({ ...c, stratum: key })) };
  }
  const of = STRATUM_OF[method.by];
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const k = of(c);
    const g = groups.get(k);
    if (g) g.push(c);
    else groups.set(k, [c]);
  }
  // Explicitly named strata with no decisions still show (population 0), so a typo is visible.
  if (method.allocation.type === 'explicit') for (const k of Object.keys(method.allocation.counts)) if (!groups.has(k)) groups.set(k, []);
  const alloc = allocate(new Map([...groups].map(([k, v]) => [k, v.length])), method.size ?? 0, method.allocation, seed);
  const items: Array<Candidate & { stratum: string }> = [];
  const strata: DrawnStratum[] = [];
  for (const k of [...groups.keys()].sort()) {
    const n = alloc.get(k) ?? 0;
    strata.push({ key: k, population: groups.get(k)!.length, allocated: n });
    for (const c of byRank(seed, groups.get(k)!).slice(0, n)) items.push({ ...c, stratum: k });
  }
  // Interleave strata in rank order so "the first items" of a preview are not all one stratum.
  const rank = new Map(items.map((i) => [i.key, rankOf(seed, i.key)]));
  items.sort((a, b) => rank.get(a.key)! - rank.get(b.key)! || (a.key < b.key ? -1 : 1));
  return { strata, items };
}
