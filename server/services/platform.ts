import { sql, type Kysely } from 'kysely';
import { EVIDENCE_LISTS, type AddEvidenceRequest, type CaseStateResponse } from '@common/api';
import { parseCaseBundle, type CaseBundle, type CaseStatus, type ComplaintKind } from '@common/domain';
import { withdraw as withdrawRule } from '@common/rules';
import type { DB } from '../db/schema';
import { appendAudit } from './audit';
import { bundleHash, queueFor, stateOf, wireStatus, type CaseRow } from './cases';
import { assess, findingCodes, findingCount, maxSeverity, type StoredAssessment } from './engine';
import { ApiError } from './errors';
import { writeLinkKeys } from './linkKeys';
import type { PolicyRegistry } from './policies';

/** Lifecycle events the platform drives (withdraw, new evidence, appeal), each one transaction. */
export type PlatformContext = { db: Kysely<DB>; policies: PolicyRegistry; actorId: string };

async function lockByExternalId(trx: Kysely<DB>, externalId: string): Promise<CaseRow> {
  const c = await trx.selectFrom('cases').selectAll().where('external_id', '=', externalId).forUpdate().executeTakeFirst();
  if (!c) throw new ApiError(404, 'not_found', `no case with externalId ${externalId}`, 'externalId');
  return c;
}

const state = (c: CaseRow): CaseStateResponse => ({
  caseId: c.id,
  externalId: c.external_id,
  status: c.status,
  evidenceVersion: c.evidence_version,
  findings: findingCount(c.findings as StoredAssessment),
});

async function record(trx: Kysely<DB>, ctx: PlatformContext, before: CaseRow, after: CaseRow, type: string, action: string, payload: unknown, former: string | null = null): Promise<void> {
  await trx
    .insertInto('changes')
    .values({ case_id: after.id, type, holder_id: after.assignee_id, former_holder_id: former, payload: payload === null ? null : JSON.stringify(payload) })
    .execute();
  await appendAudit(trx, { actorId: ctx.actorId, action, caseId: after.id, before: stateOf(before), after: { ...stateOf(after), payload } });
}

/**
 * Withdrawal before a decision. Serious kinds (counterfeit, false advertising) keep the penalty
 * review alive: the case becomes withdrawn_penalty_retained and stays in the queue / with its holder.
 */
export async function withdraw(ctx: PlatformContext, externalId: string, reason: string): Promise<CaseStateResponse> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await lockByExternalId(trx, externalId);
    if (c.status === 'withdrawn' || c.status === 'withdrawn_penalty_retained') return state(c);
    const rule = withdrawRule(wireStatus(c) as CaseStatus, c.kind as ComplaintKind);
    if (!rule.ok) throw new ApiError(409, 'conflict', rule.reason);
    const status = rule.status;
    const serious = status === 'withdrawn_penalty_retained';
    const next = await trx
      .updateTable('cases')
      .set({ status, ...(serious ? {} : { leased: false }), version: sql<number>`version + 1`, updated_at: new Date() })
      .where('id', '=', c.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await record(trx, ctx, c, next, 'withdrawn', 'case.withdraw', { status, reason });
    return state(next);
  });
}

/** Appends evidence to the bundle, re-validates it, re-runs the rules and bumps the evidence version. */
export async function addEvidence(ctx: PlatformContext, externalId: string, add: AddEvidenceRequest): Promise<CaseStateResponse> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await lockByExternalId(trx, externalId);
    const merged: Record<string, unknown> = { ...(c.bundle as CaseBundle) };
    for (const k of EVIDENCE_LISTS) {
      const extra = add[k];
      if (extra && extra.length > 0) merged[k] = [...((merged[k] as unknown[] | undefined) ?? []), ...extra];
    }
    const parsed = parseCaseBundle(merged);
    if (!parsed.ok) {
      const first = parsed.issues[0];
      throw new ApiError(400, 'invalid_body', `evidence does not fit the bundle: ${first?.message ?? 'invalid'}`, first?.path);
    }
    const findings = assess(parsed.value, await ctx.policies.forCase(c), new Date());
    const reopened = c.status === 'awaiting_evidence';
    const next = await trx
      .updateTable('cases')
      .set({
        bundle: JSON.stringify(parsed.value),
        bundle_hash: bundleHash(parsed.value),
        findings: JSON.stringify(findings),
        max_severity: maxSeverity(findings),
        evidence_version: sql<number>`evidence_version + 1`,
        ...(reopened ? { status: 'queued', evidence_due_at: null } : {}),
        version: sql<number>`version + 1`,
        updated_at: new Date(),
      })
      .where('id', '=', c.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // New evidence may bring new keys (a tracking number, a photo another case has).
    await writeLinkKeys(trx, [{ caseId: c.id, bundle: parsed.value }]);
    await record(trx, ctx, c, next, 'evidence_added', 'case.add_evidence', {
      added: Object.fromEntries(EVIDENCE_LISTS.map((k) => [k, add[k]?.length ?? 0])),
      // The re-assessment, for the case's timeline.
      policyVersion: next.policy_version,
      codes: findingCodes(findings),
    });
    return state(next);
  });
}

/** An appeal reopens a decided case for a different arbitrator: the decider is excluded from claiming it. */
export async function appeal(ctx: PlatformContext, externalId: string, by: string, reason: string, filedAt: Date): Promise<CaseStateResponse> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await lockByExternalId(trx, externalId);
    if (c.status !== 'decided') throw new ApiError(409, 'conflict', `only decided cases can be appealed (case is ${c.status})`);
    // The appeal window is part of the rules the case was judged under.
    const { sla } = await ctx.policies.forCase(c);
    const windowMs = sla.appealWindowDays * 24 * 3600_000;
    if (c.decided_at && filedAt.getTime() - c.decided_at.getTime() > windowMs)
      throw new ApiError(409, 'conflict', `the appeal window of ${sla.appealWindowDays} days has passed`, 'filedAt');
    if (c.decided_by)
      await trx.insertInto('case_exclusions').values({ case_id: c.id, user_id: c.decided_by }).onConflict((oc) => oc.doNothing()).execute();
    const next = await trx
      .updateTable('cases')
      .set({ status: 'appealed', queue: queueFor(c.kind as ComplaintKind, 'appealed'), assignee_id: null, leased: false, offline: false, version: sql<number>`version + 1`, updated_at: new Date() })
      .where('id', '=', c.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await record(trx, ctx, c, next, 'appealed', 'case.appeal', { status: 'appealed', byId: by, reason, filedAt: filedAt.toISOString(), previousArbitratorId: c.decided_by }, c.assignee_id);
    return state(next);
  });
}
