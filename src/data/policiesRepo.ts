/**
 * Policy versions on this machine: what pull delivered, stored in the page's transaction. The
 * renderer judges each case under its governing version from here; the built-in default only
 * stands in on a fresh install, before any server has answered (src/data/policies.ts).
 */
import type { PullResponse } from '@common/api';
import { relayCalls } from './bridge';
import type { GavelDb } from './db';
import type { PolicyRow } from './rows';

export const POLICY_SEQ_KEY = 'policies.seq';

/** Stores the versions a pull page carried and the sequence to send next time. Call inside the page's transaction. */
export async function storePulledPolicies(db: GavelDb, part: PullResponse['policies']): Promise<void> {
  if (!part) return;
  const rows: PolicyRow[] = part.versions.map((v) => ({ version: v.version, seq: v.seq, effectiveFrom: v.effectiveFrom, publishedAt: v.publishedAt, policy: v.policy }));
  await Promise.all([rows.length ? db.policies.bulkPut(rows) : undefined, db.meta.put({ key: POLICY_SEQ_KEY, value: part.seq })]);
}

/** The highest policy sequence stored here (pull's `policySeq`), or undefined on a fresh store. */
export async function getPolicySeq(db: GavelDb): Promise<number | undefined> {
  const row = await db.meta.get(POLICY_SEQ_KEY);
  return typeof row?.value === 'number' ? row.value : undefined;
}

export async function loadPolicies(db: GavelDb): Promise<PolicyRow[]> {
  return db.policies.toArray();
}

/** The policy calls that relay to the backend (publication; admins only, the server checks). */
export const policyBackend = relayCalls('policy');
