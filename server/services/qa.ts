import { randomInt, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type {
  Mutation,
  MutationResult,
  QaComparison,
  QaDrawItem,
  QaGoldenRequest,
  QaGoldenView,
  QaItemView,
  QaNotice,
  QaOverrideResponse,
  QaPlanCreated,
  QaPlanList,
  QaPlanMethod,
  QaPlanRequestSchema,
  QaPlanView,
  QaPopulation,
  QaPreviewResponse,
  QaPull,
  QaRecordsResponse,
  QaOverrideRequestSchema,
  Queue,
  Role,
} from '@common/api';
import type { CaseBundle, ComplaintKind, Decision, Verdict } from '@common/domain';
import type { Policy } from '@common/policy';
import type { DecisionFact, QaDecisionFacts, ReviewPair } from '@common/qa';
import { criticalFindingsAgainst } from '@common/rules';
import type { z } from 'zod';
import type { DB } from '../db/schema';
import { appendAudit, appendAuditMany } from './audit';
import { bundleHash, caseViewTexts, queueFor, stateOf, type CaseRow } from './cases';
import { assess, checkDecision, maxSeverity, type StoredAssessment } from './engine';
import { ApiError } from './errors';
import { draw, type Candidate, type Draw } from './qaDraw';

type User = { id: string; role: Role };
const iso = (d: Date | string): string => (typeof d === 'string' ? new Date(d).toISOString() : d.toISOString());
const factsOf = (d: { verdict: Verdict; remedies: readonly string[]; reasonCodes: readonly string[] }): QaDecisionFacts => ({
  verdict: d.verdict,
  remedies: [...d.remedies] as QaDecisionFacts['remedies'],
  reasonCodes: [...d.reasonCodes],
});
const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
};
export function compare(original: QaDecisionFacts, review: QaDecisionFacts): Pick<QaComparison, 'verdictAgrees' | 'remediesAgree' | 'reasonCodesAgree'> {
  return { verdictAgrees: original.verdict === review.verdict, remediesAgree: sameSet(original.remedies, review.remedies), reasonCodesAgree: sameSet(original.reasonCodes, review.reasonCodes) };
}

//#region Population: every arbitrator decision, as the decided changes recorded it
/**
 * One decision as recorded by its `decided` change (the case row only keeps the latest, so an
 * appealed case's first decision lives only there). Golden-case decisions are not part of it.
 */
export type DecisionRecord = Candidate & {
  seq: number;
  decision: Decision;
  dueAt: string;
  handlingSeconds: number;
  againstCritical: boolean;
  overturnedOnAppeal: boolean;
  overridden: boolean;
};

export async function loadDecisions(db: Kysely<DB>, filter: { from?: string; to?: string } = {}): Promise<DecisionRecord[]> {
  const rows = (
    await sql<{ seq: number; case_id: string; decision: Decision; at: Date; external_id: string; kind: ComplaintKind; due_at: Date; findings: StoredAssessment; claimed_at: Date | null; role: Role | null }>`
      select ch.seq, ch.case_id, ch.payload -> 'decision' as decision, ch.at, c.external_id, c.kind, c.due_at, c.findings,
        (select max(cl.at) from changes cl where cl.case_id = ch.case_id and cl.type = 'claimed' and cl.seq < ch.seq) as claimed_at,
        u.role
      from changes ch
      join cases c on c.id = ch.case_id
      left join users u on u.id = ch.payload -> 'decision' ->> 'decidedBy'
      where ch.type = 'decided' and ch.payload is not null
        and not exists (select 1 from qa_golden_cases g where g.case_id = ch.case_id)
        ${filter.from ? sql`and ch.at >= ${filter.from}::timestamptz` : sql``}
        ${filter.to ? sql`and ch.at < ${filter.to}::timestamptz` : sql``}
      order by ch.seq`.execute(db)
  ).rows;
  // Later decisions on the same case (an appeal re-decided) and supervisor overrides.
  const laterVerdicts = new Map<string, Array<{ seq: number; verdict: Verdict }>>();
  const all = (await sql<{ seq: number; case_id: string; verdict: Verdict }>`
      select ch.seq, ch.case_id, ch.payload -> 'decision' ->> 'verdict' as verdict from changes ch
      where ch.type = 'decided' and ch.payload is not null and ch.case_id in (select case_id from changes where type = 'appealed')`.execute(db)).rows;
  for (const r of all) (laterVerdicts.get(r.case_id) ?? laterVerdicts.set(r.case_id, []).get(r.case_id)!).push(r);
  const overridden = new Map(
    (await sql<{ case_id: string; at: Date }>`select case_id, max(at) as at from qa_overrides group by case_id`.execute(db)).rows.map((r) => [r.case_id, new Date(r.at).getTime()]),
  );
  const out: DecisionRecord[] = [];
  for (const r of rows) {
    // QA samples arbitrators' work; supervisors deciding escalations are not in the population.
    if (r.role !== 'arbitrator' || !r.decision) continue;
    const at = new Date(r.at);
    const later = laterVerdicts.get(r.case_id)?.filter((x) => x.seq > r.seq) ?? [];
    const ov = overridden.get(r.case_id);
    out.push({
      key: `${r.case_id}:${r.decision.mutationId}`,
      seq: Number(r.seq),
      caseId: r.case_id,
      externalId: r.external_id,
      kind: r.kind,
      arbitratorId: r.decision.decidedBy,
      verdict: r.decision.verdict,
      decidedAt: at.toISOString(),
      decision: r.decision,
      dueAt: iso(r.due_at),
      handlingSeconds: r.claimed_at ? Math.max(0, (at.getTime() - new Date(r.claimed_at).getTime()) / 1000) : 0,
      againstCritical: criticalFindingsAgainst(r.decision.verdict, r.findings).length > 0,
      overturnedOnAppeal: later.length > 0 && later[later.length - 1]!.verdict !== r.decision.verdict,
      // An override after this decision and before any later decision overturns this one.
      overridden: ov !== undefined && ov >= at.getTime() && later.length === 0,
    });
  }
  return out;
}

