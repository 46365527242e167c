/** QA sampling plans: preview, create (drawn from the population with draw.ts) and list. */
import { randomInt, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { QaDrawItem, QaPlanCreated, QaPlanList, QaPlanMethod, QaPlanRequestSchema, QaPlanView, QaPopulation, QaPreviewResponse } from '@common/api';
import type { z } from 'zod';
import type { DB } from '../../db/schema';
import { appendAudit } from '../audit';
import { ApiError } from '../errors';
import type { Candidate, Draw } from './draw';
import { factsOf, iso, type User } from './facts';
import { drawSql } from './sample';

type PlanRequest = z.output<typeof QaPlanRequestSchema>;

async function resolveAssignee(db: Kysely<DB>, user: User, assigneeId: string | undefined): Promise<string> {
  if (!assigneeId) {
    if (user.role !== 'supervisor') throw new ApiError(400, 'invalid_body', 'assigneeId is required: name the supervisor who re-reviews the sample', 'assigneeId');
    return user.id;
  }
  const u = await db.selectFrom('users').select(['id', 'role']).where('id', '=', assigneeId).executeTakeFirst();
  if (!u || u.role !== 'supervisor') throw new ApiError(400, 'invalid_body', `assigneeId ${assigneeId} is not a supervisor`, 'assigneeId');
  return u.id;
}

const toDrawItem = (c: Candidate & { stratum: string }, itemId: string | null): QaDrawItem => ({
  itemId,
  decisionKey: c.key,
  caseId: c.caseId,
  externalId: c.externalId,
  kind: c.kind,
  arbitratorId: c.arbitratorId,
  stratum: c.stratum,
  decidedAt: c.decidedAt,
});

/** Arbitrator strata are user ids: give them the display names a supervisor knows them by. */
async function labelled(db: Kysely<DB>, method: QaPlanMethod, strata: Draw['strata']): Promise<QaPlanView['strata']> {
  if (method.type !== 'stratified' || method.by !== 'arbitrator' || strata.length === 0) return strata;
  const names = new Map((await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', strata.map((s) => s.key)).execute()).map((u) => [u.id, u.display_name]));
  return strata.map((s) => (names.has(s.key) ? { ...s, label: names.get(s.key)! } : s));
}

/** What the plan would draw now, recording nothing: counts and the first 50 drawn come from SQL. */
export async function previewPlan(db: Kysely<DB>, user: User, req: PlanRequest): Promise<QaPreviewResponse> {
  const assignee = await resolveAssignee(db, user, req.assigneeId);
  const seed = req.seed ?? randomInt(0, 2 ** 31 - 1);
  const d = await drawSql(db, { population: req.population, method: req.method, excludeDecider: assignee }, seed, 50);
  return { seed, population: d.population, total: d.total, strata: await labelled(db, req.method, d.strata), items: d.items.map((i) => toDrawItem(i, null)) };
}

/** Records the plan, its seed and its draw; each drawn decision becomes an open QA item for the assignee. */
export async function createPlan(db: Kysely<DB>, user: User, req: PlanRequest): Promise<QaPlanCreated> {
  const assignee = await resolveAssignee(db, user, req.assigneeId);
  const seed = req.seed ?? randomInt(0, 2 ** 31 - 1);
  const d = await drawSql(db, { population: req.population, method: req.method, excludeDecider: assignee }, seed);
  const id = randomUUID();
  const createdAt = new Date();
  const items = d.items.map((i) => ({ ...i, itemId: randomUUID() }));
  const strata = await labelled(db, req.method, d.strata);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('qa_plans')
      .values({ id, name: req.name, method: JSON.stringify(req.method), population: JSON.stringify(req.population), seed, created_by: user.id, assignee_id: assignee, population_size: d.population, strata: JSON.stringify(strata), created_at: createdAt })
      .execute();
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500);
      await trx
        .insertInto('qa_items')
        .values(
          chunk.map((it) => ({
            id: it.itemId,
            plan_id: id,
            decision_key: it.key,
            case_id: it.caseId,
            arbitrator_id: it.arbitratorId,
            supervisor_id: assignee,
            stratum: it.stratum,
            decided_at: it.decidedAt,
            original: JSON.stringify(factsOf(it.decision)),
          })),
        )
        .execute();
      // The assignee's workstation learns of its items (and gets the case re-sent blind) through pull.
      await trx.insertInto('changes').values(chunk.map((it) => ({ case_id: it.caseId, type: 'qa_assigned', holder_id: assignee, former_holder_id: null, payload: null }))).execute();
    }
    await appendAudit(trx, { actorId: user.id, action: 'qa.plan', caseId: null, before: null, after: { planId: id, name: req.name, method: req.method, population: req.population, seed, assigneeId: assignee, drawn: items.length, decisionKeys: items.map((i) => i.key) } });
  });
  return {
    id,
    name: req.name,
    method: req.method,
    population: req.population,
    seed,
    createdBy: user.id,
    assigneeId: assignee,
    createdAt: createdAt.toISOString(),
    populationSize: d.population,
    strata,
    drawn: items.length,
    reviewed: 0,
    items: items.map((i) => toDrawItem(i, i.itemId)),
  };
}

export async function listPlans(db: Kysely<DB>, user: User): Promise<QaPlanList> {
  const rows = (
    await sql<{ id: string; name: string; method: QaPlanMethod; population: QaPopulation; seed: string; created_by: string; assignee_id: string; created_at: Date; population_size: number; strata: QaPlanView['strata']; drawn: string; reviewed: string }>`
      select p.*, (select count(*) from qa_items i where i.plan_id = p.id) as drawn,
        (select count(*) from qa_items i where i.plan_id = p.id and i.status = 'reviewed') as reviewed
      from qa_plans p ${user.role === 'supervisor' ? sql`where p.assignee_id = ${user.id} or p.created_by = ${user.id}` : sql``}
      order by p.created_at desc limit 200`.execute(db)
  ).rows;
  return {
    plans: rows.map((r) => ({
      id: r.id,
      name: r.name,
      method: r.method,
      population: r.population,
      seed: Number(r.seed),
      createdBy: r.created_by,
      assigneeId: r.assignee_id,
      createdAt: iso(r.created_at),
      populationSize: r.population_size,
      strata: r.strata,
      drawn: Number(r.drawn),
      reviewed: Number(r.reviewed),
    })),
  };
}
