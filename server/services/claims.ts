/**
 * Claims and leases: who may take which cases, the one-statement claim, lease renewal and release,
 * and the periodic sweep that ends lapsed leases. `claimNextCases` is the whole of POST /v1/claims:
 * the role's queues, the claimer's skills and the routing rules (routing.ts, inside the one claim
 * statement), the offline cap, golden cases (QA) in an arbitrator's places, and remembering the
 * claimed rows for the push that usually follows.
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { ClaimRequestSchema, Queue, Role } from '@common/api';
import type { Policy } from '@common/policy';
import type { PolicyRegistry } from './policies';
import { CLAIMABLE_STATUSES } from '../db/migrations';
import { PREPARED } from '../db/prepared';
import type { DB } from '../db/schema';
import { auditWriter } from './audit';
import { caseViewSql, OPEN_STATUSES, type CaseRow } from './cases';
import { ApiError } from './errors';
import { insertGolden, pickGolden } from './qa/golden';
import { blindView, openReviewCases } from './qa/review';
import { caseColumns, routedSqlText } from './routing';

/** Queues each role works when a claim names none. Admins do not claim. */
export const ROLE_QUEUES: Record<Role, readonly Queue[]> = {
  arbitrator: ['merchant', 'consumer', 'appeals'],
  supervisor: ['escalations', 'appeals', 'merchant', 'consumer'],
  admin: [],
};

export type ClaimOptions = { userId: string; queues: readonly Queue[]; count: number; offline: boolean; policy: Policy; expires?: Date };

/** The row fields a pushed mutation is planned and audited against (see `plan` in sync.ts). */
export const MUTATION_COLUMNS = ['id', 'kind', 'status', 'assignee_id', 'leased', 'lease_expires_at', 'lease_epoch', 'evidence_version', 'bundle_hash', 'decision', 'decided_by', 'version', 'filed_at', 'policy_version'] as const;
export type HeldRow = Pick<CaseRow, (typeof MUTATION_COLUMNS)[number]>;
/**
 * A claimed case as the claim statement returns it: the state a mutation needs (not the bundle and
 * findings, the bulky columns; they travel once, inside `view`), plus the case view as JSON text.
 */
export type ClaimedRow = HeldRow & Pick<CaseRow, 'priority' | 'due_at' | 'filed_at'> & { view: string };

/**
 * The claim statement's text for one (count, queues) shape, built once: compiling the query builder
 * (the case view alone is a large tree) on every claim cost the server more than sending it.
 * Parameters: $1 user id, $2 lease expiry, $3 offline, $4 lease expiry as ISO text (for the audit row),
 * $5 the audit writer tag.
 */
const claimTexts = new Map<string, string>();
function claimText(db: Kysely<DB>, count: number, queues: readonly Queue[]): string {
  const key = `${count}|${queues.join(',')}`;
  let text = claimTexts.get(key);
  if (text === undefined) {
    const statuses = CLAIMABLE_STATUSES.map((s) => `'${s}'`).join(', ');
    const qs = queues.map((q) => `'${q.replace(/'/g, "''")}'`).join(', ');
    const view = caseViewSql('upd').compile(db).sql;
    // Skills and routing rules, inside this one statement (no second round trip).
    const routed = routedSqlText(caseColumns('c'), '$1::text');
    text = `${PREPARED}
    with picked as (
      select c.id, c.assignee_id, c.leased, c.lease_expires_at, c.lease_epoch, c.status
      from cases c
      where c.leased = false and c.status in (${statuses}) and c.queue in (${qs})
        and not exists (select 1 from case_exclusions e where e.case_id = c.id and e.user_id = $1::text)
        and ${routed}
      order by c.priority desc, c.due_at, c.filed_at, c.id
      limit ${count}
      for update skip locked
    ), upd as (
      update cases c set assignee_id = $1::text, leased = true, lease_expires_at = $2::timestamptz,
        lease_epoch = c.lease_epoch + 1, offline = $3::boolean, version = c.version + 1, updated_at = now()
      from picked p where c.id = p.id
      returning c.*, p.assignee_id as prev_assignee, p.lease_epoch as prev_epoch
    ), ch as (
      insert into changes (case_id, type, holder_id, former_holder_id)
      select id, 'claimed', assignee_id, case when prev_assignee is distinct from assignee_id then prev_assignee end from upd
    ), au as (
      insert into audit_log (actor_id, action, case_id, before, after, writer)
      select $1::text, 'case.claim', id,
        jsonb_build_object('status', status, 'assigneeId', prev_assignee, 'leased', false, 'leaseEpoch', prev_epoch),
        jsonb_build_object('status', status, 'assigneeId', assignee_id, 'leased', true, 'leaseEpoch', lease_epoch,
          'leaseExpiresAt', $4::text, 'offline', offline), $5::text
      from upd
    )
    select ${MUTATION_COLUMNS.map((c) => `upd.${c}`).join(', ')}, upd.priority, upd.due_at, upd.filed_at, ${view} as view from upd order by upd.priority desc, upd.due_at, upd.filed_at, upd.id`;
    if (claimTexts.size > 100) claimTexts.clear();
    claimTexts.set(key, text);
  }
  return text;
}