function eligible(all: DecisionRecord[], population: QaPopulation, method: QaPlanMethod, excludeDecider: string): DecisionRecord[] {
  const kinds = population.kinds && population.kinds.length ? new Set<string>(population.kinds) : null;
  const arbs = population.arbitratorIds && population.arbitratorIds.length ? new Set(population.arbitratorIds) : null;
  const from = population.decidedFrom ? Date.parse(population.decidedFrom) : -Infinity;
  const to = population.decidedTo ? Date.parse(population.decidedTo) : Infinity;
  return all.filter((d) => {
    const t = Date.parse(d.decidedAt);
    if (t < from || t >= to) return false;
    if (kinds && !kinds.has(d.kind)) return false;
    if (arbs && !arbs.has(d.arbitratorId)) return false;
    if (d.arbitratorId === excludeDecider) return false;
    if (method.type === 'targeted') {
      if (method.target === 'fast') return d.handlingSeconds < (method.maxSeconds ?? 0);
      if (method.target === 'against_critical') return d.againstCritical;
      return d.overturnedOnAppeal;
    }
    return true;
  });
}
//#endregion

//#region Plans
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

/** What the plan would draw now, recording nothing. */
export async function previewPlan(db: Kysely<DB>, user: User, req: PlanRequest): Promise<QaPreviewResponse> {
  const assignee = await resolveAssignee(db, user, req.assigneeId);
  const seed = req.seed ?? randomInt(0, 2 ** 31 - 1);
  const pop = eligible(await loadDecisions(db), req.population, req.method, assignee);
  const d = draw(pop, req.method, seed);
  return { seed, population: pop.length, total: d.items.length, strata: await labelled(db, req.method, d.strata), items: d.items.slice(0, 50).map((i) => toDrawItem(i, null)) };
}

