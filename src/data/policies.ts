/**
 * Which policy judges a case on this machine. Every case is judged under its governing version
 * (the one in force when it was filed), as the server delivered it through pull. The built-in
 * default is used only while no server has answered yet (a fresh install): once any version is
 * stored, a case whose version has not arrived is reported as such, never judged by the default.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_POLICY, PolicyVersions, type Policy } from '@common/policy';
import { appDb, type GavelDb } from './db';
import type { CaseRow, PolicyRow } from './rows';

export type PolicySource = { versions: PolicyVersions<PolicyRow> } | { builtIn: Policy };

/** The outcome for one case: its policy, or the version it needs that is not on this machine yet. */
export type Governing = { policy: Policy; builtIn: boolean } | { missing: string };

let cached: { db: object | null; rows: readonly PolicyRow[]; source: PolicySource } | null = null;

/**
 * The policy versions on this machine, or the built-in default on a fresh install. Undefined only
 * while a store's versions are read for the first time: `warmPolicies` reads them as the store
 * opens, and the versions last read from the same store stand in until the live query answers.
 * Otherwise a case opened from the queue would be shown locked for its first frames (no policy to
 * judge it by yet), and a verdict key pressed then would be dropped: the workstation bench did.
 */
export function usePolicySource(): PolicySource | undefined {
  const db = appDb();
  const rows = useLiveQuery(() => db.policies.toArray(), [db], cached?.db === db ? cached.rows : undefined);
  if (rows === undefined) return undefined;
  return sourceOf(rows, db);
}

/** Reads a store's policy versions into the cache usePolicySource starts from (src/data/stores.ts, at open). */
export async function warmPolicies(db: GavelDb): Promise<void> {
  sourceOf(await db.policies.toArray(), db);
}

export function sourceOf(rows: readonly PolicyRow[], db: object | null = null): PolicySource {
  // Versions are immutable: the same rows make the same set, kept so memoised assessments stay valid.
  if (cached && cached.db === db && cached.rows.length === rows.length && cached.rows.every((r, i) => r.version === rows[i]!.version)) return cached.source;
  const source: PolicySource = rows.length === 0 ? { builtIn: DEFAULT_POLICY } : { versions: new PolicyVersions(rows) };
  cached = { db, rows, source };
  return source;
}

/** The governing policy of a case: by the version it carries, else by its filing time. */
export function governingPolicy(source: PolicySource, c: Pick<CaseRow, 'filedAt'> & { policyVersion?: string | undefined }): Governing {
  if ('builtIn' in source) return { policy: source.builtIn, builtIn: true };
  const row = c.policyVersion !== undefined ? source.versions.get(c.policyVersion) : source.versions.governing(c.filedAt);
  return row ? { policy: row.policy, builtIn: false } : { missing: c.policyVersion ?? '?' };
}

/** The governing policy of a case, live (a new version arriving re-renders). Undefined while loading. */
export function useGoverningPolicy(c: (Pick<CaseRow, 'filedAt'> & { policyVersion?: string | undefined }) | null | undefined): Governing | undefined {
  const source = usePolicySource();
  if (!source || !c) return undefined;
  return governingPolicy(source, c);
}
