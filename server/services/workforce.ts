/**
 * The supervisor's workforce view: who holds what (live leases, online and offline, with time left),
 * decisions today per person, open cases whose SLA is at risk or overdue by queue and kind, lapsed
 * leases, and cases waiting on evidence past (or near) their deadline. Every figure is one SQL
 * aggregate or one bounded list, so the answer's cost does not grow with the number of cases held in
 * memory. Plus the two supervisor actions on holdings, release and reassign, each audited per case.
 * docs/workforce.md describes each figure.
 *
 * QA golden cases are left out of every figure and refused by both actions: they are instruments
 * inserted for one arbitrator, not work, and they lapse on their own.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { WorkforceActionResponse, WorkforceQuerySchema, WorkforceReassignRequestSchema, WorkforceReleaseRequestSchema, WorkforceView } from '@common/api';
import { routingReasonText as reasonText, type ComplaintKind } from '@common/domain';
import type { Policy } from '@common/policy';
import { CLAIMABLE_STATUSES } from '../db/migrations';
import type { DB } from '../db/schema';
import { auditWriter } from './audit';
import { OPEN_STATUSES } from './cases';
import { leaseExpiry } from './claims';
import { ApiError } from './errors';
import { routingRefusals } from './routing';

/**
 * "Today" is the calendar day of the business calendar (common/policy/businessDays.ts): China
 * Standard Time, UTC+8 all year, whatever zone the server's host runs in.
 */
export const WORKFORCE_TIME_ZONE = 'Asia/Shanghai';
const ZONE_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** Live leases listed per person (the counts are exact beyond it). */
export const HOLDINGS_LIMIT = 200;
/** Rows listed in the lapsed and evidence panels (their totals are exact beyond it). */
const PANEL_LIMIT = 100;

/** Local midnight (WORKFORCE_TIME_ZONE) of the day `now` falls on. */
export function dayStart(now: Date): Date {
  return new Date(Math.floor((now.getTime() + ZONE_OFFSET_MS) / DAY_MS) * DAY_MS - ZONE_OFFSET_MS);
}

const lit = (xs: Iterable<string>) => sql.join([...xs].map((s) => sql.lit(s)));
const notGolden = (alias: string) => sql`not exists (select 1 from qa_golden_cases g where g.case_id = ${sql.ref(`${alias}.id`)})`;
const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

type Query = z.output<typeof WorkforceQuerySchema>;