/** Records the plan, its seed and its draw; each drawn decision becomes an open QA item for the assignee. */
export async function createPlan(db: Kysely<DB>, user: User, req: PlanRequest): Promise<QaPlanCreated> {
  const assignee = await resolveAssignee(db, user, req.assigneeId);
  const seed = req.seed ?? randomInt(0, 2 ** 31 - 1);
  const records = await loadDecisions(db);
  const pop = eligible(records, req.population, req.method, assignee);
  const d = draw(pop, req.method, seed);
  const byKey = new Map(records.map((r) => [r.key, r]));
  const id = randomUUID();
  const createdAt = new Date();
  const items = d.items.map((i) => ({ ...i, itemId: randomUUID() }));
  const strata = await labelled(db, req.method, d.strata);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('qa_plans')
      .values({ id, name: req.name, method: JSON.stringify(req.method), population: JSON.stringify(req.population), seed, created_by: user.id, assignee_id: assignee, population_size: pop.length, strata: JSON.stringify(strata), created_at: createdAt })
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
            original: JSON.stringify(factsOf(byKey.get(it.key)!.decision)),
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
    populationSize: pop.length,
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
//#endregion

//#region Blind review (push `qa_review`) and pull
type ItemRow = { id: string; plan_id: string; plan_name: string; case_id: string; arbitrator_id: string; arbitrator_name: string | null; supervisor_id: string; status: 'open' | 'reviewed'; original: QaDecisionFacts; review: QaDecisionFacts | null; feedback: string | null; reviewed_at: Date | null; created_at: Date };

function comparisonOf(r: ItemRow): QaComparison | null {
  if (r.status !== 'reviewed' || !r.review || !r.reviewed_at) return null;
  return { arbitratorId: r.arbitrator_id, arbitratorName: r.arbitrator_name ?? r.arbitrator_id, original: r.original, review: r.review, ...compare(r.original, r.review), feedback: r.feedback ?? '', reviewedAt: iso(r.reviewed_at) };
}

/** A case view with everything that would unblind a reviewer removed: the decision, the claim (who decided) and the notes. */
export function blindView(viewText: string): unknown {
  const v = JSON.parse(viewText) as { decision: unknown; claim: unknown; notes: unknown[]; bundle: { case: { decision: unknown; claim: unknown } } };
  v.decision = null;
  v.claim = null;
  v.notes = [];
  v.bundle.case.decision = null;
  v.bundle.case.claim = null;
  return v;
}

const QA_CHANGE_TYPES = new Set(['qa_assigned', 'qa_reviewed', 'qa_feedback', 'overridden']);

/**
 * The QA part of a pull page. `pageCases` are the page's case ids with their change types.
 * Supervisors get their review items on those cases (blind while open) and the ids of cases to
 * send blind in `changes` too; everyone gets feedback and overrides on their own decisions.
 */
export async function qaForPull(db: Kysely<DB>, user: User, pageCases: Map<string, readonly string[]>): Promise<{ qa: QaPull | null; blind: Set<string> }> {
  const ids = [...pageCases.keys()];
  const blind = new Set<string>();
  if (ids.length === 0) return { qa: null, blind };
  const qaIds = ids.filter((id) => pageCases.get(id)!.some((t) => QA_CHANGE_TYPES.has(t)));
  let items: QaItemView[] = [];
  if (user.role === 'supervisor') {
    const open = await db.selectFrom('qa_items').select('case_id').where('supervisor_id', '=', user.id).where('status', '=', 'open').where('case_id', 'in', ids).execute();
    for (const o of open) blind.add(o.case_id);
    if (qaIds.length) items = await itemViews(db, user.id, qaIds);
  }
  const notices = qaIds.length ? await noticesFor(db, user.id, qaIds) : [];
  if (items.length === 0 && notices.length === 0) return { qa: null, blind };
  return { qa: { items, notices }, blind };
}

async function itemRows(db: Kysely<DB>, where: ReturnType<typeof sql>): Promise<ItemRow[]> {
  return (
    await sql<ItemRow>`
      select i.id, i.plan_id, p.name as plan_name, i.case_id, i.arbitrator_id, u.display_name as arbitrator_name, i.supervisor_id, i.status,
        i.original, i.review, i.feedback, i.reviewed_at, i.created_at
      from qa_items i join qa_plans p on p.id = i.plan_id left join users u on u.id = i.arbitrator_id
      where ${where} order by i.created_at, i.id`.execute(db)
  ).rows;
}

async function itemViews(db: Kysely<DB>, supervisorId: string, caseIds: string[]): Promise<QaItemView[]> {
  const rows = await itemRows(db, sql`i.supervisor_id = ${supervisorId} and i.case_id in (${sql.join(caseIds)})`);
  if (rows.length === 0) return [];
  const views = await caseViewTexts(db, [...new Set(rows.map((r) => r.case_id))]);
  const out: QaItemView[] = [];
  for (const r of rows) {
    const v = views.get(r.case_id);
    if (!v) continue;
    const c = blindView(v) as QaItemView['case'];
    out.push({ itemId: r.id, planId: r.plan_id, planName: r.plan_name, caseId: r.case_id, externalId: c.externalId, kind: c.kind, assignedAt: iso(r.created_at), status: r.status, case: c, comparison: comparisonOf(r) });
  }
  return out;
}

async function noticesFor(db: Kysely<DB>, arbitratorId: string, caseIds: string[]): Promise<QaNotice[]> {
  const feedback = await sql<{ id: string; case_id: string; external_id: string; supervisor_id: string; name: string | null; feedback: string; original: QaDecisionFacts; review: QaDecisionFacts; reviewed_at: Date }>`
    select i.id, i.case_id, c.external_id, i.supervisor_id, u.display_name as name, i.feedback, i.original, i.review, i.reviewed_at
    from qa_items i join cases c on c.id = i.case_id left join users u on u.id = i.supervisor_id
    where i.arbitrator_id = ${arbitratorId} and i.status = 'reviewed' and coalesce(i.feedback, '') <> '' and i.case_id in (${sql.join(caseIds)})`.execute(db);
  const overrides = await sql<{ id: string; case_id: string; external_id: string; supervisor_id: string; name: string | null; reason: string; previous: QaDecisionFacts; decision: Decision; at: Date }>`
    select o.id, o.case_id, c.external_id, o.supervisor_id, u.display_name as name, o.reason, o.previous, o.decision, o.at
    from qa_overrides o join cases c on c.id = o.case_id left join users u on u.id = o.supervisor_id
    where o.arbitrator_id = ${arbitratorId} and o.case_id in (${sql.join(caseIds)})`.execute(db);
  return [
    ...feedback.rows.map((r) => ({ id: r.id, caseId: r.case_id, externalId: r.external_id, type: 'feedback' as const, at: iso(r.reviewed_at), byId: r.supervisor_id, byName: r.name ?? r.supervisor_id, note: r.feedback, previous: r.original, decision: r.review })),
    ...overrides.rows.map((r) => ({ id: r.id, caseId: r.case_id, externalId: r.external_id, type: 'override' as const, at: iso(r.at), byId: r.supervisor_id, byName: r.name ?? r.supervisor_id, note: r.reason, previous: r.previous, decision: factsOf(r.decision) })),
  ].sort((a, b) => a.at.localeCompare(b.at));
}

type QaReviewMutation = Extract<Mutation, { type: 'qa_review' }>;

/**
 * Applies a blind review once per (user, clientId), like every other mutation: the result, the
 * item update, the change rows and the audit row commit together; a replay returns the stored result.
 */
export async function applyQaReview(db: Kysely<DB>, policy: Policy, user: User, m: QaReviewMutation): Promise<MutationResult> {
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const stored = await trx.selectFrom('mutations').select('result').where('user_id', '=', user.id).where('client_id', '=', m.clientId).executeTakeFirst();
        if (stored?.result) return stored.result as MutationResult;
        const finish = async (r: MutationResult): Promise<MutationResult> => {
          await trx.insertInto('mutations').values({ user_id: user.id, client_id: m.clientId, type: m.type, case_id: m.caseId, result: JSON.stringify(r) }).execute();
          return r;
        };
        const reject = (reason: 'not_found' | 'not_holder' | 'invalid_state' | 'invalid_decision', message: string, issues?: Array<{ path: string; message: string }>) =>
          finish({ clientId: m.clientId, status: 'rejected', reason, message, ...(issues ? { issues } : {}) });
        const item = await trx.selectFrom('qa_items').selectAll().where('id', '=', m.itemId).forUpdate().executeTakeFirst();
        if (!item || item.case_id !== m.caseId) return reject('not_found', `no QA item ${m.itemId} on case ${m.caseId}`);
        if (item.supervisor_id !== user.id) return reject('not_holder', 'this QA item is assigned to another supervisor');
        if (item.status === 'reviewed') return reject('invalid_state', 'this QA item has already been reviewed');
        const c = await trx.selectFrom('cases').selectAll().where('id', '=', m.caseId).executeTakeFirstOrThrow();
        const issues = reviewIssues(c, m.review, user.id, policy, 'review');
        if (issues.length) return reject('invalid_decision', issues.map((i) => i.message).join('; '), issues);
        const reviewedAt = new Date();
        await trx.updateTable('qa_items').set({ status: 'reviewed', review: JSON.stringify(m.review), feedback: m.feedback, reviewed_at: reviewedAt }).where('id', '=', item.id).execute();
        await trx
          .insertInto('changes')
          .values([
            { case_id: c.id, type: 'qa_reviewed', holder_id: user.id, former_holder_id: null, payload: null },
            ...(m.feedback ? [{ case_id: c.id, type: 'qa_feedback', holder_id: item.arbitrator_id, former_holder_id: null, payload: null }] : []),
          ])
          .execute();
        const original = item.original as QaDecisionFacts;
        const name = (await trx.selectFrom('users').select('display_name').where('id', '=', item.arbitrator_id).executeTakeFirst())?.display_name ?? item.arbitrator_id;
        const comparison: QaComparison = { arbitratorId: item.arbitrator_id, arbitratorName: name, original, review: m.review, ...compare(original, m.review), feedback: m.feedback, reviewedAt: reviewedAt.toISOString() };
        await appendAudit(trx, { actorId: user.id, action: 'qa.review', caseId: c.id, before: { itemId: item.id, status: 'open' }, after: { itemId: item.id, status: 'reviewed', review: m.review, feedback: m.feedback, mutation: m.clientId } });
        return finish({ clientId: m.clientId, status: 'applied', caseId: c.id, caseVersion: c.version, comparison });
      });
    } catch (err) {
      // A concurrent push of the same clientId committed first: its stored result is the answer.
      if ((err as { code?: string }).code !== '23505') throw err;
    }
  }
  return { clientId: m.clientId, status: 'rejected', reason: 'invalid_request', message: 'the item kept changing while this was applied; push again' };
}

