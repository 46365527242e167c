import type { QaPlanMethod } from '@common/api';
import type { ComplaintKind, Verdict } from '@common/domain';

/**
 * The pure half of QA sampling: given the eligible decisions, a method and a seed, which decisions
 * are drawn. Reproducible by construction: every decision gets a rank from a keyed hash of
 * (seed, decision key), and a draw takes the lowest ranks (sample.ts does the same in SQL). The rank does not depend on where the
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

const rot = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/**
 * PostgreSQL's `hash_bytes_extended` (src/common/hashfn.c: Bob Jenkins' lookup3 with a 64-bit seed,
 * little-endian words), which `hashtextextended(text, seed)` applies to a text's UTF-8 bytes: the
 * low 48 bits of its 64-bit result. Computed over a million rows it costs PostgreSQL about a tenth
 * of what SHA-256 did (issue 20 §6); the QA tests hold this copy to the database's, bit for bit.
 */
export function hashBytesExtended48(k: Uint8Array, seed: number): number {
  let a = (0x9e3779b9 + k.length + 3923095) >>> 0;
  let b = a;
  let c = a;
  const mix = () => {
    a = ((a - c) ^ rot(c, 4)) >>> 0;
    c = (c + b) >>> 0;
    b = ((b - a) ^ rot(a, 6)) >>> 0;
    a = (a + c) >>> 0;
    c = ((c - b) ^ rot(b, 8)) >>> 0;
    b = (b + a) >>> 0;
    a = ((a - c) ^ rot(c, 16)) >>> 0;
    c = (c + b) >>> 0;
    b = ((b - a) ^ rot(a, 19)) >>> 0;
    a = (a + c) >>> 0;
    c = ((c - b) ^ rot(b, 4)) >>> 0;
    b = (b + a) >>> 0;
  };
  if (seed !== 0) {
    // The seed is a non-negative integer below 2^53: its high and low 32-bit halves.
    a = (a + Math.floor(seed / 4294967296)) >>> 0;
    b = (b + (seed >>> 0)) >>> 0;
    mix();
  }
  const word = (i: number) => (k[i]! | (k[i + 1]! << 8) | (k[i + 2]! << 16) | (k[i + 3]! << 24)) >>> 0;
  let i = 0;
  let len = k.length;
  for (; len >= 12; i += 12, len -= 12) {
    a = (a + word(i)) >>> 0;
    b = (b + word(i + 4)) >>> 0;
    c = (c + word(i + 8)) >>> 0;
    mix();
  }
  // The last 11 bytes; the lowest byte of c is left out, as PostgreSQL does.
  if (len >= 9) {
    if (len >= 11) c = (c + (k[i + 10]! << 24)) >>> 0;
    if (len >= 10) c = (c + (k[i + 9]! << 16)) >>> 0;
    c = (c + (k[i + 8]! << 8)) >>> 0;
  }
  if (len >= 8) b = (b + word(i + 4)) >>> 0;
  else if (len >= 5) {
    if (len >= 7) b = (b + (k[i + 6]! << 16)) >>> 0;
    if (len >= 6) b = (b + (k[i + 5]! << 8)) >>> 0;
    b = (b + k[i + 4]!) >>> 0;
  }
  if (len >= 4) a = (a + word(i)) >>> 0;
  else if (len >= 1) {
    if (len >= 3) a = (a + (k[i + 2]! << 16)) >>> 0;
    if (len >= 2) a = (a + (k[i + 1]! << 8)) >>> 0;
    a = (a + k[i]!) >>> 0;
  }
  c = ((c ^ b) - rot(b, 14)) >>> 0;
  a = ((a ^ c) - rot(c, 11)) >>> 0;
  b = ((b ^ a) - rot(a, 25)) >>> 0;
  c = ((c ^ b) - rot(b, 16)) >>> 0;
  a = ((a ^ c) - rot(c, 4)) >>> 0;
  b = ((b ^ a) - rot(a, 14)) >>> 0;
  c = ((c ^ b) - rot(b, 24)) >>> 0;
  return (b & 0xffff) * 4294967296 + c;
}

const utf8 = new TextEncoder();

/**
 * A decision's rank under a seed: 48 bits of a seeded hash of its key, uniform, independent per
 * seed, and exact in a double. `hashtextextended(key, seed) & (2^48 - 1)` in SQL (sample.ts).
 */
export function rankOf(seed: number, key: string): number {
  return hashBytesExtended48(utf8.encode(key), seed);
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
