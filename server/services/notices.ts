/**
 * The inbox of notices on a user's own decisions: a supervisor's override, or the result of a QA
 * review. A notice is the override or the reviewed QA item itself (same id), so it exists from the
 * moment the override or review commits, whichever cases the user's pull pages carry; only the
 * addressee's read state is stored for it (notice_reads).
 */
import { sql, type Kysely } from 'kysely';
import { NOTICE_LIST_LIMIT, type NoticeList, type NoticeView } from '@common/api';
import type { ComplaintKind, Decision } from '@common/domain';
import type { QaDecisionFacts } from '@common/qa';
import type { DB } from '../db/schema';
import { factsOf, iso } from './qa/facts';

type NoticeRow = {
  id: string;
  type: 'feedback' | 'override';
  case_id: string;
  external_id: string;
  kind: ComplaintKind;
  by_id: string;
  by_name: string | null;
  note: string | null;
  previous: QaDecisionFacts;
  decision: QaDecisionFacts | Decision;
  at: Date;
  read_at: Date | null;
};

/**
 * Reviews and overrides of `userId`'s decisions, one select each, never on a golden case (the
 * arbitrator must not learn which cases were planted) nor of a user's own doing.
 */
const noticesOf = (userId: string) => sql`
  select i.id, 'feedback' as type, i.case_id, i.supervisor_id as by_id, i.feedback as note, i.original as previous, i.review as decision, i.reviewed_at as at
  from qa_items i
  where i.arbitrator_id = ${userId} and i.status = 'reviewed' and i.supervisor_id <> ${userId}
  union all
  select o.id, 'override', o.case_id, o.supervisor_id, o.reason, o.previous, o.decision, o.at
  from qa_overrides o
  where o.arbitrator_id = ${userId} and o.supervisor_id <> ${userId}`;

export async function listNotices(db: Kysely<DB>, userId: string): Promise<NoticeList> {
  const rows = (
    await sql<NoticeRow>`
      select n.id, n.type, n.case_id, c.external_id, c.kind, n.by_id, u.display_name as by_name, n.note, n.previous, n.decision, n.at, r.read_at
      from (${noticesOf(userId)}) n
      join cases c on c.id = n.case_id
      left join users u on u.id = n.by_id
      left join notice_reads r on r.user_id = ${userId} and r.notice_id = n.id
      where not exists (select 1 from qa_golden_cases g where g.case_id = n.case_id)
      order by n.at desc, n.id
      limit ${NOTICE_LIST_LIMIT}`.execute(db)
  ).rows;
  const unread = await sql<{ n: number }>`
    select count(*)::int as n from (${noticesOf(userId)}) n
    where not exists (select 1 from notice_reads r where r.user_id = ${userId} and r.notice_id = n.id)
      and not exists (select 1 from qa_golden_cases g where g.case_id = n.case_id)`.execute(db);
  return { notices: rows.map(viewOf), unread: unread.rows[0]?.n ?? 0 };
}

function viewOf(r: NoticeRow): NoticeView {
  return {
    id: r.id,
    caseId: r.case_id,
    externalId: r.external_id,
    kind: r.kind,
    type: r.type,
    at: iso(r.at),
    byId: r.by_id,
    // A display name, never an id: an account without one is named by the role that acted.
    byName: r.by_name ?? '',
    note: r.note ?? '',
    previous: r.previous,
    decision: factsOf(r.decision),
    readAt: r.read_at ? iso(r.read_at) : null,
  };
}

/** Marks the ids that are `userId`'s notices read; others (someone else's, unknown) are ignored. Returns how many were newly marked. */
export async function markNoticesRead(db: Kysely<DB>, userId: string, ids: readonly string[]): Promise<number> {
  const unique = [...new Set(ids)];
  const res = await sql`
    insert into notice_reads (user_id, notice_id)
    select ${userId}, n.id from (${noticesOf(userId)}) n where n.id in (${sql.join(unique)})
    on conflict (user_id, notice_id) do nothing`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}