/** The same reason-code and remedy rules as a decision; the note rule is for the arbitrator's decision, not a review. */
function reviewIssues(c: CaseRow, facts: QaDecisionFacts, by: string, policy: Policy, prefix: string): Array<{ path: string; message: string }> {
  const d: Decision = { ...facts, note: 'qa', citedEvidence: [], decidedBy: by, decidedAt: new Date().toISOString(), policyVersion: policy.version, mutationId: 'qa' };
  return checkDecision(c.bundle as CaseBundle, c.findings as StoredAssessment, d, policy)
    .filter((i) => i.path !== 'decision.note')
    .map((i) => ({ ...i, path: i.path.replace(/^decision/, prefix) }));
}
//#endregion

//#region Overrides
type OverrideRequest = z.output<typeof QaOverrideRequestSchema>;

/**
 * A supervisor overturns a decision: the case carries the new decision, the platform's feed gets an
 * `overridden` event, the audit log a row, and the deciding arbitrator a notice in pull. Idempotent
 * per (supervisor, clientId).
 */
export async function overrideDecision(db: Kysely<DB>, policy: Policy, user: User, req: OverrideRequest): Promise<QaOverrideResponse> {
  const replay = async () => (await db.selectFrom('mutations').select('result').where('user_id', '=', user.id).where('client_id', '=', req.clientId).executeTakeFirst())?.result as QaOverrideResponse | undefined;
  const prior = await replay();
  if (prior) return prior;
  try {
    return await db.transaction().execute(async (trx) => {
      const c = await trx.selectFrom('cases').selectAll().where('id', '=', req.caseId).forUpdate().executeTakeFirst();
      if (!c) throw new ApiError(404, 'not_found', `case ${req.caseId} not found`, 'caseId');
      if (!c.decision || (c.status !== 'decided' && c.status !== 'closed')) throw new ApiError(409, 'conflict', `only a decided case can be overridden (case is ${c.status})`, 'caseId');
      if (req.itemId) {
        const item = await trx.selectFrom('qa_items').select(['id', 'case_id']).where('id', '=', req.itemId).executeTakeFirst();
        if (!item || item.case_id !== c.id) throw new ApiError(400, 'invalid_body', `itemId ${req.itemId} is not a QA item of this case`, 'itemId');
      }
      const previous = c.decision as Decision;
      const decision: Decision = {
        verdict: req.decision.verdict,
        remedies: req.decision.remedies,
        reasonCodes: req.decision.reasonCodes,
        note: req.decision.note || req.reason,
        citedEvidence: [],
        decidedBy: user.id,
        decidedAt: new Date().toISOString(),
        policyVersion: policy.version,
        mutationId: req.clientId,
      };
      const issues = checkDecision(c.bundle as CaseBundle, c.findings as StoredAssessment, decision, policy);
      if (issues.length) throw new ApiError(400, 'invalid_body', issues.map((i) => i.message).join('; '), issues[0]!.path);
      const next = await trx.updateTable('cases').set({ decision: JSON.stringify(decision), version: sql<number>`version + 1`, updated_at: new Date() }).where('id', '=', c.id).returningAll().executeTakeFirstOrThrow();
      const id = randomUUID();
      const arbitratorId = c.decided_by ?? previous.decidedBy;
      await trx.insertInto('qa_overrides').values({ id, case_id: c.id, supervisor_id: user.id, arbitrator_id: arbitratorId, item_id: req.itemId ?? null, reason: req.reason, previous: JSON.stringify(factsOf(previous)), decision: JSON.stringify(decision) }).execute();
      await trx
        .insertInto('changes')
        .values({ case_id: c.id, type: 'overridden', holder_id: arbitratorId, former_holder_id: null, payload: JSON.stringify({ decision, status: next.status, reason: req.reason, previous: factsOf(previous) }) })
        .execute();
      await appendAudit(trx, { actorId: user.id, action: 'case.override', caseId: c.id, before: stateOf(c), after: { ...stateOf(next), reason: req.reason, overrideId: id } });
      const res: QaOverrideResponse = { overrideId: id, caseId: c.id, caseVersion: next.version, previous: factsOf(previous), decision };
      await trx.insertInto('mutations').values({ user_id: user.id, client_id: req.clientId, type: 'qa_override', case_id: c.id, result: JSON.stringify(res) }).execute();
      return res;
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      const again = await replay();
      if (again) return again;
    }
    throw err;
  }
}
//#endregion

//#region Golden cases
export async function registerGolden(db: Kysely<DB>, policy: Policy, user: User, req: QaGoldenRequest): Promise<QaGoldenView> {
  const c = await db.selectFrom('cases').selectAll().where('id', '=', req.caseId).executeTakeFirst();
  if (!c) throw new ApiError(404, 'not_found', `case ${req.caseId} not found`, 'caseId');
  if (await db.selectFrom('qa_golden_cases').select('case_id').where('case_id', '=', c.id).executeTakeFirst())
    throw new ApiError(400, 'invalid_body', 'a golden instance cannot itself be a golden template', 'caseId');
  const issues = reviewIssues(c, req.answer, user.id, policy, 'answer');
  if (issues.length) throw new ApiError(400, 'invalid_body', issues.map((i) => i.message).join('; '), issues[0]!.path);
  const id = randomUUID();
  const createdAt = new Date();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('qa_golden').values({ id, template_case_id: c.id, kind: c.kind, answer: JSON.stringify(req.answer), rate: req.rate, created_by: user.id, created_at: createdAt }).execute();
    await appendAudit(trx, { actorId: user.id, action: 'qa.golden', caseId: c.id, before: null, after: { goldenId: id, answer: req.answer, rate: req.rate } });
  });
  goldenChecks.delete(db);
  return { id, caseId: c.id, kind: c.kind as ComplaintKind, answer: req.answer, rate: req.rate, active: true, createdBy: user.id, createdAt: createdAt.toISOString(), inserted: 0, decided: 0, correct: 0 };
}

