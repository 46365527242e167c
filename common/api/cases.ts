/** Wire schemas of server/routes/cases.ts: case views, claims and leases. */
import { z } from 'zod';
import { CaseBundleSchema, CaseStatusSchema, ComplaintKindSchema, DecisionSchema, EvidenceRequestSchema, IdSchema, IsoDateTimeSchema } from '../domain';
import type { Assessment } from '../rules';

export const QUEUES = ['merchant', 'consumer', 'appeals', 'escalations'] as const;
export const QueueSchema = z.enum(QUEUES);
export type Queue = z.infer<typeof QueueSchema>;

export const CaseClaimViewSchema = z.object({
  arbitratorId: z.string(),
  leaseExpiresAt: IsoDateTimeSchema,
  /** Increments on every claim; a decision may cite it to prove it was made under this claim. */
  epoch: z.number().int(),
  offline: z.boolean(),
  active: z.boolean().describe('false once the lease has expired or been released'),
});

export const NoteViewSchema = z.object({ authorId: z.string(), text: z.string(), at: IsoDateTimeSchema });

export const CaseViewSchema = z.object({
  id: z.string().describe('Server case id'),
  externalId: z.string(),
  kind: ComplaintKindSchema,
  queue: QueueSchema,
  status: CaseStatusSchema.or(z.literal('escalated')),
  priority: z.string(),
  filedAt: IsoDateTimeSchema,
  dueAt: IsoDateTimeSchema,
  version: z.number().int(),
  evidenceVersion: z.number().int().describe('Bumps when the platform adds evidence'),
  evidenceDueAt: IsoDateTimeSchema.nullable(),
  evidenceRequest: EvidenceRequestSchema.nullable()
    .optional()
    .describe('While the case awaits evidence: the open request (party, categories, text, deadline); absent from older servers'),
  claim: CaseClaimViewSchema.nullable(),
  bundle: CaseBundleSchema,
  policyVersion: z.string().describe('The governing policy version: the one in force when the case was filed. Decisions must cite it'),
  assessment: z.custom<Assessment>().describe('The rules engine assessment (common/rules) under the governing version: at import, on new evidence, and again when a decision is applied'),
  decision: DecisionSchema.nullable(),
  notes: z.array(NoteViewSchema),
});
export type CaseView = z.infer<typeof CaseViewSchema>;

export const ClaimRequestSchema = z.object({
  count: z.number().int().min(1).max(200).default(1),
  queue: QueueSchema.optional().describe('Omit to take from every queue the role works'),
  mode: z.enum(['online', 'offline']).default('online').describe('offline: longer lease, at most policy.leases.offlineMaxCases held'),
});
export type ClaimRequest = z.input<typeof ClaimRequestSchema>;
export const ClaimResponseSchema = z.object({ cases: z.array(CaseViewSchema) });
export type ClaimResponse = z.infer<typeof ClaimResponseSchema>;

export const CaseIdsRequestSchema = z.object({ caseIds: z.array(IdSchema).min(1).max(500) });
export type CaseIdsRequest = z.infer<typeof CaseIdsRequestSchema>;
export const HeartbeatResponseSchema = z.object({
  renewed: z.array(z.object({ caseId: z.string(), leaseExpiresAt: IsoDateTimeSchema })),
  lost: z.array(z.object({ caseId: z.string(), reason: z.string() })),
});
export type HeartbeatResponse = z.infer<typeof HeartbeatResponseSchema>;
export const ReleaseResponseSchema = z.object({ released: z.array(z.string()), notHeld: z.array(z.string()) });
export type ReleaseResponse = z.infer<typeof ReleaseResponseSchema>;
export const CaseIdParamsSchema = z.object({ caseId: z.string().min(1).max(128) });
