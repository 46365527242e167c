/**
 * The policy registry: immutable, effective-dated policy versions in the `policies` table, and the
 * in-memory copy every request reads. A case is judged under the version in force at its filing
 * (its governing version, kept in `cases.policy_version`); operational settings (lease lengths, the
 * offline cap) come from the version in force now.
 *
 * Several server instances share one database, and a version published on one must be known to the
 * others before it can govern anything. Publication refuses an `effectiveFrom` that is not in the
 * future (by the database's clock), so a version that an instance has not loaded yet cannot govern
 * a case filed before that instance's last load; a case filed after it makes the instance check
 * for new versions first (`forFiling`). A version looked up by name and not known is loaded too.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { PolicyCatalogue, PolicyListResponse, PolicyPublication, PolicyVersionView } from '@common/api';
import { COMPLAINT_KINDS, REMEDY_LABELS, type ComplaintKind } from '@common/domain';
import { PolicySchema, PolicyVersions, type Policy } from '@common/policy';
import type { DB } from '../db/schema';
import { appendAudit } from './audit';
import { ApiError } from './errors';

export type PolicyRecord = {
  seq: number;
  version: string;
  effectiveFrom: string;
  publishedAt: string;
  publishedBy: string | null;
  policy: Policy;
};

/** A version filed this long before an instance's last load may be judged from memory (see forFiling). */
const SETTLE_MS = 5_000;

export class PolicyRegistry {
  private versions = new PolicyVersions<PolicyRecord>([]);
  /** Database time of the last load. */
  private loadedAt = -Infinity;
  private maxSeq = 0;
  private loading: Promise<void> | null = null;
  private pulledText = new Map<number, string>();

  constructor(private readonly db: Kysely<DB>) {}