export async function listGolden(db: Kysely<DB>): Promise<QaGoldenView[]> {
  const rows = (
    await sql<{ id: string; template_case_id: string; kind: ComplaintKind; answer: QaDecisionFacts; rate: number; active: boolean; created_by: string; created_at: Date; inserted: string; decided: string; correct: string }>`
      select g.*,
        (select count(*) from qa_golden_cases gc where gc.golden_id = g.id) as inserted,
        (select count(*) from qa_golden_cases gc join cases c on c.id = gc.case_id where gc.golden_id = g.id and c.decision is not null) as decided,
        (select count(*) from qa_golden_cases gc join cases c on c.id = gc.case_id where gc.golden_id = g.id and c.decision ->> 'verdict' = g.answer ->> 'verdict') as correct
      from qa_golden g order by g.created_at desc`.execute(db)
  ).rows;
  return rows.map((r) => ({ id: r.id, caseId: r.template_case_id, kind: r.kind, answer: r.answer, rate: Number(r.rate), active: r.active, createdBy: r.created_by, createdAt: iso(r.created_at), inserted: Number(r.inserted), decided: Number(r.decided), correct: Number(r.correct) }));
}

type Golden = { id: string; template_case_id: string; kind: ComplaintKind; rate: number };

/**
 * Whether any golden case is active, remembered per database for a few seconds: claims are the hot
 * path and most deployments have no golden case most of the time. Registering one on this instance
 * forgets the answer at once; other instances see it within GOLDEN_CHECK_MS.
 */
