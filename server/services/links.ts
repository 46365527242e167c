/**
 * Linked cases (docs/clusters.md): GET /v1/cases/:caseId/links reads the cases that share a key with
 * the asked case from the case_link_keys index (written by linkKeys.ts), and says why each links.
 */
import { sql, type Kysely } from 'kysely';
import type { CaseLinksResponse, LinkedCase } from '@common/api';
import type { LinkKeyType } from '@common/domain';
import { CODE_SEVERITY, SEVERITY_RANK, type FindingCode } from '@common/rules';
import type { DB } from '../db/schema';
import type { AuthUser } from './auth';
import { OPEN_STATUSES } from './cases';
import { findingCodes, type StoredAssessment } from './engine';
import { ApiError } from './errors';
import { openReviewCases } from './qa';

/** How many linked cases one answer lists at most (open ones first). */
export const LINKS_TOP = 200;
const bySeverity = (codes: readonly string[]): string[] =>
  [...new Set(codes)].sort((a, b) => (SEVERITY_RANK[CODE_SEVERITY[a as FindingCode]] ?? 9) - (SEVERITY_RANK[CODE_SEVERITY[b as FindingCode]] ?? 9));

type LinkRow = {
  id: string;
  external_id: string;
  title: string | null;
  kind: LinkedCase['kind'];
  status: string;
  active: boolean;
  holder_id: string | null;
  holder_name: string | null;
  findings: StoredAssessment;
  amount: string | number | null;
  why: Array<{ type: LinkKeyType; label: string }>;
};

/**
 * GET /v1/cases/:caseId/links. Who may ask is as for precedents: an arbitrator only about a case they
 * hold (any other answers as missing), a supervisor never about a case under their open blind review.
 */
export async function caseLinks(db: Kysely<DB>, user: AuthUser, caseId: string): Promise<CaseLinksResponse> {
  const row = await db.selectFrom('cases').select(['id', 'assignee_id']).where('id', '=', caseId).executeTakeFirst();
  if (!row || (user.role === 'arbitrator' && row.assignee_id !== user.id)) throw new ApiError(404, 'not_found', `case ${caseId} not found`, 'caseId');
  if ((await openReviewCases(db, user, [row.id])).has(row.id)) throw new ApiError(403, 'forbidden', 'linked cases are not shown for a case under your blind review', 'caseId');

  const own = await db.selectFrom('case_link_keys').select(['key_type', 'label']).where('case_id', '=', row.id).orderBy('key_type').orderBy('key_value').execute();
  const open = [...OPEN_STATUSES];
  // The keys each other case shares with this one, from the index; then what the list shows of it.
  const linked = await sql<LinkRow>`
    with mine as (select key_type, key_value from case_link_keys where case_id = ${row.id}),
    shared as (
      select k.case_id, jsonb_agg(jsonb_build_object('type', k.key_type, 'label', k.label) order by k.key_type, k.key_value) as why, count(*) as n
      from case_link_keys k join mine m on m.key_type = k.key_type and m.key_value = k.key_value
      where k.case_id <> ${row.id}
      group by k.case_id)
    select c.id, c.external_id, c.bundle -> 'case' ->> 'title' as title, c.kind, c.status,
      coalesce(c.leased and c.lease_expires_at > now(), false) as active, c.assignee_id as holder_id, u.display_name as holder_name, c.findings,
      (select coalesce(sum((o ->> 'paidFen')::bigint), 0) from jsonb_array_elements(c.bundle -> 'orders') o
        where (c.bundle -> 'case' -> 'subject' -> 'orderIds') ? (o ->> 'id')) as amount,
      s.why
    from shared s join cases c on c.id = s.case_id left join users u on u.id = c.assignee_id
    order by (c.status in (${sql.join(open)})) desc, s.n desc, c.due_at, c.id
    limit ${LINKS_TOP + 1}`.execute(db);

  const links: LinkedCase[] = linked.rows.slice(0, LINKS_TOP).map((r) => {
    const held = r.active && r.holder_id !== null;
    const status = held && (r.status === 'queued' || r.status === 'appealed') ? 'claimed' : (r.status as LinkedCase['status']);
    return {
      caseId: r.id,
      externalId: r.external_id,
      title: r.title,
      kind: r.kind,
      status,
      open: OPEN_STATUSES.has(r.status),
      holder: held ? { id: r.holder_id!, name: r.holder_name ?? '' } : null,
      findingCodes: bySeverity(findingCodes(r.findings)).slice(0, 50),
      amountFen: Number(r.amount ?? 0),
      why: r.why,
    };
  });
  return { caseId: row.id, keys: own.map((k) => ({ type: k.key_type as LinkKeyType, label: k.label })), links, truncated: linked.rows.length > LINKS_TOP };
}