  /** Reads every version. Concurrent callers share one read. */
  async load(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const now = (await sql<{ now: Date }>`select now() as now`.execute(this.db)).rows[0]!.now.getTime();
        const rows = await this.db.selectFrom('policies').selectAll().orderBy('seq').execute();
        const records = rows.map((r) => ({
          seq: Number(r.seq),
          version: r.version,
          effectiveFrom: (r.document as Policy).effectiveFrom,
          publishedAt: r.published_at.toISOString(),
          publishedBy: r.published_by,
          // Stored documents were validated when published; parsing again restores defaults and
          // refuses a row edited by hand rather than judging cases by it.
          policy: PolicySchema.parse(r.document),
        }));
        this.versions = new PolicyVersions(records);
        this.maxSeq = records.reduce((m, r) => Math.max(m, r.seq), 0);
        this.pulledText.clear();
        this.loadedAt = now;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /** Reloads only when some instance has published since the last load (one small query otherwise). */
  async refresh(): Promise<void> {
    const row = (await sql<{ seq: string | null; now: Date }>`select max(seq)::text as seq, now() as now from policies`.execute(this.db)).rows[0];
    if (Number(row?.seq ?? 0) !== this.maxSeq) await this.load();
    else if (row) this.loadedAt = Math.max(this.loadedAt, row.now.getTime());
  }

  /**
   * A fresh install starts from the built-in policy as its base version; cases imported before this
   * registry existed get their governing version. Safe to run on every start, on every instance.
   */
  async ensureSeeded(seed: Policy): Promise<void> {
    // Only into an empty registry: afterwards the registry is what admins published, whatever the
    // seed a later start is given. Two instances starting at once insert the same row; one wins.
    await sql`insert into policies (version, effective_from, document, published_by)
      select ${seed.version}, ${seed.effectiveFrom}::timestamptz, ${JSON.stringify(seed)}::jsonb, null
      where not exists (select 1 from policies)
      on conflict do nothing`.execute(this.db);
    await sql`update cases c set policy_version = coalesce(
        (select p.version from policies p where p.effective_from <= c.filed_at order by p.effective_from desc limit 1),
        (select p.version from policies p order by p.effective_from limit 1))
      where c.policy_version is null`.execute(this.db);
    await this.load();
  }

  list(): readonly PolicyRecord[] {
    return this.versions.list();
  }

  /** The version in force now: lease lengths, the offline cap, the appeal sweep. */
  current(): Policy {
    const r = this.versions.governing(Date.now());
    if (!r) throw new Error('the policy registry is empty: ensureSeeded was not called');
    return r.policy;
  }

  /** The governing version of a case filed at `filedAt`, from the registry as last loaded. */
  governing(filedAt: Date | string | number): PolicyRecord {
    const r = this.versions.governing(typeof filedAt === 'number' ? filedAt : new Date(filedAt).getTime());
    if (!r) throw new Error('the policy registry is empty: ensureSeeded was not called');
    return r;
  }

  /** The governing version of a case filed at `filedAt`, checking for new versions when the filing is recent. */
  async forFiling(filedAt: Date | string | number): Promise<PolicyRecord> {
    const t = typeof filedAt === 'number' ? filedAt : new Date(filedAt).getTime();
    if (t > this.loadedAt - SETTLE_MS) await this.refresh();
    const r = this.versions.governing(t);
    if (!r) throw new Error('the policy registry is empty: ensureSeeded was not called');
    return r;
  }

  /** A version by name, loading the registry again if this instance has not seen it. */
  async byVersion(version: string): Promise<PolicyRecord | undefined> {
    const hit = this.versions.get(version);
    if (hit) return hit;
    await this.load();
    return this.versions.get(version);
  }

  /** The policy a case row is judged by: its governing version. */
  async forCase(c: { policy_version: string | null; filed_at: Date }): Promise<Policy> {
    if (c.policy_version !== null) {
      const r = await this.byVersion(c.policy_version);
      if (r) return r.policy;
    }
    return (await this.forFiling(c.filed_at)).policy;
  }

  /** Pull's `policies` member as JSON text, or null when the client is up to date. */
  pullPart(since: number | undefined): string | null {
    const from = since ?? 0;
    if (from >= this.maxSeq) return null;
    let text = this.pulledText.get(from);
    if (text === undefined) {
      const versions = this.versions
        .list()
        .filter((r) => r.seq > from)
        .sort((a, b) => a.seq - b.seq)
        .map((r) => ({ seq: r.seq, version: r.version, effectiveFrom: r.effectiveFrom, publishedAt: r.publishedAt, policy: r.policy }));
      text = JSON.stringify({ seq: this.maxSeq, versions });
      this.pulledText.set(from, text);
    }
    return text;
  }

  listView(): PolicyListResponse {
    return { versions: this.versions.list().map(publication), inForce: this.versions.governing(Date.now())?.version ?? null };
  }

  async view(version: string): Promise<PolicyVersionView> {
    const r = await this.byVersion(version);
    if (!r) throw new ApiError(404, 'not_found', `no policy version ${version}`, 'version');
    return { ...publication(r), policy: r.policy, catalogue: catalogueOf(r.policy) };
  }

  /**
   * Publishes a version, audited. Immutable: the same document again answers the stored version;
   * another document under a known name, or a second version taking effect at the same instant, is
   * a conflict. The effective instant must be in the future by the database's clock.
   */
  async publish(policy: Policy, by: string): Promise<PolicyVersionView> {
    const existing = await this.byVersion(policy.version);
    if (existing) {
      if (sameDocument(existing.policy, policy)) return this.view(policy.version);
      throw new ApiError(409, 'conflict', `policy version ${policy.version} is already published with other content; versions are immutable, publish a new version`, 'version');
    }
    const inserted = await this.db.transaction().execute(async (trx) => {
      const row = (
        await sql<{ seq: string }>`insert into policies (version, effective_from, document, published_by)
          select ${policy.version}, ${policy.effectiveFrom}::timestamptz, ${JSON.stringify(policy)}::jsonb, ${by}
          where ${policy.effectiveFrom}::timestamptz > clock_timestamp()
          on conflict do nothing
          returning seq::text as seq`.execute(trx)
      ).rows[0];
      if (!row) return null;
      await appendAudit(trx, {
        actorId: by,
        action: 'policy.publish',
        caseId: null,
        before: null,
        after: { version: policy.version, effectiveFrom: policy.effectiveFrom, seq: Number(row.seq), sha256: createHash('sha256').update(JSON.stringify(policy)).digest('hex') },
      });
      return row;
    });
    if (!inserted) {
      const clash = await this.db.selectFrom('policies').select(['version', 'effective_from']).where((eb) => eb.or([eb('version', '=', policy.version), eb('effective_from', '=', new Date(policy.effectiveFrom))])).executeTakeFirst();
      if (clash?.version === policy.version) {
        await this.load();
        return this.publish(policy, by);
      }
      if (clash) throw new ApiError(409, 'conflict', `policy version ${clash.version} already takes effect at ${policy.effectiveFrom}; choose another instant`, 'effectiveFrom');
      throw new ApiError(400, 'invalid_body', `effectiveFrom ${policy.effectiveFrom} is not in the future: a version only governs cases filed after it is published`, 'effectiveFrom');
    }
    await this.load();
    return this.view(policy.version);
  }
}

function publication(r: PolicyRecord): PolicyPublication {
  return { version: r.version, effectiveFrom: r.effectiveFrom, description: r.policy.description, publishedAt: r.publishedAt, publishedBy: r.publishedBy, seq: r.seq };
}

/** Reason codes and remedies per kind, with their labels: what a platform shows when it relays a decision. */
export function catalogueOf(p: Policy): PolicyCatalogue {
  return Object.fromEntries(
    COMPLAINT_KINDS.map((k: ComplaintKind) => [k, { reasonCodes: p.reasonCodes[k], remedies: p.remediesByKind[k].map((code) => ({ code, ...REMEDY_LABELS[code] })) }]),
  ) as PolicyCatalogue;
}

const canonical = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(canonical) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;
function sameDocument(a: Policy, b: Policy): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
