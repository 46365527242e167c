/**
 * Policy over time: policies are immutable versions, each in force from its `effectiveFrom`. A case
 * is judged under the version in force at its filing (its governing version), so a rule published
 * later never reaches back to a complaint filed before it (docs/rules.md, *Policy versions*).
 */
import { isoMs } from '../rules/time';

export type Effective = { readonly version: string; readonly effectiveFrom: string };

/** Versions ordered by when they take effect (ties by version, so the order is total). */
export function byEffectiveFrom<T extends Effective>(versions: readonly T[]): T[] {
  return [...versions].sort((a, b) => isoMs(a.effectiveFrom) - isoMs(b.effectiveFrom) || (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
}

/**
 * The version in force at `at`: the one with the latest `effectiveFrom` at or before it (a version
 * is in force from its first instant). Before the earliest version the earliest governs: a registry
 * starts from a base version, and a case filed before it has no other rules to be judged by.
 * Undefined only for an empty list. `sorted` must come from byEffectiveFrom.
 */
export function versionInForce<T extends Effective>(sorted: readonly T[], at: number | string): T | undefined {
  const t = typeof at === 'number' ? at : isoMs(at);
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (isoMs(sorted[mid]!.effectiveFrom) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return sorted[found === -1 ? 0 : found];
}

/** A set of versions, looked up by name or by the instant a case was filed. */
export class PolicyVersions<T extends Effective> {
  private readonly sorted: readonly T[];
  private readonly byName: ReadonlyMap<string, T>;
  constructor(versions: readonly T[]) {
    this.sorted = byEffectiveFrom(versions);
    this.byName = new Map(versions.map((v) => [v.version, v]));
  }
  get size(): number {
    return this.sorted.length;
  }
  list(): readonly T[] {
    return this.sorted;
  }
  get(version: string): T | undefined {
    return this.byName.get(version);
  }
  /** The governing version of a case filed at `filedAt`. */
  governing(filedAt: number | string): T | undefined {
    return versionInForce(this.sorted, filedAt);
  }
}
