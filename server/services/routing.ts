/**
 * Skills-based routing: arbitrator skill profiles and routing rules (tables of migration 14), edited
 * by admins and audited, read by supervisors; the SQL predicate the claim statement embeds; and
 * "who would get this case?", which evaluates the same rows with common/domain/routing.ts.
 * docs/routing.md describes the semantics.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { RoutingArbitrator, RoutingCandidates, RoutingCandidatesQuerySchema, RoutingRuleSchema, RoutingRuleView, RoutingView, SkillsSaveRequestSchema } from '@common/api';
import { orderedRules, routingReasons, ruleMatches, type ComplaintKind, type RoutedCase, type RoutingRule, type SkillProfile } from '@common/domain';
import type { DB } from '../db/schema';
import { appendAudit } from './audit';
import { ApiError } from './errors';

/** Column expressions of the case being routed, and the SQL expression of the claimer's user id. */
export type RoutedColumns = { kind: string; queue: string; amount: string; language: string };

/**
 * The claim's routing condition as SQL text, for one case row and one claimer (routingReasons in
 * common/domain/routing.ts, said in SQL): a claimer without a profile is not routed; one with a
 * profile gets the case only when its kind, queue and language are in the profile and no enabled rule
 * whose condition matches the case asks for more seniority or a skill tag the profile lacks.
 * Embedded in the one claim statement, so routing costs no round trip.
 */
export function routedSqlText(c: RoutedColumns, user: string): string {
  return `(not exists (select 1 from arbitrator_skills s0 where s0.user_id = ${user})
    or exists (select 1 from arbitrator_skills s where s.user_id = ${user}
      and s.kinds ? ${c.kind} and s.queues ? ${c.queue} and s.languages ? ${c.language}
      and not exists (select 1 from routing_rules r where r.enabled
        and (r.kind is null or r.kind = ${c.kind}) and (r.queue is null or r.queue = ${c.queue})
        and (r.min_amount_fen is null or ${c.amount} >= r.min_amount_fen) and (r.language is null or r.language = ${c.language})
        and ((r.min_seniority = 'senior' and s.seniority <> 'senior') or (r.required_skill is not null and not (s.tags ? r.required_skill))))))`;
}

/** The columns of a `cases` row under `alias`. */
export const caseColumns = (alias: string): RoutedColumns => ({ kind: `${alias}.kind`, queue: `${alias}.queue`, amount: `${alias}.amount_fen`, language: `${alias}.language` });

type RuleRow = { id: string; name: string; priority: number; enabled: boolean; kind: string | null; queue: string | null; min_amount_fen: string | number | null; language: string | null; min_seniority: 'junior' | 'senior' | null; required_skill: string | null; updated_at: Date; updated_by: string | null };

const toRule = (r: RuleRow): RoutingRuleView => ({
  id: r.id,
  name: r.name,
  priority: r.priority,
  enabled: r.enabled,
  kind: r.kind as ComplaintKind | null,
  queue: r.queue as RoutingRuleView['queue'],
  minAmountFen: r.min_amount_fen === null ? null : Number(r.min_amount_fen),
  language: r.language as RoutingRuleView['language'],
  minSeniority: r.min_seniority,
  requiredSkill: r.required_skill,
});

type SkillRow = { kinds: unknown; queues: unknown; languages: unknown; seniority: 'junior' | 'senior'; tags: unknown; updated_at: Date };
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? (JSON.parse(v) as string[]) : []);
const toProfile = (s: SkillRow): SkillProfile & RoutingArbitrator['profile'] =>
  ({ kinds: list(s.kinds), queues: list(s.queues), languages: list(s.languages), seniority: s.seniority, tags: list(s.tags) }) as SkillProfile & NonNullable<RoutingArbitrator['profile']>;

async function ruleRows(db: Kysely<DB>): Promise<RuleRow[]> {
  return (await db.selectFrom('routing_rules').selectAll().orderBy('priority', 'desc').orderBy('id').execute());
}

