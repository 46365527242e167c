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

/** A decided case as similarity reads it: its precedent_features row (migration 17). */
type Candidate = {
  case_id: string;
  decided_at: Date;
  verdict: Verdict;
  finding_codes: string[];
  party_ids: string[];
  addresses: string[];
  amount_fen: string | number;
  policy_version: string;
};

function candidateFeatures(kind: ComplaintKind, c: Candidate): PrecedentFeatures {
  return {
    kind,
    findingCodes: c.finding_codes,
    criticalCodes: criticalOf(c.finding_codes),
    amountFen: Number(c.amount_fen),
    partyIds: c.party_ids,
    addresses: c.addresses,
    policyVersion: c.policy_version,
  };
}

/** How many older decided cases of the open case's address ring are scored beside the most recent ones. */
export const PRECEDENT_RING_SCAN = 100;

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

  // Narrow rows, not bundles: the PRECEDENT_SCAN most recent decided cases of the kind (index
  // precedent_features_kind), and the open case's address ring however old (GIN on addresses).
  const candidates = await sql<Candidate>`
    (select case_id, decided_at, verdict, finding_codes, party_ids, addresses, amount_fen, policy_version
      from precedent_features where kind = ${kind} and case_id <> ${row.id}
      order by decided_at desc limit ${PRECEDENT_SCAN})
    union
    (select case_id, decided_at, verdict, finding_codes, party_ids, addresses, amount_fen, policy_version
      from precedent_features where kind = ${kind} and case_id <> ${row.id} and addresses && ${sql.val(open.addresses)}::text[]
      order by decided_at desc limit ${PRECEDENT_RING_SCAN})
    order by decided_at desc, case_id`.execute(db);

  const scored = candidates.rows.flatMap((c) => {
    const s = similarity(open, candidateFeatures(kind, c));
    return s ? [{ c, ...s }] : [];
  });
  // Best first; among equals the more recent decision first (the scan order).
  const ranked = scored.map((s, i) => ({ ...s, i })).sort((a, b) => b.score - a.score || a.i - b.i);
  const close = ranked.filter((s) => s.score >= CLOSE_SCORE);
  const top = ranked.slice(0, PRECEDENT_TOP);
  // What the list shows, for the few listed only: their features rows, which the scan has just
  // read (migration 19), not the cases' bundles and decisions.
  const details = new Map(
    top.length === 0
      ? []
      : (
          await db
            .selectFrom('precedent_features')
            .select(['case_id', 'external_id', 'title', 'reason_codes', 'note_head'])
            .where('case_id', 'in', top.map((s) => s.c.case_id))
            .execute()
        ).map((d) => [d.case_id, d]),
  );
  return {
    caseId: row.id,
    computedAt: now.toISOString(),
    scanned: candidates.rows.length,
    closeScore: CLOSE_SCORE,
    precedents: top.flatMap(({ c, score, why }) => {
      const d = details.get(c.case_id);
      if (!d) return [];
      return [
        {
          caseId: c.case_id,
          externalId: d.external_id,
          title: d.title,
          verdict: c.verdict,
          reasonCodes: d.reason_codes,
          noteFirstLine: firstLine(d.note_head),
          decidedAt: new Date(c.decided_at).toISOString(),
          policyVersion: c.policy_version,
          amountFen: Number(c.amount_fen),
          findingCodes: c.finding_codes,
          score,
          why,
        },
      ];
    }),
    distribution: verdictDistribution(close.map((s): Verdict => s.c.verdict)),
  };
}