export async function workforceView(db: Kysely<DB>, q: Query, now = new Date()): Promise<WorkforceView> {
  const start = dayStart(now);
  const horizon = new Date(now.getTime() + q.withinHours * 3_600_000);

  const members = (
    await sql<{ id: string; display_name: string; role: 'arbitrator' | 'supervisor'; online: string; offline: string; soonest: Date | null; decided: string }>`
      with held as (
        select c.assignee_id, count(*) filter (where not c.offline) as online, count(*) filter (where c.offline) as offline, min(c.lease_expires_at) as soonest
        from cases c
        where c.leased = true and c.lease_expires_at >= ${now} and c.assignee_id is not null and ${notGolden('c')}
        group by c.assignee_id
      ), done as (
        select ch.holder_id, count(*) as n from changes ch
        where ch.type = 'decided' and ch.at >= ${start} and ch.holder_id is not null
        group by ch.holder_id
      )
      select u.id, u.display_name, u.role, coalesce(h.online, 0) as online, coalesce(h.offline, 0) as offline, h.soonest, coalesce(d.n, 0) as decided
      from users u
      left join held h on h.assignee_id = u.id
      left join done d on d.holder_id = u.id
      where u.role = 'arbitrator' and u.disabled = false
        or u.role = 'supervisor' and (h.assignee_id is not null or d.holder_id is not null)
      order by u.role, u.display_name, u.id`.execute(db)
  ).rows;

  const holdings = (
    await sql<{ id: string; external_id: string; kind: ComplaintKind; queue: string; status: string; offline: boolean; lease_expires_at: Date | null; due_at: Date; assignee_id: string }>`
      select id, external_id, kind, queue, status, offline, lease_expires_at, due_at, assignee_id from (
        select c.id, c.external_id, c.kind, c.queue, c.status, c.offline, c.lease_expires_at, c.due_at, c.assignee_id,
          row_number() over (partition by c.assignee_id order by c.lease_expires_at, c.id) as rn
        from cases c
        where c.leased = true and c.lease_expires_at >= ${now} and c.assignee_id is not null and ${notGolden('c')}
      ) x where rn <= ${HOLDINGS_LIMIT}
      order by assignee_id, lease_expires_at, id`.execute(db)
  ).rows;
  const byHolder = new Map<string, WorkforceView['members'][number]['holdings']>();
  for (const h of holdings) {
    const list = byHolder.get(h.assignee_id) ?? [];
    list.push({ caseId: h.id, externalId: h.external_id, kind: h.kind, queue: h.queue as never, status: h.status, offline: h.offline, leaseExpiresAt: iso(h.lease_expires_at), dueAt: iso(h.due_at)! });
    byHolder.set(h.assignee_id, list);
  }

  const sla = (
    await sql<{ queue: string; kind: ComplaintKind; at_risk: string; overdue: string }>`
      select c.queue, c.kind, count(*) filter (where c.due_at >= ${now}) as at_risk, count(*) filter (where c.due_at < ${now}) as overdue
      from cases c
      where c.status in (${lit(OPEN_STATUSES)}) and c.due_at < ${horizon} and ${notGolden('c')}
      group by c.queue, c.kind
      order by c.queue, c.kind`.execute(db)
  ).rows;

  // A holder without a live lease: the lease ran out (swept or not yet), or the evidence wait ended
  // and the case went back to the queue under their name; nobody has claimed it since.
  const lapsed = (
    await sql<{ id: string; external_id: string; kind: ComplaintKind; queue: string; assignee_id: string; display_name: string; lease_expires_at: Date | null; due_at: Date; total: string }>`
      select c.id, c.external_id, c.kind, c.queue, c.assignee_id, u.display_name, c.lease_expires_at, c.due_at, count(*) over () as total
      from cases c join users u on u.id = c.assignee_id
      where c.assignee_id is not null and c.status in (${lit(CLAIMABLE_STATUSES)})
        and (c.leased = false or c.lease_expires_at < ${now}) and ${notGolden('c')}
      order by c.lease_expires_at nulls first, c.id
      limit ${PANEL_LIMIT}`.execute(db)
  ).rows;

  const evidence = (
    await sql<{ id: string; external_id: string; kind: ComplaintKind; queue: string; assignee_id: string | null; display_name: string | null; evidence_due_at: Date; overdue: string; due_soon: string }>`
      select c.id, c.external_id, c.kind, c.queue, c.assignee_id, u.display_name, c.evidence_due_at,
        count(*) filter (where c.evidence_due_at < ${now}) over () as overdue,
        count(*) filter (where c.evidence_due_at >= ${now}) over () as due_soon
      from cases c left join users u on u.id = c.assignee_id
      where c.status = 'awaiting_evidence' and c.evidence_due_at < ${horizon} and ${notGolden('c')}
      order by c.evidence_due_at, c.id
      limit ${PANEL_LIMIT}`.execute(db)
  ).rows;

  return {
    at: now.toISOString(),
    timeZone: WORKFORCE_TIME_ZONE,
    dayStartsAt: start.toISOString(),
    withinHours: q.withinHours,
    holdingsLimit: HOLDINGS_LIMIT,
    members: members.map((m) => ({
      userId: m.id,
      displayName: m.display_name,
      role: m.role,
      online: Number(m.online),
      offline: Number(m.offline),
      soonestLeaseExpiresAt: iso(m.soonest),
      decidedToday: Number(m.decided),
      holdings: byHolder.get(m.id) ?? [],
    })),
    sla: sla.map((r) => ({ queue: r.queue as never, kind: r.kind, atRisk: Number(r.at_risk), overdue: Number(r.overdue) })),
    lapsed: {
      total: Number(lapsed[0]?.total ?? 0),
      cases: lapsed.map((r) => ({ caseId: r.id, externalId: r.external_id, kind: r.kind, queue: r.queue as never, holderId: r.assignee_id, holderName: r.display_name, leaseExpiredAt: iso(r.lease_expires_at), dueAt: iso(r.due_at)! })),
    },
    evidence: {
      overdue: Number(evidence[0]?.overdue ?? 0),
      dueSoon: Number(evidence[0]?.due_soon ?? 0),
      cases: evidence.map((r) => ({
        caseId: r.id,
        externalId: r.external_id,
        kind: r.kind,
        queue: r.queue as never,
        holderId: r.assignee_id,
        holderName: r.display_name,
        evidenceDueAt: iso(r.evidence_due_at)!,
        overdue: new Date(r.evidence_due_at).getTime() < now.getTime(),
      })),
    },
  };
}