async function arbitrators(db: Kysely<DB>, userId?: string): Promise<RoutingArbitrator[]> {
  let q = db
    .selectFrom('users as u')
    .leftJoin('arbitrator_skills as s', 's.user_id', 'u.id')
    .select(['u.id', 'u.username', 'u.display_name', 's.kinds', 's.queues', 's.languages', 's.seniority', 's.tags', 's.updated_at'])
    .where('u.role', '=', 'arbitrator')
    .where('u.disabled', '=', false);
  if (userId !== undefined) q = q.where('u.id', '=', userId);
  const rows = await q.orderBy('u.display_name').orderBy('u.id').execute();
  return rows.map((r) => ({
    userId: r.id,
    username: r.username,
    displayName: r.display_name,
    profile: r.seniority === null ? null : toProfile(r as SkillRow),
    updatedAt: r.updated_at ? new Date(r.updated_at).toISOString() : null,
  }));
}

export async function routingView(db: Kysely<DB>): Promise<RoutingView> {
  const rules = await ruleRows(db);
  return {
    rules: rules.map((r) => ({ rule: toRule(r), updatedAt: r.updated_at.toISOString(), updatedBy: r.updated_by })),
    arbitrators: await arbitrators(db),
  };
}

/** Creates or replaces one rule; the audit row keeps the rule before and after. */
export async function saveRoutingRule(db: Kysely<DB>, actor: { id: string }, body: z.output<typeof RoutingRuleSchema>): Promise<RoutingView['rules'][number]> {
  const values = {
    name: body.name,
    priority: body.priority,
    enabled: body.enabled,
    kind: body.kind,
    queue: body.queue,
    min_amount_fen: body.minAmountFen,
    language: body.language,
    min_seniority: body.minSeniority,
    required_skill: body.requiredSkill,
    updated_by: actor.id,
  };
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('routing_rules').selectAll().where('id', '=', body.id).forUpdate().executeTakeFirst();
    const row = (await trx
      .insertInto('routing_rules')
      .values({ id: body.id, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updated_at: sql`now()` }))
      .returningAll()
      .executeTakeFirstOrThrow());
    const after = toRule(row);
    await appendAudit(trx, { actorId: actor.id, action: before ? 'routing.rule_update' : 'routing.rule_create', caseId: null, before: before ? toRule(before) : null, after });
    return { rule: after, updatedAt: row.updated_at.toISOString(), updatedBy: row.updated_by };
  });
}

/** Sets an arbitrator's profile; the audit row keeps the profile before and after. */
export async function saveSkills(db: Kysely<DB>, actor: { id: string }, body: z.output<typeof SkillsSaveRequestSchema>): Promise<RoutingArbitrator> {
  const user = await db.selectFrom('users').select(['id', 'role', 'disabled', 'display_name']).where('id', '=', body.userId).executeTakeFirst();
  if (!user) throw new ApiError(400, 'invalid_body', 'body field userId: no such user', 'userId');
  if (user.role !== 'arbitrator') throw new ApiError(400, 'invalid_body', `body field userId: ${user.display_name} is not an arbitrator (only arbitrators are routed)`, 'userId');
  if (user.disabled) throw new ApiError(400, 'invalid_body', `body field userId: ${user.display_name}'s account is disabled`, 'userId');
  const values = {
    kinds: JSON.stringify(body.kinds),
    queues: JSON.stringify(body.queues),
    languages: JSON.stringify(body.languages),
    seniority: body.seniority,
    tags: JSON.stringify(body.tags),
    updated_by: actor.id,
  };
  await db.transaction().execute(async (trx) => {
    const before = (await trx.selectFrom('arbitrator_skills').selectAll().where('user_id', '=', body.userId).forUpdate().executeTakeFirst()) as SkillRow | undefined;
    await trx
      .insertInto('arbitrator_skills')
      .values({ user_id: body.userId, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...values, updated_at: sql`now()` }))
      .execute();
    const { userId: _, ...after } = body;
    await appendAudit(trx, { actorId: actor.id, action: 'routing.skills', caseId: null, before: before ? { userId: body.userId, ...toProfile(before) } : { userId: body.userId, profile: null }, after: { userId: body.userId, ...after } });
  });
  const [view] = await arbitrators(db, body.userId);
  return view!;
}