const GOLDEN_CHECK_MS = 5_000;
const goldenChecks = new WeakMap<Kysely<DB>, { at: number; any: boolean }>();
async function anyActiveGolden(db: Kysely<DB>): Promise<boolean> {
  const known = goldenChecks.get(db);
  if (known && Date.now() - known.at < GOLDEN_CHECK_MS) return known.any;
  const any = (await db.selectFrom('qa_golden').select('id').where('active', '=', true).limit(1).executeTakeFirst()) !== undefined;
  goldenChecks.set(db, { at: Date.now(), any });
  return any;
}

/**
 * How many of a claim's `count` places go to golden cases, and which: each place independently is
 * golden with probability min(1, Σ rate) of the goldens this arbitrator has not yet seen, the
 * golden picked in proportion to its rate. `random` is the app's source (seedable in tests).
 */
export async function pickGolden(db: Kysely<DB>, userId: string, queues: readonly Queue[], count: number, random: () => number): Promise<Golden[]> {
  if (count <= 0 || !(await anyActiveGolden(db))) return [];
  const rows = (
    await sql<Golden>`
      select g.id, g.template_case_id, g.kind, g.rate from qa_golden g
      where g.active and not exists (select 1 from qa_golden_cases gc where gc.golden_id = g.id and gc.arbitrator_id = ${userId})
      order by g.id`.execute(db)
  ).rows.filter((g) => queues.includes(queueFor(g.kind, 'queued')));
  const picked: Golden[] = [];
  let pool = rows;
  for (let i = 0; i < count && pool.length > 0; i++) {
    const total = pool.reduce((s, g) => s + Number(g.rate), 0);
    let r = random();
    if (r >= Math.min(1, total)) continue;
    r *= total / Math.min(1, total);
    const g = pool.find((x) => (r -= Number(x.rate)) < 0) ?? pool[pool.length - 1]!;
    picked.push(g);
    pool = pool.filter((x) => x.id !== g.id);
  }
  return picked;
}

