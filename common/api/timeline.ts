/**
 * Wire schema of `GET /v1/cases/:caseId/timeline`: every event of one case, oldest first, built by
 * server/services/timeline.ts from the change log (and the QA overrides that name the supervisor).
 * Who is a person's display name and role, the platform, or the server itself; never an id.
 */
import { z } from 'zod';
import { EscalationReasonSchema, EvidenceCategorySchema, EvidencePartySchema, IsoDateTimeSchema, RemedySchema, VerdictSchema } from '../domain';
import { RoleSchema } from './auth';

export const TIMELINE_KINDS = [
  'imported',
  'assessed',
  'claimed',
  'released',
  'lease_expired',
  'evidence_requested',
  'evidence_added',
  'evidence_overdue',
  'escalated',
  'decided',
  'overridden',
  'appealed',
  'withdrawn',
  'closed',
] as const;
export const TimelineKindSchema = z.enum(TIMELINE_KINDS);
export type TimelineKind = z.infer<typeof TimelineKindSchema>;

export const TimelineActorSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), name: z.string().min(1).describe('Display name, never the id'), role: RoleSchema }),
  z.object({ type: z.literal('platform').describe('The e-commerce platform through its integration (import, new evidence, appeal, withdrawal)') }),
  z.object({ type: z.literal('system').describe('The server itself (a lapsed lease, an evidence deadline passed, the appeal window closed)') }),
]);
export type TimelineActor = z.infer<typeof TimelineActorSchema>;

const DecisionFactsSchema = z.object({ verdict: VerdictSchema, reasonCodes: z.array(z.string()), remedies: z.array(RemedySchema) });
export const EVIDENCE_SOURCES = ['platform', 'reimport', 'unknown'] as const;

const at = IsoDateTimeSchema;
const base = { seq: z.number().int().describe('Position in the change log: the order of events'), at, actor: TimelineActorSchema };
export const TimelineEventSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('imported') }),
  z.object({
    ...base,
    kind: z.literal('assessed'),
    cause: z.enum(['import', 'reimport', 'evidence']),
    policyVersion: z.string().nullable(),
    previousPolicyVersion: z.string().nullable().describe('Set when this assessment ran under another policy version than the one before it'),
    codes: z.array(z.string()).describe('Finding codes (eligibility first)'),
  }),
  z.object({ ...base, kind: z.literal('claimed') }),
  z.object({ ...base, kind: z.literal('released') }),
  z.object({ ...base, kind: z.literal('lease_expired') }),
  z.object({ ...base, kind: z.literal('evidence_requested'), from: EvidencePartySchema.nullable(), categories: z.array(EvidenceCategorySchema), dueAt: at.nullable() }),
  z.object({ ...base, kind: z.literal('evidence_added'), source: z.enum(EVIDENCE_SOURCES), items: z.number().int().min(0).nullable().describe('How many items arrived, when recorded') }),
  z.object({ ...base, kind: z.literal('evidence_overdue') }),
  z.object({ ...base, kind: z.literal('escalated'), category: EscalationReasonSchema.nullable(), reason: z.string() }),
  z.object({ ...base, kind: z.literal('decided'), decision: DecisionFactsSchema.nullable(), policyVersion: z.string().nullable() }),
  z.object({ ...base, kind: z.literal('overridden'), decision: DecisionFactsSchema.nullable(), previous: DecisionFactsSchema.nullable(), reason: z.string() }),
  z.object({ ...base, kind: z.literal('appealed'), reason: z.string() }),
  z.object({ ...base, kind: z.literal('withdrawn'), reason: z.string(), penaltyRetained: z.boolean() }),
  z.object({ ...base, kind: z.literal('closed') }),
]);
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

export const CaseTimelineSchema = z.object({
  caseId: z.string(),
  externalId: z.string(),
  events: z.array(TimelineEventSchema).describe('Oldest first'),
});
export type CaseTimeline = z.infer<typeof CaseTimelineSchema>;
