/**
 * Which policy judges a case on this machine. Every case is judged under its governing version
 * (the one in force when it was filed), as the server delivered it through pull. The built-in
 * default is used only while no server has answered yet (a fresh install): once any version is
 * stored, a case whose version has not arrived is reported as such, never judged by the default.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_POLICY, PolicyVersions, type Policy } from '@common/policy';
import { appDb } from './db';
import type { CaseRow, PolicyRow } from './rows';

export type PolicySource = { versions: PolicyVersions<PolicyRow> } | { builtIn: Policy };

/** The outcome for one case: its policy, or the version it needs that is not on this machine yet. */
export type Governing = { policy: Policy; builtIn: boolean } | { missing: string };

let cached: { rows: readonly PolicyRow[]; set: PolicyVersions<PolicyRow>; db: object | null } | null = null;

/**
 * The policy versions on this machine, or the built-in default on a fresh install. Undefined while
 * loading, which happens once per store: the versions last read from this same store stand in
 * until the live query answers, so a case opened from the queue is judged at its first paint rather
 * than shown with the stored assessment for a frame or two (the bench walked past cases that way).
 */
export function usePolicySource(): PolicySource | undefined {
  const db = appDb();
  const rows = useLiveQuery(() => db.policies.toArray(), [db], cached?.db === db ? cached.rows : undefined);
  if (rows === undefined) return undefined;
  return sourceOf(rows, db);
}

export function sourceOf(rows: readonly PolicyRow[], db: object | null = null): PolicySource {
  if (rows.length === 0) return { builtIn: DEFAULT_POLICY };
  // Versions are immutable: the same rows make the same set, kept so memoised assessments stay valid.
  if (!cached || cached.db !== db || cached.rows.length !== rows.length || cached.rows.some((r, i) => r.version !== rows[i]!.version)) cached = { rows, set: new PolicyVersions(rows), db };
  return { versions: cached.set };
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