/**
 * A fresh case cloned from the golden template, claimed by the arbitrator exactly as a claim would:
 * same row shape, change and audit rows as a claim, a platform-style externalId. Nothing the
 * arbitrator can read (case view, pull, notes) marks it; only qa_golden_cases knows.
 */
export async function insertGolden(db: Kysely<DB>, policy: Policy, userId: string, offline: boolean, goldens: Golden[]): Promise<Array<CaseRow & { view: string }>> {
  if (goldens.length === 0) return [];
  const leaseMs = offline ? policy.leases.offlineHours * 3600_000 : policy.leases.normalMinutes * 60_000;
  const expires = new Date(Date.now() + leaseMs);
  const ids: string[] = [];
  await db.transaction().execute(async (trx) => {
    for (const g of goldens) {
      const t = await trx.selectFrom('cases').selectAll().where('id', '=', g.template_case_id).executeTakeFirstOrThrow();
      const bundle = structuredClone(t.bundle) as CaseBundle;
      const id = randomUUID();
      // Same shape as the template's externalId (EXT-<seed>-<8 digits>, or any prefix + digits).
      const m = /^(.*?)(\d+)$/.exec(bundle.case.externalId);
      bundle.case.externalId = m ? `${m[1]}${String(randomInt(0, 10 ** Math.min(m[2]!.length, 12))).padStart(m[2]!.length, '0')}` : `${bundle.case.externalId}-${randomInt(1e6, 1e7)}`;
      bundle.case.id = `c-${randomUUID()}`;
      bundle.case.decision = null;
      bundle.case.claim = null;
      const json = JSON.stringify(bundle);
      const findings = assess(bundle, policy, new Date());
      const row = await trx
        .insertInto('cases')
        .values({
          id,
          external_id: bundle.case.externalId,
          kind: t.kind,
          queue: queueFor(t.kind as ComplaintKind, 'queued'),
          status: 'queued',
          priority: t.priority,
          filed_at: t.filed_at,
          due_at: t.due_at,
          bundle: json,
          bundle_hash: bundleHash(json),
          findings: JSON.stringify(findings),
          max_severity: maxSeverity(findings),
          assignee_id: userId,
          leased: true,
          lease_expires_at: expires,
          lease_epoch: 1,
          offline,
          decision: null,
          decided_by: null,
          decided_at: null,
          evidence_due_at: null,
        })
        .onConflict((oc) => oc.column('external_id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) continue; // externalId collision: skip this place rather than reveal anything
      await trx.insertInto('qa_golden_cases').values({ case_id: id, golden_id: g.id, arbitrator_id: userId }).execute();
      await trx.insertInto('changes').values({ case_id: id, type: 'claimed', holder_id: userId, former_holder_id: null, payload: null }).execute();
      await appendAuditMany(trx, [
        { actorId: userId, action: 'case.claim', caseId: id, before: { status: 'queued', assigneeId: null, leased: false, leaseEpoch: 0 }, after: { status: 'queued', assigneeId: userId, leased: true, leaseEpoch: 1, leaseExpiresAt: expires.toISOString(), offline } },
        { actorId: null, action: 'qa.golden_insert', caseId: id, before: null, after: { goldenId: g.id, templateCaseId: t.id, arbitratorId: userId } },
      ]);
      ids.push(id);
    }
  });
  if (ids.length === 0) return [];
  const views = await caseViewTexts(db, ids);
  const rows = await db.selectFrom('cases').selectAll().where('id', 'in', ids).execute();
  return rows.map((r) => ({ ...r, view: views.get(r.id)! }));
}
//#endregion

//#region Records for the dashboard
export async function qaRecords(db: Kysely<DB>, q: { from?: string; to?: string; limit: number }): Promise<QaRecordsResponse> {
  const names = new Map((await db.selectFrom('users').select(['id', 'display_name']).execute()).map((u) => [u.id, u.display_name]));
  const all = await loadDecisions(db, q);
  all.sort((a, b) => b.seq - a.seq);
  const truncated = all.length > q.limit;
  const decisions: DecisionFact[] = all.slice(0, q.limit).map((d) => ({
    caseId: d.caseId,
    kind: d.kind,
    arbitratorId: d.arbitratorId,
    verdict: d.verdict,
    decidedAt: d.decidedAt,
    dueAt: d.dueAt,
    handlingSeconds: d.handlingSeconds,
    overturned: d.overturnedOnAppeal || d.overridden,
  }));
  const range = sql`${q.from ? sql`and i.decided_at >= ${q.from}::timestamptz` : sql``} ${q.to ? sql`and i.decided_at < ${q.to}::timestamptz` : sql``}`;
  const reviewed = await sql<{ id: string; plan_id: string; case_id: string; external_id: string; kind: ComplaintKind; arbitrator_id: string; supervisor_id: string; decided_at: Date; reviewed_at: Date; original: QaDecisionFacts; review: QaDecisionFacts }>`
    select i.id, i.plan_id, i.case_id, c.external_id, c.kind, i.arbitrator_id, i.supervisor_id, i.decided_at, i.reviewed_at, i.original, i.review
    from qa_items i join cases c on c.id = i.case_id where i.status = 'reviewed' ${range}
    order by i.reviewed_at desc limit ${q.limit}`.execute(db);
  const grange = sql`${q.from ? sql`and c.decided_at >= ${q.from}::timestamptz` : sql``} ${q.to ? sql`and c.decided_at < ${q.to}::timestamptz` : sql``}`;
  const golden = await sql<{ case_id: string; external_id: string; kind: ComplaintKind; arbitrator_id: string; created_by: string; decided_at: Date; decision: Decision; answer: QaDecisionFacts }>`
    select gc.case_id, c.external_id, c.kind, gc.arbitrator_id, g.created_by, c.decided_at, c.decision, g.answer
    from qa_golden_cases gc join cases c on c.id = gc.case_id join qa_golden g on g.id = gc.golden_id
    where c.decision is not null and c.decided_at is not null ${grange}
    order by c.decided_at desc limit ${q.limit}`.execute(db);
  const pairs: ReviewPair[] = [
    ...reviewed.rows.map((r) => ({
      sampleId: r.id,
      caseId: r.case_id,
      externalId: r.external_id,
      kind: r.kind,
      arbitratorId: r.arbitrator_id,
      arbitratorName: names.get(r.arbitrator_id) ?? r.arbitrator_id,
      reviewerId: r.supervisor_id,
      planId: r.plan_id,
      golden: false,
      decidedAt: iso(r.decided_at),
      reviewedAt: iso(r.reviewed_at),
      original: r.original,
      review: r.review,
    })),
    ...golden.rows.map((r) => ({
      sampleId: `golden:${r.case_id}`,
      caseId: r.case_id,
      externalId: r.external_id,
      kind: r.kind,
      arbitratorId: r.arbitrator_id,
      arbitratorName: names.get(r.arbitrator_id) ?? r.arbitrator_id,
      reviewerId: r.created_by,
      planId: null,
      golden: true,
      decidedAt: iso(r.decided_at),
      reviewedAt: iso(r.decided_at),
      original: factsOf(r.decision),
      review: r.answer,
    })),
  ];
  return { pairs, decisions, truncated: truncated || reviewed.rows.length === q.limit || golden.rows.length === q.limit };
}
//#endregion
