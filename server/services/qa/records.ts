/** QA records for the dashboard: review pairs and decision facts, most recent first. */
import { sql, type Kysely } from 'kysely';
import type { QaRecordsResponse } from '@common/api';
import type { ComplaintKind, Decision } from '@common/domain';
import type { DecisionFact, QaDecisionFacts, ReviewPair } from '@common/qa';
import type { DB } from '../../db/schema';
import { factsOf, iso, type User } from './facts';
import { loadDecisions } from './population';
import { openReviewCases } from './review';

/** The dashboard's records, without the decisions on cases the caller is reviewing blind. */
export async function qaRecords(db: Kysely<DB>, user: User, q: { from?: string; to?: string; limit: number }): Promise<QaRecordsResponse> {
  const names = new Map((await db.selectFrom('users').select(['id', 'display_name']).execute()).map((u) => [u.id, u.display_name]));
  const blind = await openReviewCases(db, user);
  const all = (await loadDecisions(db, q)).filter((d) => !blind.has(d.caseId));
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
    precedentHint: d.precedentHint,
  }));
  const range = sql`${q.from ? sql`and i.decided_at >= ${q.from}::timestamptz` : sql``} ${q.to ? sql`and i.decided_at < ${q.to}::timestamptz` : sql``}`;
  const reviewed = await sql<{ id: string; plan_id: string; case_id: string; external_id: string; kind: ComplaintKind; arbitrator_id: string; supervisor_id: string; decided_at: Date; reviewed_at: Date; original: QaDecisionFacts; review: QaDecisionFacts }>`
    select i.id, i.plan_id, i.case_id, c.external_id, c.kind, i.arbitrator_id, i.supervisor_id, i.decided_at, i.reviewed_at, i.original, i.review
    from qa_items i join cases c on c.id = i.case_id where i.status = 'reviewed' ${range}
    order by i.reviewed_at desc limit ${q.limit}`.execute(db);
  const grange = sql`${q.from ? sql`and c.decided_at >= ${q.from}::timestamptz` : sql``} ${q.to ? sql`and c.decided_at < ${q.to}::timestamptz` : sql``}`;
  const golden = await sql<{ case_id: string; external_id: string; kind: ComplaintKind; arbitrator_id: string; created_by: string; decided_at: Date; decision: Decision; answer: QaDecisionFacts }>`
    select gc.case_id, c.bundle -> 'case' ->> 'externalId' as external_id, c.kind, gc.arbitrator_id, g.created_by, c.decided_at, c.decision, g.answer
    from qa_golden_cases gc join cases c on c.id = gc.case_id join qa_golden g on g.id = gc.golden_id
    where c.decision is not null and c.decided_at is not null ${grange}
    order by c.decided_at desc limit ${q.limit}`.execute(db);
  const pairs: ReviewPair[] = [
    ...reviewed.rows.filter((r) => !blind.has(r.case_id)).map((r) => ({
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
    ...golden.rows.filter((r) => !blind.has(r.case_id)).map((r) => ({
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
