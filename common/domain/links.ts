/**
 * Linked cases (docs/clusters.md): two cases link when their bundles share a key — a party of the
 * case, a tracking number, an address (the ring's normalised address), an affiliate or a media hash.
 * Pure: the server indexes these keys at import and answers from the index; the tests build bundles
 * by hand and check which cases link and why.
 */
import type { CaseBundle } from './bundle';

export const LINK_KEY_TYPES = ['party', 'tracking', 'address', 'affiliate', 'media'] as const;
export type LinkKeyType = (typeof LINK_KEY_TYPES)[number];

/**
 * One key of a case. `value` is what is compared (an id, a tracking number, a normalised address, a
 * hash); `label` is how it reads to a person (a party's name, the address as written, a short hash),
 * never an internal id.
 */
export type LinkKey = { type: LinkKeyType; value: string; label: string };

/**
 * Addresses are compared without spaces or punctuation and in lower case, so 「深圳市南山区科技园1号」
 * and 「深圳市 南山区，科技园1号」 are one ring.
 */
export function normaliseRingAddress(a: string): string {
  return a.replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();
}

/** The subject orders of a bundle: the orders the complaint is about. */
function subjectOrders(bundle: CaseBundle): CaseBundle['orders'] {
  const ids = new Set(bundle.case.subject.orderIds);
  return bundle.orders.filter((o) => ids.has(o.id));
}

/**
 * Every key of a case, each (type, value) once. Parties are the complainant and the respondent (not
 * every buyer of a history order: a shop's long history would link everything); affiliates are
 * those of the subject orders and an affiliate party of the case; tracking numbers are every trace
 * of the bundle; addresses are the subject orders' shipping addresses; media are every file's hash.
 */
export function linkKeys(bundle: CaseBundle): LinkKey[] {
  const out = new Map<string, LinkKey>();
  const add = (type: LinkKeyType, value: string, label: string): void => {
    if (value === '') return;
    const k = `${type}\u0000${value}`;
    if (!out.has(k)) out.set(k, { type, value, label });
  };
  const party = (id: string) => bundle.parties.find((p) => p.id === id);
  for (const id of [bundle.case.complainantId, bundle.case.respondentId]) {
    const p = party(id);
    if (p?.role === 'affiliate') add('affiliate', id, p.displayName);
    else add('party', id, p?.displayName ?? id);
  }
  const orders = subjectOrders(bundle);
  for (const o of orders) {
    if (o.affiliateId) add('affiliate', o.affiliateId, party(o.affiliateId)?.displayName ?? o.affiliateId);
    add('address', normaliseRingAddress(o.shippingAddress.normalised), o.shippingAddress.normalised);
  }
  for (const t of bundle.traces) add('tracking', t.trackingNumber, `${t.carrier} ${t.trackingNumber}`);
  for (const m of bundle.media) add('media', m.sha256, m.sha256.slice(0, 8));
  return [...out.values()];
}

/** Why two cases link: the keys they share, in LINK_KEY_TYPES order. Empty: they do not link. */
export function sharedKeys(a: readonly LinkKey[], b: readonly LinkKey[]): LinkKey[] {
  const inB = new Set(b.map((k) => `${k.type}\u0000${k.value}`));
  const order = (k: LinkKey) => LINK_KEY_TYPES.indexOf(k.type);
  return a.filter((k) => inB.has(`${k.type}\u0000${k.value}`)).sort((x, y) => order(x) - order(y) || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
}

export type CaseKeys = { caseId: string; keys: readonly LinkKey[] };
export type CaseLink = { caseId: string; why: LinkKey[] };

/** The cases `of` links to directly, each with why, in the order given; never itself. */
export function directLinks(of: CaseKeys, others: readonly CaseKeys[]): CaseLink[] {
  return others.flatMap((o) => {
    if (o.caseId === of.caseId) return [];
    const why = sharedKeys(of.keys, o.keys);
    return why.length > 0 ? [{ caseId: o.caseId, why }] : [];
  });
}

/**
 * Clusters: cases joined by any chain of shared keys (A shares an address with B, B a tracking
 * number with C: one cluster of three, whatever their kinds). Each cluster's ids in input order;
 * clusters ordered by their first case; a case that links to nothing is a cluster of one.
 */
export function clusters(cases: readonly CaseKeys[]): string[][] {
  const parent = cases.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const firstWithKey = new Map<string, number>();
  cases.forEach((c, i) => {
    for (const k of c.keys) {
      const key = `${k.type}\u0000${k.value}`;
      const j = firstWithKey.get(key);
      if (j === undefined) firstWithKey.set(key, i);
      else {
        const a = find(i);
        const b = find(j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const groups = new Map<number, string[]>();
  cases.forEach((c, i) => {
    const root = find(i);
    const g = groups.get(root) ?? [];
    g.push(c.caseId);
    groups.set(root, g);
  });
  return [...groups.values()];
}
