/**
 * The what-if behind the Policy page: what a draft would flip over the open cases and the most
 * recently decided ones (common/rules/whatIf.ts, the comparison the `assess --compare` CLI
 * prints), one slice per call so the screen can show progress and a run never holds a request or
 * the database for long. The baseline is each case's stored assessment under its governing version;
 * the draft is assessed at that assessment's own instant, so what differs is the draft's doing,
 * not the clock's. Reads only.
 */
import { sql, type Kysely } from 'kysely';
import type { WhatIfResponse } from '@common/api';
import type { CaseBundle, Decision } from '@common/domain';
import type { Policy } from '@common/policy';
import { compareCase, emptySummary, tally, type Assessment, type WhatIfFlip } from '@common/rules';
import type { DB } from '../db/schema';
import { ApiError } from './errors';
import type { PolicyRegistry } from './policies';

type Row = { id: string; external_id: string; filed_at: Date; policy_version: string | null; bundle: unknown; findings: unknown; decision: unknown };
type Request = { draft: Policy; decidedLimit: number; cursor?: string | undefined; at?: string | undefined; limit: number };

/** Cases still to decide (the open phase); withdrawn and closed ones are not judged any more. */
const OPEN = sql`decision is null and status not in ('withdrawn', 'closed')`;

function parseCursor(c: string | undefined): { phase: 'open'; after: string } | { phase: 'decided'; offset: number } {
  if (c === undefined) return { phase: 'open', after: '' };
  const m = /^(open|decided):(.*)$/.exec(c);
  if (m?.[1] === 'open') return { phase: 'open', after: m[2]! };
  if (m?.[1] === 'decided' && /^\d+$/.test(m[2]!)) return { phase: 'decided', offset: Number(m[2]) };
  throw new ApiError(400, 'invalid_body', 'cursor is opaque: send back what the previous slice returned', 'cursor');
}

export async function whatIfSlice(db: Kysely<DB>, policies: PolicyRegistry, req: Request): Promise<WhatIfResponse> {
  const at = req.at ?? new Date().toISOString();
  const atMs = Date.parse(at);
  const cursor = parseCursor(req.cursor);
  let total: number | null = null;
  if (req.cursor === undefined) {
    const n = (await sql<{ open: string; decided: string }>`select count(*) filter (where ${OPEN})::text as open, count(*) filter (where decision is not null)::text as decided from cases`.execute(db)).rows[0];
    total = Number(n?.open ?? 0) + Math.min(req.decidedLimit, Number(n?.decided ?? 0));
  }
  const cols = sql`id, external_id, filed_at, policy_version, bundle, findings, decision`;
  let rows: Row[];
  let next: string | null;
  if (cursor.phase === 'open') {
    rows = (await sql<Row>`select ${cols} from cases where ${OPEN} and id > ${cursor.after} order by id limit ${req.limit}`.execute(db)).rows;
    next = rows.length === req.limit ? `open:${rows[rows.length - 1]!.id}` : req.decidedLimit > 0 ? 'decided:0' : null;
  } else {
    const take = Math.max(0, Math.min(req.limit, req.decidedLimit - cursor.offset));
    rows = take ? (await sql<Row>`select ${cols} from cases where decision is not null order by decided_at desc, id limit ${take} offset ${cursor.offset}`.execute(db)).rows : [];
    next = rows.length === take && cursor.offset + take < req.decidedLimit ? `decided:${cursor.offset + take}` : null;
  }
  const summary = emptySummary();
  const flips: WhatIfFlip[] = [];
  for (const r of rows) {
    const bundle = r.bundle as CaseBundle;
    const governing = await policies.forCase(r);
    const decision = (r.decision as Decision | null) ?? null;
    const stored = r.findings as Assessment | null;
    const before = stored && stored.policyVersion === governing.version ? stored : undefined;
    const flip = compareCase({ bundle, governing, at: before ? Date.parse(before.at) : decision ? Date.parse(decision.decidedAt) : atMs, decision, ...(before ? { before } : {}) }, req.draft);
    // The case's own ids, not the bundle's: the platform's externalId and the server's case id.
    if (flip) flips.push({ ...flip, caseId: r.id, externalId: r.external_id });
    tally(summary, bundle.case.kind, decision !== null, flip);
  }
  return { flips, summary, processed: rows.length, total, at, cursor: next };
}