type CaseFacts = { id: string; external_id: string; kind: ComplaintKind; queue: string; amount_fen: string | number; language: string; status: string; holder: string | null };

export const routedCase = (c: Pick<CaseFacts, 'kind' | 'queue' | 'amount_fen' | 'language'>): RoutedCase => ({ kind: c.kind, queue: c.queue, amountFen: Number(c.amount_fen), language: c.language });

/** The rules as the pure module takes them. */
export async function loadRules(db: Kysely<DB>): Promise<RoutingRule[]> {
  return (await ruleRows(db)).map(toRule);
}

/**
 * Who would get this case? Every active arbitrator, eligible or not; for the others every reason.
 * The same rows the claim statement reads, through the same semantics (the test checks they agree).
 */
export async function routingCandidates(db: Kysely<DB>, q: z.output<typeof RoutingCandidatesQuerySchema>): Promise<RoutingCandidates> {
  const c = (
    await sql<CaseFacts>`
      select c.id, c.external_id, c.kind, c.queue, c.amount_fen, c.language, c.status, u.display_name as holder
      from cases c left join users u on u.id = c.assignee_id and c.leased
      where (c.id = ${q.caseId} or c.external_id = ${q.caseId}) and not exists (select 1 from qa_golden_cases g where g.case_id = c.id)
      limit 1`.execute(db)
  ).rows[0];
  if (!c) throw new ApiError(404, 'not_found', `query field caseId: no case with the id or external id ${q.caseId}`, 'caseId');
  const rules = await loadRules(db);
  const excluded = new Set((await db.selectFrom('case_exclusions').select('user_id').where('case_id', '=', c.id).execute()).map((r) => r.user_id));
  const rc = routedCase(c);
  const people = await arbitrators(db);
  return {
    case: { caseId: c.id, externalId: c.external_id, kind: c.kind, queue: c.queue as RoutingCandidates['case']['queue'], amountFen: rc.amountFen, language: c.language, status: c.status, holderName: c.holder },
    rules: orderedRules(rules)
      .filter((r) => ruleMatches(r, rc))
      .map((r) => ({ id: r.id, name: r.name })),
    candidates: people.map((p) => {
      const reasons = routingReasons(rc, p.profile, rules, excluded.has(p.userId));
      return { userId: p.userId, displayName: p.displayName, profiled: p.profile !== null, eligible: reasons.length === 0, reasons };
    }),
  };
}

/**
 * Why each named case may not go to this arbitrator (case id → reasons; absent: it may), for the
 * supervisor's reassignment, which must not hand anyone a case outside their skills either.
 */
export async function routingRefusals(db: Kysely<DB>, userId: string, caseIds: readonly string[]): Promise<Map<string, { externalId: string; reasons: ReturnType<typeof routingReasons> }>> {
  const out = new Map<string, { externalId: string; reasons: ReturnType<typeof routingReasons> }>();
  const [me] = await arbitrators(db, userId);
  if (!me?.profile || caseIds.length === 0) return out;
  const rules = await loadRules(db);
  const rows = await db.selectFrom('cases').select(['id', 'external_id', 'kind', 'queue', 'amount_fen', 'language']).where('id', 'in', [...caseIds]).execute();
  for (const r of rows) {
    const reasons = routingReasons(routedCase({ ...r, kind: r.kind as ComplaintKind }), me.profile, rules);
    if (reasons.length > 0) out.set(r.id, { externalId: r.external_id, reasons });
  }
  return out;
}
