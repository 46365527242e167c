/**
 * Reads for the policy what-if (src/features/policy): every stored bundle once, in primary-key
 * pages, so 100k cases pass through a worker without being held at once; then the few decided
 * ones it selects, by id. Read-only.
 */
import type { GavelDb } from './db';
import type { BundleRow } from './rows';

export function countBundles(db: GavelDb): Promise<number> {
  return db.bundles.count();
}

/** The next `limit` bundles after case id `after` (from the first when null), in key order. */
export function bundlePage(db: GavelDb, after: string | null, limit: number): Promise<BundleRow[]> {
  return (after === null ? db.bundles.orderBy(':id') : db.bundles.where(':id').above(after)).limit(limit).toArray();
}

export async function bundlesByIds(db: GavelDb, ids: readonly string[]): Promise<BundleRow[]> {
  return (await db.bundles.bulkGet([...ids])).filter((r): r is BundleRow => r !== undefined);
}