/**
 * Claims the next cases in one statement: pick (priority, dueAt, oldest first) with
 * `FOR UPDATE SKIP LOCKED`, lease them, and write the change and audit rows. Concurrent claimers on
 * any number of instances skip each other's rows instead of waiting, and never take the same case.
 * A prepared statement (planned once per connection); the count is inlined so the plan is always
 * made for the real LIMIT (a generic plan with an unknown LIMIT could prefer sorting the queue).
 */
export async function claimCases(db: Kysely<DB>, o: ClaimOptions): Promise<ClaimedRow[]> {
  if (o.count <= 0 || o.queues.length === 0) return [];
  const count = Math.floor(o.count);
  const expires = o.expires ?? leaseExpiry(o.policy, o.offline);
  const r = await db.executeQuery<ClaimedRow>(CompiledQuery.raw(claimText(db, count, o.queues), [o.userId, expires, o.offline, expires.toISOString(), auditWriter()]));
  return r.rows;
}

export function leaseExpiry(policy: Policy, offline: boolean, now = Date.now()): Date {
  return new Date(now + (offline ? policy.leases.offlineHours * 3600_000 : policy.leases.normalMinutes * 60_000));
}

export async function countOfflineHeld(db: Kysely<DB>, userId: string): Promise<number> {
  const r = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('assignee_id', '=', userId)
    .where('leased', '=', true)
    .where('offline', '=', true)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Renews the caller's leases. A lapsed lease nobody else took is taken back under the same epoch. */
export async function renewLeases(db: Kysely<DB>, userId: string, caseIds: string[], policy: Policy): Promise<{ renewed: Array<{ caseId: string; leaseExpiresAt: string }>; lost: Array<{ caseId: string; reason: string }> }> {
  const now = Date.now();
  const online = new Date(now + policy.leases.normalMinutes * 60_000);
  const offline = new Date(now + policy.leases.offlineHours * 3600_000);
  const statuses = sql.join([...CLAIMABLE_STATUSES].map((s) => sql.lit(s)));
  const ids = [...new Set(caseIds)];
  const rows = (
    await sql<{ id: string; lease_expires_at: Date }>`
      with upd as (
        update cases set leased = true, version = version + 1, lease_expires_at = case when offline then ${offline}::timestamptz else ${online}::timestamptz end
        where id in (${sql.join(ids)}) and assignee_id = ${userId} and (leased = true or status in (${statuses}))
        returning id, lease_expires_at
      ), au as (
        insert into audit_log (actor_id, action, case_id, before, after, writer)
        select ${userId}, 'case.lease_renew', id, null, jsonb_build_object('leaseExpiresAt', lease_expires_at), ${auditWriter()} from upd
      )
      select id, lease_expires_at from upd`.execute(db)
  ).rows;
  const got = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !got.has(id));
  const lost: Array<{ caseId: string; reason: string }> = [];
  if (missing.length > 0) {
    const info = await db.selectFrom('cases').select(['id', 'assignee_id', 'status']).where('id', 'in', missing).execute();
    const byId = new Map(info.map((r) => [r.id, r]));
    for (const id of missing) {
      const r = byId.get(id);
      lost.push({ caseId: id, reason: !r ? 'not_found' : r.assignee_id && r.assignee_id !== userId ? 'claimed_by_other' : OPEN_STATUSES.has(r.status) ? 'not_holder' : r.status });
    }
  }
  return { renewed: rows.map((r) => ({ caseId: r.id, leaseExpiresAt: r.lease_expires_at.toISOString() })), lost };
}

export async function releaseCases(db: Kysely<DB>, userId: string, caseIds: string[]): Promise<{ released: string[]; notHeld: string[] }> {
  const ids = [...new Set(caseIds)];
  const rows = (
    await sql<{ id: string }>`
      with upd as (
        update cases set assignee_id = null, leased = false, offline = false, version = version + 1, updated_at = now()
        where id in (${sql.join(ids)}) and assignee_id = ${userId} and status in (${sql.join([...OPEN_STATUSES].map((s) => sql.lit(s)))})
        returning id, status
      ), ch as (
        insert into changes (case_id, type, holder_id, former_holder_id) select id, 'released', null, ${userId} from upd
      ), au as (
        insert into audit_log (actor_id, action, case_id, before, after, writer)
        select ${userId}, 'case.release', id, jsonb_build_object('assigneeId', ${userId}::text), jsonb_build_object('assigneeId', null, 'status', status), ${auditWriter()} from upd
      )
      select id from upd`.execute(db)
  ).rows;
  const released = rows.map((r) => r.id);
  const set = new Set(released);
  return { released, notHeld: ids.filter((id) => !set.has(id)) };
}

/**
 * Ends lapsed leases so the cases return to the queue, reopens evidence requests past their due
 * date, closes decided cases whose appeal window has passed, and forgets idle sign-in throttles. Run periodically by every
 * instance; concurrent runs are harmless (row locks + re-check).
 */
