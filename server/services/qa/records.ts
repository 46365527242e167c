/** QA records for the dashboard: review pairs and decision facts, most recent first. */
import { sql, type Kysely } from 'kysely';
import { QA_RECORDS_CURSOR, QA_RECORDS_MAX_PAGE, type QaRecordsResponse } from '@common/api';
import type { ComplaintKind, Decision, Verdict } from '@common/domain';
import type { DecisionFact, QaDecisionFacts, ReviewPair } from '@common/qa';
import type { DB } from '../../db/schema';
import { factsOf, iso, type User } from './facts';
import { ApiError } from '../errors';
import { populationSql, recordsPageSql } from './sample';
import { openReviewCases } from './review';

type RecordsQuery = { from?: string; to?: string; limit: number; cursor?: string };
type FactRow = { seq: string; micros: string; case_id: string; kind: ComplaintKind; arbitrator_id: string; verdict: Verdict; decided_at: Date; due_at: Date; handling_seconds: number; overturned: boolean; precedent_hint: boolean | null };

/** `<microseconds since the epoch>:<change seq>` of the last row of a page, exact (a Date would drop the microseconds). */
function parseCursor(cursor: string): { micros: string; seq: string } {
  const [micros, seq] = cursor.split(':');
  if (!micros || !seq || !QA_RECORDS_CURSOR.test(cursor)) throw new ApiError(400, 'invalid_query', 'cursor must be the nextCursor of an earlier page', 'cursor');
  return { micros, seq };
}

/**
 * The dashboard's records, a keyset page at a time (newest decision first, ordered by
 * (decided_at, seq) so equal timestamps neither repeat nor drop across pages), without the
 * decisions on cases the caller is reviewing blind. The first page also carries the review pairs
 * (up to QA_RECORDS_MAX_PAGE, whatever the page size: they are people's reviews, not the bulk) and
 * the total count a client shows its progress against.
 */
export async function qaRecords(db: Kysely<DB>, user: User, q: RecordsQuery): Promise<QaRecordsResponse> {
  const blind = await openReviewCases(db, user);
  const after = q.cursor ? parseCursor(q.cursor) : null;
  const filter = { from: q.from, to: q.to, hideCases: [...blind] };
  const pageQuery = sql<FactRow>`${recordsPageSql(filter, after, q.limit + 1)}`.execute(db);
  // The first page's total is counted beside it (another connection), not after it.
  const [page, counted] = await Promise.all([pageQuery.then((r) => r.rows), after ? Promise.resolve(null) : sql<{ n: string }>`select count(*) as n from ${populationSql(filter)} p`.execute(db)]);
  const more = page.length > q.limit;
  const rows = more ? page.slice(0, q.limit) : page;
  const last = rows[rows.length - 1];
  const nextCursor = more && last ? `${last.micros}:${last.seq}` : null;
  const decisions: DecisionFact[] = rows.map((d) => ({
    caseId: d.case_id,
    kind: d.kind,
    arbitratorId: d.arbitrator_id,
    verdict: d.verdict,
    decidedAt: iso(d.decided_at),
    dueAt: iso(d.due_at),
    handlingSeconds: Number(d.handling_seconds),
    overturned: d.overturned,
    precedentHint: d.precedent_hint,
  }));
  if (after) return { pairs: [], decisions, truncated: more, nextCursor };
  const total = Number(counted?.rows[0]?.n ?? 0);
  const names = new Map((await db.selectFrom('users').select(['id', 'display_name']).execute()).map((u) => [u.id, u.display_name]));
  const range = sql`${q.from ? sql`and i.decided_at >= ${q.from}::timestamptz` : sql``} ${q.to ? sql`and i.decided_at < ${q.to}::timestamptz` : sql``}`;
  const reviewed = await sql<{ id: string; plan_id: string; case_id: string; external_id: string; kind: ComplaintKind; arbitrator_id: string; supervisor_id: string; decided_at: Date; reviewed_at: Date; original: QaDecisionFacts; review: QaDecisionFacts }>`
    select i.id, i.plan_id, i.case_id, c.external_id, c.kind, i.arbitrator_id, i.supervisor_id, i.decided_at, i.reviewed_at, i.original, i.review
    from qa_items i join cases c on c.id = i.case_id where i.status = 'reviewed' ${range}
    order by i.reviewed_at desc limit ${QA_RECORDS_MAX_PAGE}`.execute(db);
  const grange = sql`${q.from ? sql`and c.decided_at >= ${q.from}::timestamptz` : sql``} ${q.to ? sql`and c.decided_at < ${q.to}::timestamptz` : sql``}`;
  const golden = await sql<{ case_id: string; external_id: string; kind: ComplaintKind; arbitrator_id: string; created_by: string; decided_at: Date; decision: Decision; answer: QaDecisionFacts }>`
    select gc.case_id, c.bundle -> 'case' ->> 'externalId' as external_id, c.kind, gc.arbitrator_id, g.created_by, c.decided_at, c.decision, g.answer
    from qa_golden_cases gc join cases c on c.id = gc.case_id join qa_golden g on g.id = gc.golden_id
    where c.decision is not null and c.decided_at is not null ${grange}
    order by c.decided_at desc limit ${QA_RECORDS_MAX_PAGE}`.execute(db);
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
  return { pairs, decisions, truncated: more || reviewed.rows.length === QA_RECORDS_MAX_PAGE || golden.rows.length === QA_RECORDS_MAX_PAGE, nextCursor, total };
}
