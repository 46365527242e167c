/**
 * The backend's HTTP wire contract: zod schemas for every request and response body, shared by
 * server/ (validation, /openapi.json) and main/ (the app's transport). Pure: no node:, no DOM.
 */
import { z } from 'zod';
import {
  CaseBundleSchema,
  CaseStatusSchema,
  ComplaintKindSchema,
  DecisionSchema,
  IdSchema,
  IsoDateTimeSchema,
} from '../domain';
import type { Assessment } from '../rules';
import { QaDecisionFactsSchema, ReviewPairSchema, DecisionFactSchema } from '../qa/records';

//#region Errors
export const ERROR_CODES = [
  'invalid_body',
  'invalid_query',
  'invalid_json',
  'unsupported_media_type',
  'payload_too_large',
  'unauthorized',
  'invalid_credentials',
  'token_expired',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;
export const ErrorResponseSchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    field: z.string().optional().describe('Dotted path of the offending field for malformed input, e.g. mutations[2].caseId'),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;
//#endregion

//#region Auth
export const ROLES = ['arbitrator', 'supervisor', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const UserViewSchema = z.object({ id: z.string(), username: z.string(), displayName: z.string(), role: RoleSchema });
export type UserView = z.infer<typeof UserViewSchema>;

export const LoginRequestSchema = z.object({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const RefreshRequestSchema = z.object({ refreshToken: z.string().min(10).max(512) });
export type RefreshRequest = z.infer<typeof RefreshRequestSchema>;

export const TokenResponseSchema = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
  refreshToken: z.string(),
  refreshExpiresIn: z.number().int(),
  user: UserViewSchema,
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

export const CreateUserRequestSchema = z.object({
  username: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  displayName: z.string().min(1).max(128),
  role: RoleSchema,
  password: z.string().min(8).max(1024),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;
export const OkResponseSchema = z.object({ ok: z.literal(true) });
//#endregion

//#region Cases
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
  claim: CaseClaimViewSchema.nullable(),
  bundle: CaseBundleSchema,
  assessment: z.custom<Assessment>().describe('The rules engine assessment (common/rules), recomputed at import and on new evidence'),
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
//#endregion

//#region Import
export const ImportItemResultSchema = z.object({
  index: z.number().int(),
  externalId: z.string().optional(),
  caseId: z.string().optional(),
  status: z.enum(['created', 'updated', 'unchanged', 'invalid']),
  findings: z.number().int().optional().describe('How many findings the rules engine produced'),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ImportItemResult = z.infer<typeof ImportItemResultSchema>;
export const ImportSummarySchema = z.object({
  received: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  invalid: z.number().int(),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;
/** JSON-array imports get this body; NDJSON imports get one ImportItemResult per line, then `{summary}`. */
export const ImportResponseSchema = z.object({ summary: ImportSummarySchema, results: z.array(ImportItemResultSchema) });
export type ImportResponse = z.infer<typeof ImportResponseSchema>;
//#endregion

//#region Sync
export const CursorSchema = z
  .string()
  .max(64)
  .regex(/^\d+\.\d+$/, 'cursor is opaque: pass back what the server returned')
  .describe('Opaque position in the change sequence; omit (or "0.0") for the beginning');

export const PullQuerySchema = z.object({
  cursor: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type PullQuery = z.input<typeof PullQuerySchema>;

export const CHANGE_TYPES = [
  'imported',
  'evidence_added',
  'claimed',
  'lease_renewed',
  'released',
  'lease_expired',
  'decided',
  'evidence_requested',
  'note_added',
  'escalated',
  'withdrawn',
  'appealed',
  'closed',
  // Supervisor QA (additive): a sampled decision assigned to a supervisor, its blind review, the
  // feedback that reaches the arbitrator, and a supervisor's overturn.
  'qa_assigned',
  'qa_reviewed',
  'qa_feedback',
  'overridden',
] as const;
export const ChangeTypeSchema = z.enum(CHANGE_TYPES);
export type ChangeType = z.infer<typeof ChangeTypeSchema>;

export const PullChangeSchema = z.discriminatedUnion('access', [
  z.object({ access: z.literal('visible'), caseId: z.string(), types: z.array(ChangeTypeSchema), case: CaseViewSchema }),
  z.object({
    access: z.literal('revoked'),
    caseId: z.string(),
    types: z.array(ChangeTypeSchema),
    reason: z.enum(['claimed_by_other', 'released', 'reassigned']),
    status: z.string(),
  }),
]);
export type PullChange = z.infer<typeof PullChangeSchema>;
export const PullResponseSchema = z.object({
  changes: z.array(PullChangeSchema).describe('At most one entry per case per page, its latest state'),
  cursor: CursorSchema,
  hasMore: z.boolean(),
  qa: z
    .lazy(() => QaPullSchema)
    .optional()
    .describe("Supervisor QA on this page's cases: the caller's review items (blind until reviewed) and feedback/overrides on the caller's decisions"),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

const ClientIdSchema = z.string().min(1).max(128).describe('Client-generated id; pushing it again returns the stored result');
export const MutationSchema = z.discriminatedUnion('type', [
  z.object({
    clientId: ClientIdSchema,
    type: z.literal('decide'),
    caseId: IdSchema,
    leaseEpoch: z.number().int().optional().describe('Claim epoch the decision was made under'),
    evidenceVersion: z.number().int().optional().describe('Evidence version the arbitrator saw; a newer one is a conflict'),
    decision: DecisionSchema,
  }),
  z.object({
    clientId: ClientIdSchema,
    type: z.literal('request_evidence'),
    caseId: IdSchema,
    from: z.enum(['complainant', 'respondent', 'both']),
    request: z.string().min(1).max(4000),
    dueAt: IsoDateTimeSchema,
  }),
  z.object({ clientId: ClientIdSchema, type: z.literal('add_note'), caseId: IdSchema, text: z.string().min(1).max(20_000) }),
  z.object({ clientId: ClientIdSchema, type: z.literal('release'), caseId: IdSchema }),
  z.object({ clientId: ClientIdSchema, type: z.literal('escalate'), caseId: IdSchema, reason: z.string().min(1).max(4000) }),
  z.object({
    clientId: ClientIdSchema,
    type: z.literal('qa_review'),
    caseId: IdSchema,
    itemId: IdSchema.describe('The QA item (from pull `qa.items`) being reviewed'),
    review: QaDecisionFactsSchema.describe("The supervisor's blind decision"),
    feedback: z.string().max(4000).default('').describe('Note to the arbitrator; shown on their case'),
  }),
]);
export type Mutation = z.infer<typeof MutationSchema>;
export type MutationType = Mutation['type'];

export const PushRequestSchema = z.object({ mutations: z.array(MutationSchema).min(1).max(500) });
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const REJECT_REASONS = ['not_found', 'not_holder', 'invalid_state', 'invalid_decision', 'invalid_request'] as const;
export const CONFLICT_REASONS = ['withdrawn', 'already_decided', 'claimed_by_other', 'new_evidence'] as const;
export const MutationResultSchema = z.discriminatedUnion('status', [
  z.object({
    clientId: z.string(),
    status: z.literal('applied'),
    caseId: z.string(),
    caseVersion: z.number().int(),
    comparison: z.lazy(() => QaComparisonSchema).optional().describe('qa_review only: the original decision beside the review'),
  }),
  z.object({
    clientId: z.string(),
    status: z.literal('rejected'),
    reason: z.enum(REJECT_REASONS),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
  z.object({
    clientId: z.string(),
    status: z.literal('conflict'),
    reason: z.enum(CONFLICT_REASONS),
    message: z.string(),
    details: z.object({
      caseId: z.string(),
      status: z.string(),
      heldBy: z.string().nullable(),
      evidenceVersion: z.number().int(),
      decidedBy: z.string().nullable(),
    }),
  }),
]);
export type MutationResult = z.infer<typeof MutationResultSchema>;
export const PushResponseSchema = z.object({ results: z.array(MutationResultSchema) });
export type PushResponse = z.infer<typeof PushResponseSchema>;
//#endregion

//#region Platform
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
    .object({ from: z.enum(['complainant', 'respondent', 'both']), request: z.string(), dueAt: IsoDateTimeSchema })
    .nullable()
    .describe('For evidence_requested: what the arbitrator asked of which party, by when'),
});
export type DecisionEvent = z.infer<typeof DecisionEventSchema>;
export const EventsResponseSchema = z.object({ events: z.array(DecisionEventSchema), cursor: CursorSchema, hasMore: z.boolean() });
export type EventsResponse = z.infer<typeof EventsResponseSchema>;
//#endregion

//#region QA (supervisors)
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

export const QA_STRATA = ['arbitrator', 'kind', 'verdict'] as const;
export const QA_TARGETS = ['fast', 'against_critical', 'overturned_on_appeal'] as const;
const SampleSize = z.number().int().min(1).max(5000);
export const QaAllocationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('proportional') }),
  z.object({ type: z.literal('equal') }),
  z.object({ type: z.literal('explicit'), counts: z.record(z.string().min(1).max(128), z.number().int().min(0).max(5000)).describe('Per-stratum counts; strata not named get none') }),
]);
export type QaAllocation = z.infer<typeof QaAllocationSchema>;
export const QaPlanMethodSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('random'), size: SampleSize }),
    z.object({ type: z.literal('stratified'), by: z.enum(QA_STRATA), size: SampleSize.optional().describe('Required unless allocation is explicit'), allocation: QaAllocationSchema }),
    z.object({
      type: z.literal('targeted'),
      target: z.enum(QA_TARGETS),
      maxSeconds: z.number().positive().max(86_400).optional().describe('fast: decisions made in fewer seconds than this after the claim'),
      size: SampleSize,
    }),
  ])
  .superRefine((m, ctx) => {
    if (m.type === 'stratified' && m.allocation.type !== 'explicit' && m.size === undefined)
      ctx.addIssue({ code: 'custom', path: ['size'], message: 'size is required for proportional or equal allocation' });
    if (m.type === 'targeted' && m.target === 'fast' && m.maxSeconds === undefined)
      ctx.addIssue({ code: 'custom', path: ['maxSeconds'], message: 'maxSeconds is required for the fast target' });
  });
export type QaPlanMethod = z.infer<typeof QaPlanMethodSchema>;
export const QaPopulationSchema = z.object({
  decidedFrom: IsoDateTimeSchema.optional(),
  decidedTo: IsoDateTimeSchema.optional(),
  kinds: z.array(ComplaintKindSchema).max(20).optional(),
  arbitratorIds: z.array(IdSchema).max(500).optional(),
});
export type QaPopulation = z.infer<typeof QaPopulationSchema>;
export const QaPlanRequestSchema = z.object({
  name: z.string().trim().min(1).max(200),
  method: QaPlanMethodSchema,
  population: QaPopulationSchema.default({}),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional().describe('Omit to let the server choose; the answer states it'),
  assigneeId: IdSchema.optional().describe('Supervisor who re-reviews the sample; defaults to the caller (required when an admin calls)'),
});
export type QaPlanRequest = z.input<typeof QaPlanRequestSchema>;
/** One drawn decision. No verdict beyond what the stratum names: the review is blind. */
export const QaDrawItemSchema = z.object({
  itemId: z.string().nullable().describe('The QA item created for it (null in a preview)'),
  decisionKey: z.string(),
  caseId: z.string(),
  externalId: z.string(),
  kind: ComplaintKindSchema,
  arbitratorId: z.string(),
  stratum: z.string(),
  decidedAt: IsoDateTimeSchema,
});
export type QaDrawItem = z.infer<typeof QaDrawItemSchema>;
export const QaStratumSchema = z.object({ key: z.string(), label: z.string().optional().describe('Display name (arbitrator strata)'), population: z.number().int(), allocated: z.number().int() });
export const QaPreviewResponseSchema = z.object({
  seed: z.number().int(),
  population: z.number().int().describe('Decisions eligible under the population filters and target'),
  total: z.number().int(),
  strata: z.array(QaStratumSchema),
  items: z.array(QaDrawItemSchema).describe('The first 50 drawn'),
});
export type QaPreviewResponse = z.infer<typeof QaPreviewResponseSchema>;
export const QaPlanViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  method: QaPlanMethodSchema,
  population: QaPopulationSchema,
  seed: z.number().int(),
  createdBy: z.string(),
  assigneeId: z.string(),
  createdAt: IsoDateTimeSchema,
  populationSize: z.number().int(),
  strata: z.array(QaStratumSchema),
  drawn: z.number().int(),
  reviewed: z.number().int(),
});
export type QaPlanView = z.infer<typeof QaPlanViewSchema>;
export const QaPlanCreatedSchema = QaPlanViewSchema.extend({ items: z.array(QaDrawItemSchema) });
export type QaPlanCreated = z.infer<typeof QaPlanCreatedSchema>;
export const QaPlanListSchema = z.object({ plans: z.array(QaPlanViewSchema) });
export type QaPlanList = z.infer<typeof QaPlanListSchema>;

export const QaComparisonSchema = z.object({
  arbitratorId: z.string(),
  arbitratorName: z.string(),
  original: QaDecisionFactsSchema,
  review: QaDecisionFactsSchema,
  verdictAgrees: z.boolean(),
  remediesAgree: z.boolean(),
  reasonCodesAgree: z.boolean(),
  feedback: z.string(),
  reviewedAt: IsoDateTimeSchema,
});
export type QaComparison = z.infer<typeof QaComparisonSchema>;
export const QaItemViewSchema = z.object({
  itemId: z.string(),
  planId: z.string(),
  planName: z.string(),
  caseId: z.string(),
  externalId: z.string(),
  kind: ComplaintKindSchema,
  assignedAt: IsoDateTimeSchema,
  status: z.enum(['open', 'reviewed']),
  case: CaseViewSchema.describe('The case without its decision, claim or notes (blind)'),
  comparison: QaComparisonSchema.nullable().describe('null until reviewed'),
});
export type QaItemView = z.infer<typeof QaItemViewSchema>;
export const QaNoticeSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  externalId: z.string(),
  type: z.enum(['feedback', 'override']),
  at: IsoDateTimeSchema,
  byId: z.string(),
  byName: z.string(),
  note: z.string(),
  previous: QaDecisionFactsSchema.nullable(),
  decision: QaDecisionFactsSchema.nullable().describe("override: the supervisor's decision; feedback: the supervisor's review"),
});
export type QaNotice = z.infer<typeof QaNoticeSchema>;
export const QaPullSchema = z.object({ items: z.array(QaItemViewSchema), notices: z.array(QaNoticeSchema) });
export type QaPull = z.infer<typeof QaPullSchema>;

export const QaGoldenRequestSchema = z.object({
  caseId: IdSchema.describe('An existing case whose evidence becomes the golden template'),
  answer: QaDecisionFactsSchema,
  rate: z.number().gt(0).max(0.5).describe('Share of claimed cases that are this golden case (0 < rate ≤ 0.5)'),
});
export type QaGoldenRequest = z.infer<typeof QaGoldenRequestSchema>;
export const QaGoldenViewSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  kind: ComplaintKindSchema,
  answer: QaDecisionFactsSchema,
  rate: z.number(),
  active: z.boolean(),
  createdBy: z.string(),
  createdAt: IsoDateTimeSchema,
  inserted: z.number().int(),
  decided: z.number().int(),
  correct: z.number().int().describe('Decisions whose verdict matched the answer'),
});
export type QaGoldenView = z.infer<typeof QaGoldenViewSchema>;
export const QaGoldenListSchema = z.object({ golden: z.array(QaGoldenViewSchema) });