type Target = { id: string; external_id: string; assignee_id: string | null; display_name: string | null; status: string; golden: boolean; excluded: boolean };

/** The named cases as they stand, with whether each is golden and (for a reassignment) closed to the target. */
async function targets(db: Kysely<DB>, ids: string[], toUserId: string | null): Promise<Map<string, Target>> {
  const rows = (
    await sql<Target>`
      select c.id, c.external_id, c.assignee_id, u.display_name, c.status,
        exists (select 1 from qa_golden_cases g where g.case_id = c.id) as golden,
        ${toUserId === null ? sql`false` : sql`exists (select 1 from case_exclusions e where e.case_id = c.id and e.user_id = ${toUserId})`} as excluded
      from cases c left join users u on u.id = c.assignee_id
      where c.id in (${sql.join(ids)})`.execute(db)
  ).rows;
  return new Map(rows.map((r) => [r.id, r]));
}

function outcomeOf(t: Target | undefined): WorkforceActionResponse['results'][number]['outcome'] | null {
  if (!t) return 'not_found';
  if (t.golden) return 'golden';
  if (!t.assignee_id || !OPEN_STATUSES.has(t.status)) return 'not_held';
  return null;
}

/**
 * Hands the named cases back to the queue, whoever holds them. The former holder's pull revokes
 * the case (a `released` change names them), their heartbeat loses it, and a decision they push for
 * it afterwards is refused as `not_holder`, which their app keeps as a lost-lease conflict.
 */
export async function supervisorRelease(db: Kysely<DB>, actor: { id: string }, body: z.output<typeof WorkforceReleaseRequestSchema>): Promise<WorkforceActionResponse> {
  const ids = [...new Set(body.caseIds)];
  const before = await targets(db, ids, null);
  const eligible = ids.filter((id) => outcomeOf(before.get(id)) === null);
  const done = new Map<string, string>();
  if (eligible.length > 0) {
    // Guarded by the holder read above: a case that changed hands in between is left alone.
    const rows = (
      await sql<{ id: string; prev: string }>`
        with tgt as (
          select c.id, c.assignee_id as prev, c.lease_epoch from cases c
          where c.id in (${sql.join(eligible)}) and c.assignee_id is not null and c.status in (${lit(OPEN_STATUSES)})
          for update
        ), upd as (
          update cases c set assignee_id = null, leased = false, offline = false, version = c.version + 1, updated_at = now()
          from tgt where c.id = tgt.id
          returning c.id, c.status, tgt.prev, tgt.lease_epoch
        ), ch as (
          insert into changes (case_id, type, holder_id, former_holder_id) select id, 'released', null, prev from upd
        ), au as (
          insert into audit_log (actor_id, action, case_id, before, after, writer)
          select ${actor.id}, 'workforce.release', id, jsonb_build_object('assigneeId', prev, 'leaseEpoch', lease_epoch),
            jsonb_build_object('assigneeId', null, 'status', status, 'leased', false), ${auditWriter()}
          from upd
        )
        select id, prev from upd`.execute(db)
    ).rows;
    for (const r of rows) done.set(r.id, r.prev);
  }
  return { results: ids.map((id) => result(id, before.get(id), done)) };
}

/**
 * Moves the named cases to another arbitrator under a fresh online lease (a new lease epoch), as if
 * they had claimed them. The former holder's pull revokes the case, and a decision they push for it
 * afterwards is a `claimed_by_other` conflict (the epoch moved on), never applied over the new holder.
 * A case waiting on evidence keeps waiting, under the new holder's name.
 */
