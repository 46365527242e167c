/**
 * Wire schemas of server/routes/platform.ts: the platform's lifecycle calls and event feed, and the
 * supervisors' plain random sample (registered beside them).
 */
import { z } from 'zod';
import { ComplaintKindSchema, DecisionSchema, EvidenceCategorySchema, EvidencePartySchema, IdSchema, IsoDateTimeSchema } from '../domain';
import { CursorSchema, PullQuerySchema } from './sync';

export const WithdrawRequestSchema = z.object({
  reason: z.string().max(4000).default(''),
  at: IsoDateTimeSchema.optional(),
});
export const CaseStateResponseSchema = z.object({
  caseId: z.string(),
  externalId: z.string(),
  status: z.string(),
  evidenceVersion: z.number().int(),
  findings: z.number().int(),
});
export type CaseStateResponse = z.infer<typeof CaseStateResponseSchema>;

/** New evidence appended to a bundle: every list is optional; items are validated as part of the merged bundle. */
export const AddEvidenceRequestSchema = z
  .object({
    orders: z.array(z.unknown()).optional(),
    traces: z.array(z.unknown()).optional(),
    reviews: z.array(z.unknown()).optional(),
    sessions: z.array(z.unknown()).optional(),
    excerpts: z.array(z.unknown()).optional(),
    specs: z.array(z.unknown()).optional(),
    chats: z.array(z.unknown()).optional(),
    calls: z.array(z.unknown()).optional(),
    media: z.array(z.unknown()).optional(),
  })
  .strict();
export type AddEvidenceRequest = z.infer<typeof AddEvidenceRequestSchema>;
export const EVIDENCE_LISTS = ['orders', 'traces', 'reviews', 'sessions', 'excerpts', 'specs', 'chats', 'calls', 'media'] as const;

export const AppealRequestSchema = z.object({
  byId: IdSchema.describe('Party filing the appeal'),
  reason: z.string().min(1).max(4000),
  filedAt: IsoDateTimeSchema.optional(),
});

export const EventsQuerySchema = PullQuerySchema;
export const DecisionEventSchema = z.object({
  cursor: CursorSchema,
  type: z.enum(['decided', 'withdrawn', 'appealed', 'evidence_requested', 'overridden']).describe('overridden: a supervisor overturned the decision; `decision` is the new one'),
  caseId: z.string(),
  externalId: z.string(),
  at: IsoDateTimeSchema,
  status: z.string(),
  decision: DecisionSchema.nullable(),
  evidenceRequest: z
    .object({
      from: EvidencePartySchema,
      categories: z.array(EvidenceCategorySchema).describe('What is asked for; empty for requests made before categories existed'),
      request: z.string().describe('The text for the parties, in Chinese'),
      dueAt: IsoDateTimeSchema,
    })
    .nullable()
    .describe('For evidence_requested: what the arbitrator asked of which party, by when'),
});
export type DecisionEvent = z.infer<typeof DecisionEventSchema>;
export const EventsResponseSchema = z.object({ events: z.array(DecisionEventSchema), cursor: CursorSchema, hasMore: z.boolean() });
export type EventsResponse = z.infer<typeof EventsResponseSchema>;
export const ExternalIdParamsSchema = z.object({ externalId: z.string().min(1).max(128) });

export const QaSampleQuerySchema = z.object({
  size: z.coerce.number().int().min(1).max(1000).default(50),
  kind: ComplaintKindSchema.optional(),
  arbitratorId: z.string().max(128).optional(),
  seed: z.coerce.number().int().min(0).max(2 ** 31).default(1),
});
export const QaSampleResponseSchema = z.object({
  cases: z.array(
    z.object({ caseId: z.string(), externalId: z.string(), kind: ComplaintKindSchema, decidedBy: z.string(), decision: DecisionSchema }),
  ),
});
export type QaSampleResponse = z.infer<typeof QaSampleResponseSchema>;
