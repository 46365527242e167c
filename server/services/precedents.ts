/**
 * Precedents (docs/precedents.md): the decided cases most like an open one, scored with
 * common/domain/precedents.ts over the most recent decided cases of its kind.
 */
import { sql, type Kysely } from 'kysely';
import type { PrecedentsResponse } from '@common/api';
import {
  bundleFeatures,
  CLOSE_SCORE,
  similarity,
  verdictDistribution,
  type CaseBundle,
  type ComplaintKind,
  type Decision,
  type PrecedentFeatures,
  type Verdict,
} from '@common/domain';
import { CODE_SEVERITY, type FindingCode } from '@common/rules';
import type { DB } from '../db/schema';
import type { AuthUser } from './auth';
import { findingCodes, type StoredAssessment } from './engine';
import { ApiError } from './errors';
import { openReviewCases } from './qa';

/** How many of the most recent decided cases of the kind are scored: a constant cost per request. */
export const PRECEDENT_SCAN = 500;
/** How many precedents the answer lists. */
export const PRECEDENT_TOP = 8;

const criticalOf = (codes: readonly string[]): string[] => codes.filter((c) => CODE_SEVERITY[c as FindingCode] === 'critical');

/** The first line of a note, trimmed, at most 200 characters. */
export function firstLine(note: string): string {
  const line = note.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const t = line.trim();
  return t.length > 200 ? `${t.slice(0, 199)}…` : t;
}

type Candidate = {
  id: string;
  external_id: string;
  title: string | null;
  decided_at: Date;
  policy_version: string | null;
  decision: Decision;
  complainant: string;
  respondent: string;
  orders: Array<{ b: string; m: string; a: string | null; p: number; r: string }> | null;
};

function candidateFeatures(kind: ComplaintKind, c: Candidate): PrecedentFeatures {
  const codes = c.decision.assessment?.codes ?? [];
  const orders = c.orders ?? [];
  const parties = new Set([c.complainant, c.respondent]);
  for (const o of orders) {
    parties.add(o.b);
    parties.add(o.m);
    if (o.a) parties.add(o.a);
  }
  return {
    kind,
    findingCodes: codes,
    criticalCodes: criticalOf(codes),
    amountFen: orders.reduce((s, o) => s + o.p, 0),
    partyIds: [...parties],
    addresses: [...new Set(orders.map((o) => o.r))],
    policyVersion: c.decision.policyVersion || c.policy_version || '',
  };
}

/**
 * GET /v1/cases/:caseId/precedents. An arbitrator asks only about a case they hold (any other answers
 * as one that does not exist, like GET /v1/cases/:caseId); a supervisor never about a case under
 * their open blind review (403): the review must stay blind to how similar cases went.
 */
export async function casePrecedents(db: Kysely<DB>, user: AuthUser, caseId: string, now = new Date()): Promise<PrecedentsResponse> {
  const row = await db
    .selectFrom('cases')
    .select(['id', 'kind', 'assignee_id', 'bundle', 'findings', 'policy_version'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!row || (user.role === 'arbitrator' && row.assignee_id !== user.id)) throw new ApiError(404, 'not_found', `case ${caseId} not found`, 'caseId');
  if ((await openReviewCases(db, user, [row.id])).has(row.id)) throw new ApiError(403, 'forbidden', 'precedents are not shown for a case under your blind review', 'caseId');

  const kind = row.kind as ComplaintKind;
  const codes = findingCodes(row.findings as StoredAssessment);
  const open: PrecedentFeatures = { ...bundleFeatures(row.bundle as CaseBundle), findingCodes: codes, criticalCodes: criticalOf(codes), policyVersion: row.policy_version ?? '' };

  // Only what scoring needs leaves the database: the subject orders' parties, amount and address,
  // not the bundles. The partial index cases_decided_kind (migration 11) walks the kind newest first.
  const candidates = await sql<Candidate>`
    select c.id, c.external_id, c.bundle -> 'case' ->> 'title' as title, c.decided_at, c.policy_version, c.decision,
      c.bundle -> 'case' ->> 'complainantId' as complainant, c.bundle -> 'case' ->> 'respondentId' as respondent,
      (select jsonb_agg(jsonb_build_object('b', o ->> 'buyerId', 'm', o ->> 'merchantId', 'a', o ->> 'affiliateId',
          'p', (o ->> 'paidFen')::bigint, 'r', o -> 'shippingAddress' ->> 'normalised'))
        from jsonb_array_elements(c.bundle -> 'orders') o
        where (c.bundle -> 'case' -> 'subject' -> 'orderIds') ? (o ->> 'id')) as orders
    from cases c
    where c.kind = ${kind} and c.decision is not null and c.status in ('decided', 'closed') and c.id <> ${row.id}
    order by c.decided_at desc
    limit ${PRECEDENT_SCAN}`.execute(db);

  const scored = candidates.rows.flatMap((c) => {
    const s = similarity(open, candidateFeatures(kind, c));
    return s ? [{ c, ...s }] : [];
  });
  // Best first; among equals the more recent decision first (the scan order).
  const ranked = scored.map((s, i) => ({ ...s, i })).sort((a, b) => b.score - a.score || a.i - b.i);
  const close = ranked.filter((s) => s.score >= CLOSE_SCORE);
  return {
    caseId: row.id,
    computedAt: now.toISOString(),
    scanned: candidates.rows.length,
    closeScore: CLOSE_SCORE,
    precedents: ranked.slice(0, PRECEDENT_TOP).map(({ c, score, why }) => ({
      caseId: c.id,
      externalId: c.external_id,
      title: c.title,
      verdict: c.decision.verdict,
      reasonCodes: c.decision.reasonCodes,
      noteFirstLine: firstLine(c.decision.note ?? ''),
      decidedAt: new Date(c.decided_at).toISOString(),
      policyVersion: c.decision.policyVersion,
      amountFen: (c.orders ?? []).reduce((s, o) => s + o.p, 0),
      findingCodes: c.decision.assessment?.codes ?? [],
      score,
      why,
    })),
    distribution: verdictDistribution(close.map((s): Verdict => s.c.decision.verdict)),
  };
}