export async function supervisorReassign(db: Kysely<DB>, policy: Policy, actor: { id: string }, body: z.output<typeof WorkforceReassignRequestSchema>): Promise<WorkforceActionResponse> {
  const target = await db.selectFrom('users').select(['id', 'role', 'disabled', 'display_name']).where('id', '=', body.toUserId).executeTakeFirst();
  if (!target) throw new ApiError(400, 'invalid_body', 'body field toUserId: no such user', 'toUserId');
  if (target.role !== 'arbitrator') throw new ApiError(400, 'invalid_body', `body field toUserId: ${target.display_name} is not an arbitrator`, 'toUserId');
  if (target.disabled) throw new ApiError(400, 'invalid_body', `body field toUserId: ${target.display_name}'s account is disabled`, 'toUserId');
  const ids = [...new Set(body.caseIds)];
  const before = await targets(db, ids, target.id);
  const own = ids.filter((id) => before.get(id)?.assignee_id === target.id);
  if (own.length > 0)
    throw new ApiError(400, 'invalid_body', `body field toUserId: ${target.display_name} already holds ${own.map((id) => before.get(id)!.external_id).join(', ')}; choose someone else, or leave those cases out`, 'toUserId');
  // Routing holds for a supervisor's hand too: nobody is given a case outside their skills.
  const refused = await routingRefusals(db, target.id, ids.filter((id) => outcomeOf(before.get(id)) === null));
  if (refused.size > 0)
    throw new ApiError(
      400,
      'invalid_body',
      `body field toUserId: ${target.display_name} may not be given ${[...refused.values()].map((r) => `${r.externalId} (${r.reasons.map(reasonText).join('; ')})`).join(', ')}; choose someone with the skills, or leave those cases out`,
      'toUserId',
    );
  const eligible = ids.filter((id) => outcomeOf(before.get(id)) === null && !before.get(id)!.excluded);
  const done = new Map<string, string>();
  if (eligible.length > 0) {
    const expires = leaseExpiry(policy, false);
    const rows = (
      await sql<{ id: string; prev: string }>`
        with tgt as (
          select c.id, c.assignee_id as prev, c.lease_epoch as prev_epoch, c.leased as prev_leased from cases c
          where c.id in (${sql.join(eligible)}) and c.assignee_id is not null and c.assignee_id <> ${target.id} and c.status in (${lit(OPEN_STATUSES)})
            and not exists (select 1 from case_exclusions e where e.case_id = c.id and e.user_id = ${target.id})
          for update
        ), upd as (
          update cases c set assignee_id = ${target.id}, leased = c.status <> 'awaiting_evidence', offline = false,
            lease_expires_at = ${expires}, lease_epoch = c.lease_epoch + 1, version = c.version + 1, updated_at = now()
          from tgt where c.id = tgt.id
          returning c.id, c.status, c.assignee_id, c.leased, c.lease_epoch, tgt.prev, tgt.prev_epoch, tgt.prev_leased
        ), ch as (
          insert into changes (case_id, type, holder_id, former_holder_id) select id, 'claimed', assignee_id, prev from upd
        ), au as (
          insert into audit_log (actor_id, action, case_id, before, after, writer)
          select ${actor.id}, 'workforce.reassign', id,
            jsonb_build_object('assigneeId', prev, 'leased', prev_leased, 'leaseEpoch', prev_epoch),
            jsonb_build_object('assigneeId', assignee_id, 'status', status, 'leased', leased, 'leaseEpoch', lease_epoch, 'leaseExpiresAt', ${expires.toISOString()}::text, 'offline', false),
            ${auditWriter()}
          from upd
        )
        select id, prev from upd`.execute(db)
    ).rows;
    for (const r of rows) done.set(r.id, r.prev);
  }
  return {
    results: ids.map((id) => {
      const t = before.get(id);
      if (t && outcomeOf(t) === null && t.excluded) return { caseId: id, externalId: t.external_id, outcome: 'excluded', fromUserId: null, fromName: null };
      return result(id, t, done);
    }),
  };
}

function result(id: string, t: Target | undefined, done: Map<string, string>): WorkforceActionResponse['results'][number] {
  const prev = done.get(id);
  if (prev !== undefined) return { caseId: id, externalId: t?.external_id ?? null, outcome: 'done', fromUserId: prev, fromName: t?.assignee_id === prev ? t.display_name : null };
  // Eligible when read but taken or closed before the write: nobody it could be taken from now.
  return { caseId: id, externalId: t?.external_id ?? null, outcome: outcomeOf(t) ?? 'not_held', fromUserId: null, fromName: null };
}