export async function sweepExpired(db: Kysely<DB>, policy: Policy): Promise<number> {
  const appealCutoff = new Date(Date.now() - policy.sla.appealWindowDays * 24 * 3600_000);
  const writer = auditWriter();
  const r = await sql<{ id: string }>`
    with exp as (
      update cases set leased = false, version = version + 1, updated_at = now()
      where leased = true and lease_expires_at < now()
      returning id, assignee_id
    ), ch as (
      insert into changes (case_id, type, holder_id, former_holder_id) select id, 'lease_expired', assignee_id, null from exp
    ), au as (
      insert into audit_log (actor_id, action, case_id, before, after, writer)
      select null, 'case.lease_expire', id, jsonb_build_object('leased', true), jsonb_build_object('leased', false), ${writer} from exp
    ), ev as (
      update cases set status = 'queued', evidence_due_at = null, version = version + 1, updated_at = now()
      where status = 'awaiting_evidence' and evidence_due_at < now()
      returning id, assignee_id
    ), ch2 as (
      insert into changes (case_id, type, holder_id, former_holder_id, payload) select id, 'evidence_added', assignee_id, null, '{"overdue": true}'::jsonb from ev
    ), au2 as (
      insert into audit_log (actor_id, action, case_id, before, after, writer)
      select null, 'case.evidence_overdue', id, jsonb_build_object('status', 'awaiting_evidence'), jsonb_build_object('status', 'queued'), ${writer} from ev
    ), cl as (
      update cases set status = 'closed', version = version + 1, updated_at = now()
      where status = 'decided' and decided_at < ${appealCutoff}
      returning id, assignee_id
    ), ch3 as (
      insert into changes (case_id, type, holder_id, former_holder_id) select id, 'closed', assignee_id, null from cl
    ), au3 as (
      insert into audit_log (actor_id, action, case_id, before, after, writer)
      select null, 'case.close', id, jsonb_build_object('status', 'decided'), jsonb_build_object('status', 'closed'), ${writer} from cl
    )
    select id from exp union all select id from ev union all select id from cl`.execute(db);
  // Sign-in throttle rows that have gone quiet start over anyway (auth.ts); a name sprayed once
  // should not stay in the table for ever.
  await sql`delete from login_throttle where last_attempt_at < now() - interval '1 hour'`.execute(db);
  return r.rows.length;
}

export type ClaimContext = {
  db: Kysely<DB>;
  policies: PolicyRegistry;
  /** Keeps the claimed rows for the mutation that usually follows (sync.ts `RecentClaims`). */
  recent: { remember(rows: ClaimedRow[]): void };
  /** Uniform in [0, 1): where golden cases go among the others (seeded in tests). */
  random: () => number;
};

/**
 * The caller's next cases, as the claim response's JSON text (the case views are JSON text from the
 * database already). A queue the role does not work is refused; an offline claim is capped at what
 * the policy lets one arbitrator hold offline; golden cases take some of an arbitrator's places and
 * are put at random places among the others, so position does not give them away.
 */
export async function claimNextCases(ctx: ClaimContext, user: { id: string; role: Role }, body: z.output<typeof ClaimRequestSchema>): Promise<string> {
  const allowed = ROLE_QUEUES[user.role];
  if (body.queue && !allowed.includes(body.queue)) throw new ApiError(403, 'forbidden', `role ${user.role} does not work the ${body.queue} queue`, 'queue');
  let count = body.count;
  const policy = ctx.policies.current();
  if (body.mode === 'offline') count = Math.min(count, Math.max(0, policy.leases.offlineMaxCases - (await countOfflineHeld(ctx.db, user.id))));
  const queues = body.queue ? [body.queue] : allowed;
  // Golden cases (QA) take some of an arbitrator's places, at their configured rates.
  const golden = user.role === 'arbitrator' ? await pickGolden(ctx.db, user.id, queues, count, ctx.random) : [];
  // One lease expiry for the whole answer, golden places included, as one claim statement gives.
  const expires = leaseExpiry(policy, body.mode === 'offline');
  const rows = await claimCases(ctx.db, { userId: user.id, queues, count: count - golden.length, offline: body.mode === 'offline', policy, expires });
  ctx.recent.remember(rows);
  // A supervisor may claim (an appeal, an escalation) a case it is reviewing blind: sent blind too.
  const blind = await openReviewCases(ctx.db, user, rows.map((r) => r.id));
  const placed = rows.map((r) => ({ ...r, view: blind.has(r.id) ? JSON.stringify(blindView(r.view)) : r.view }));
  for (const g of await insertGolden(ctx.db, ctx.policies, { userId: user.id, offline: body.mode === 'offline', expires, claimedWith: rows[0]?.id ?? null, queues, random: ctx.random }, golden)) {
    ctx.recent.remember([g]);
    placed.push(g);
  }
  // In the claim order (priority, then due date, then filing), the order every claim answers in:
  // a golden case sits where its imitated priority and dates put it, so position gives nothing away.
  if (golden.length > 0) placed.sort((a, b) => b.priority - a.priority || a.due_at.getTime() - b.due_at.getTime() || a.filed_at.getTime() - b.filed_at.getTime() || (a.id < b.id ? -1 : 1));
  return `{"cases":[${placed.map((r) => r.view).join(',')}]}`;
}
