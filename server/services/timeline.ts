import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { CaseTimeline, TimelineActor, TimelineEvent } from '@common/api';
import { EscalationReasonSchema, EvidenceCategorySchema, EvidencePartySchema, RemedySchema, VerdictSchema } from '@common/domain';
import type { DB, Role } from '../db/schema';
import { ApiError } from './errors';
import { openReviewCases } from './qa';

/**
 * A case's timeline: every event of its life, oldest first, read from the change log (one row per
 * state change, written in the same statement as the state change and its audit row, indexed by
 * case) and from the QA overrides (the change row names the arbitrator; the override names the
 * supervisor). The audit log holds the same facts chained for tamper evidence, but it is not indexed
 * by case: reading it for one case would scan it whole.
 */

/** One change row as read, ids unresolved. */
export type ChangeRecord = { seq: number; type: string; at: Date; holderId: string | null; formerId: string | null; payload: unknown };
export type OverrideRecord = { at: Date; supervisorId: string };
export type Person = { name: string; role: Role };

const FactsSchema = z.object({ verdict: VerdictSchema, reasonCodes: z.array(z.string()), remedies: z.array(RemedySchema) });
const AssessmentPayload = z.object({ policyVersion: z.string().nullable().optional(), codes: z.array(z.string()).optional() });
const DecidedPayload = z.object({ decision: FactsSchema.extend({ decidedBy: z.string().optional(), policyVersion: z.string().optional() }) });
const RequestPayload = z.object({ from: EvidencePartySchema.optional(), categories: z.array(EvidenceCategorySchema).optional(), dueAt: z.string().optional() });
const EscalatedPayload = z.object({ category: EscalationReasonSchema.optional(), reason: z.string().optional() });
const OverriddenPayload = z.object({ decision: FactsSchema.optional(), previous: FactsSchema.optional(), reason: z.string().optional() });
const PlatformPayload = z.object({ reason: z.string().optional(), status: z.string().optional(), added: z.record(z.string(), z.number()).optional(), reimport: z.boolean().optional(), overdue: z.boolean().optional() });

const parse = <T>(schema: z.ZodType<T>, v: unknown): T | null => {
  const r = schema.safeParse(typeof v === 'string' ? safeJson(v) : v);
  return r.success ? r.data : null;
};
function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/** Every user id the records name, so the caller can read their names in one query. */
export function namedIds(changes: readonly ChangeRecord[], overrides: readonly OverrideRecord[]): string[] {
  const ids = new Set<string>();
  for (const c of changes) {
    if (c.holderId) ids.add(c.holderId);
    if (c.formerId) ids.add(c.formerId);
    if (c.type === 'decided') {
      const by = parse(DecidedPayload, c.payload)?.decision.decidedBy;
      if (by) ids.add(by);
    }
  }
  for (const o of overrides) ids.add(o.supervisorId);
  return [...ids];
}

/**
 * The ordered events from the records. Pure. Changes are ordered by their log position whatever order
 * they come in; the i-th override (by time) is the i-th `overridden` change. Changes that are not
 * events of the case's life to a reader (lease renewals, notes, QA sampling and blind reviews) are
 * left out.
 */
