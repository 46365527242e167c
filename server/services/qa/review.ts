/** QA blind review: the `qa_review` push, and what the pull carries for supervisors and arbitrators. */
import { sql, type Kysely } from 'kysely';
import type { Mutation, MutationResult, QaComparison, QaItemView, QaNotice, QaPull } from '@common/api';
import type { CaseBundle, Decision } from '@common/domain';
import type { Policy } from '@common/policy';
import type { QaDecisionFacts } from '@common/qa';
import type { DB } from '../../db/schema';
import type { PolicyRegistry } from '../policies';
import { appendAudit } from '../audit';
import { caseViewTexts, type CaseRow } from '../cases';
import { checkDecision, type StoredAssessment } from '../engine';
import { compare, factsOf, iso, type User } from './facts';

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

/**
 * Of `caseIds` (all cases when omitted), those under an open blind review by this user: every route
 * that shows a supervisor a case, a decision or a sample hides those decisions from them.
 */
export async function openReviewCases(db: Kysely<DB>, user: User, caseIds?: readonly string[]): Promise<Set<string>> {
  if (user.role !== 'supervisor' || (caseIds && caseIds.length === 0)) return new Set();
  let q = db.selectFrom('qa_items').select('case_id').where('supervisor_id', '=', user.id).where('status', '=', 'open');
  if (caseIds) q = q.where('case_id', 'in', [...caseIds]);
  return new Set((await q.execute()).map((r) => r.case_id));
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
    for (const id of await openReviewCases(db, user, ids)) blind.add(id);
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
    select i.id, i.case_id, c.bundle -> 'case' ->> 'externalId' as external_id, i.supervisor_id, u.display_name as name, i.feedback, i.original, i.review, i.reviewed_at
    from qa_items i join cases c on c.id = i.case_id left join users u on u.id = i.supervisor_id
    where i.arbitrator_id = ${arbitratorId} and i.status = 'reviewed' and coalesce(i.feedback, '') <> '' and i.case_id in (${sql.join(caseIds)})`.execute(db);
  const overrides = await sql<{ id: string; case_id: string; external_id: string; supervisor_id: string; name: string | null; reason: string; previous: QaDecisionFacts; decision: Decision; at: Date }>`
    select o.id, o.case_id, c.bundle -> 'case' ->> 'externalId' as external_id, o.supervisor_id, u.display_name as name, o.reason, o.previous, o.decision, o.at
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
export async function applyQaReview(db: Kysely<DB>, policies: PolicyRegistry, user: User, m: QaReviewMutation): Promise<MutationResult> {
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
        const issues = reviewIssues(c, m.review, user.id, await policies.forCase(c), 'review');
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

/**
 * The same reason-code and remedy rules as a decision, under the case's governing version; the
 * note and the eligibility override are the arbitrator's duty in a decision, not part of the facts
 * a review compares.
 */
export function reviewIssues(c: CaseRow, facts: QaDecisionFacts, by: string, policy: Policy, prefix: string): Array<{ path: string; message: string }> {
  const d: Decision = { ...facts, note: 'qa', citedEvidence: [], decidedBy: by, decidedAt: new Date().toISOString(), policyVersion: policy.version, mutationId: 'qa' };
  return checkDecision(c.bundle as CaseBundle, c.findings as StoredAssessment, d, policy)
    .filter((i) => i.path !== 'decision.note' && i.path !== 'decision.eligibilityOverride')
    .map((i) => ({ ...i, path: i.path.replace(/^decision/, prefix) }));
}