export const QaOverrideRequestSchema = z.object({
  clientId: ClientIdSchema,
  caseId: IdSchema,
  decision: QaDecisionFactsSchema.extend({ note: z.string().max(20_000).default('') }),
  reason: z.string().trim().min(1).max(4000),
  itemId: IdSchema.optional().describe('The QA item the override came from, if any'),
});
export type QaOverrideRequest = z.input<typeof QaOverrideRequestSchema>;
export const QaOverrideResponseSchema = z.object({
  overrideId: z.string(),
  caseId: z.string(),
  caseVersion: z.number().int(),
  previous: QaDecisionFactsSchema,
  decision: DecisionSchema,
});
export type QaOverrideResponse = z.infer<typeof QaOverrideResponseSchema>;

export const QaRecordsQuerySchema = z.object({
  from: IsoDateTimeSchema.optional().describe('Decided at or after'),
  to: IsoDateTimeSchema.optional().describe('Decided before'),
  limit: z.coerce.number().int().min(1).max(20_000).default(5000).describe('Most recent first; `truncated` says when more exist'),
});
export const QaRecordsResponseSchema = z.object({ pairs: z.array(ReviewPairSchema), decisions: z.array(DecisionFactSchema), truncated: z.boolean() });
export type QaRecordsResponse = z.infer<typeof QaRecordsResponseSchema>;
//#endregion

//#region Health
export const HealthResponseSchema = z.object({ status: z.enum(['ok', 'unavailable']), version: z.string(), engine: z.string().optional() });
//#endregion