export function buildTimeline(changes: readonly ChangeRecord[], overrides: readonly OverrideRecord[], people: ReadonlyMap<string, Person>): TimelineEvent[] {
  const person = (id: string | null | undefined): TimelineActor => {
    const p = id ? people.get(id) : undefined;
    return p ? { type: 'user', name: p.name, role: p.role } : { type: 'system' };
  };
  const platform: TimelineActor = { type: 'platform' };
  const system: TimelineActor = { type: 'system' };
  const supervisors = [...overrides].sort((a, b) => a.at.getTime() - b.at.getTime());
  let overrideIndex = 0;
  let policy: string | null = null;
  const out: TimelineEvent[] = [];

  const assessed = (c: ChangeRecord, cause: 'import' | 'reimport' | 'evidence', a: z.infer<typeof AssessmentPayload> | null): void => {
    if (!a || a.codes === undefined) return;
    const version = a.policyVersion ?? null;
    const previous = policy !== null && version !== null && version !== policy ? policy : null;
    if (version !== null) policy = version;
    out.push({ seq: c.seq, at: c.at.toISOString(), actor: system, kind: 'assessed', cause, policyVersion: version, previousPolicyVersion: previous, codes: a.codes });
  };

  for (const c of [...changes].sort((a, b) => a.seq - b.seq)) {
    const base = { seq: c.seq, at: c.at.toISOString() };
    switch (c.type) {
      case 'imported':
        out.push({ ...base, actor: platform, kind: 'imported' });
        assessed(c, 'import', parse(AssessmentPayload, c.payload));
        break;
      case 'claimed':
        out.push({ ...base, actor: person(c.holderId), kind: 'claimed' });
        break;
      case 'released':
        out.push({ ...base, actor: person(c.formerId ?? c.holderId), kind: 'released' });
        break;
      case 'lease_expired':
        // The holder whose lease lapsed: the server ended it, but it is theirs.
        out.push({ ...base, actor: person(c.holderId), kind: 'lease_expired' });
        break;
      case 'evidence_requested': {
        const p = parse(RequestPayload, c.payload);
        out.push({ ...base, actor: person(c.holderId ?? c.formerId), kind: 'evidence_requested', from: p?.from ?? null, categories: p?.categories ?? [], dueAt: p?.dueAt ?? null });
        break;
      }
      case 'evidence_added': {
        const p = parse(PlatformPayload, c.payload);
        if (p?.overdue) {
          out.push({ ...base, actor: system, kind: 'evidence_overdue' });
          break;
        }
        const source = p?.reimport ? 'reimport' : p?.added ? 'platform' : 'unknown';
        const items = p?.added ? Object.values(p.added).reduce((s, n) => s + n, 0) : null;
        out.push({ ...base, actor: platform, kind: 'evidence_added', source, items });
        assessed(c, source === 'reimport' ? 'reimport' : 'evidence', parse(AssessmentPayload, c.payload));
        break;
      }
      case 'escalated': {
        const p = parse(EscalatedPayload, c.payload);
        out.push({ ...base, actor: person(c.formerId ?? c.holderId), kind: 'escalated', category: p?.category ?? null, reason: p?.reason ?? '' });
        break;
      }
      case 'decided': {
        const d = parse(DecidedPayload, c.payload)?.decision;
        if (d?.policyVersion) policy = d.policyVersion;
        out.push({
          ...base,
          actor: person(d?.decidedBy ?? c.holderId),
          kind: 'decided',
          decision: d ? { verdict: d.verdict, reasonCodes: d.reasonCodes, remedies: d.remedies } : null,
          policyVersion: d?.policyVersion ?? null,
        });
        break;
      }
      case 'overridden': {
        const p = parse(OverriddenPayload, c.payload);
        const sup = supervisors[overrideIndex++];
        out.push({ ...base, actor: person(sup?.supervisorId), kind: 'overridden', decision: p?.decision ?? null, previous: p?.previous ?? null, reason: p?.reason ?? '' });
        break;
      }
      case 'appealed':
        out.push({ ...base, actor: platform, kind: 'appealed', reason: parse(PlatformPayload, c.payload)?.reason ?? '' });
        break;
      case 'withdrawn': {
        const p = parse(PlatformPayload, c.payload);
        out.push({ ...base, actor: platform, kind: 'withdrawn', reason: p?.reason ?? '', penaltyRetained: p?.status === 'withdrawn_penalty_retained' });
        break;
      }
      case 'closed':
        out.push({ ...base, actor: system, kind: 'closed' });
        break;
      default:
        // lease_renewed, note_added, qa_assigned, qa_reviewed, qa_feedback: not events of the case's life.
        break;
    }
  }
  return out;
}

type Viewer = { id: string; role: Role };

/**
 * The timeline of one case for `user`. An arbitrator sees only a case they hold (any other answers
 * as a case that does not exist, like `GET /v1/cases/:caseId`); a supervisor never sees one under
 * their open blind review, whose decision and decider are hidden from them until they have reviewed it.
 */
export async function caseTimeline(db: Kysely<DB>, user: Viewer, caseId: string): Promise<CaseTimeline> {
  const row = await db.selectFrom('cases').select(['id', 'external_id', 'assignee_id']).where('id', '=', caseId).executeTakeFirst();
  if (!row || (user.role === 'arbitrator' && row.assignee_id !== user.id)) throw new ApiError(404, 'not_found', `case ${caseId} not found`, 'caseId');
  if ((await openReviewCases(db, user, [row.id])).has(row.id))
    throw new ApiError(403, 'forbidden', 'this case is under your blind review: its history stays hidden until you have reviewed it', 'caseId');
  const [changes, overrides] = await Promise.all([
    db.selectFrom('changes').select(['seq', 'type', 'at', 'holder_id', 'former_holder_id', 'payload']).where('case_id', '=', row.id).orderBy('seq').execute(),
    db.selectFrom('qa_overrides').select(['at', 'supervisor_id']).where('case_id', '=', row.id).orderBy('at').execute(),
  ]);
  const changeRecords: ChangeRecord[] = changes.map((c) => ({ seq: Number(c.seq), type: c.type, at: new Date(c.at), holderId: c.holder_id, formerId: c.former_holder_id, payload: c.payload }));
  const overrideRecords: OverrideRecord[] = overrides.map((o) => ({ at: new Date(o.at), supervisorId: o.supervisor_id }));
  const ids = namedIds(changeRecords, overrideRecords);
  const users = ids.length ? await db.selectFrom('users').select(['id', 'display_name', 'role']).where('id', 'in', ids).execute() : [];
  const people = new Map(users.map((u) => [u.id, { name: u.display_name, role: u.role }]));
  return { caseId: row.id, externalId: row.external_id, events: buildTimeline(changeRecords, overrideRecords, people) };
}
