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
]);
export type Mutation = z.infer<typeof MutationSchema>;
export type MutationType = Mutation['type'];

export const PushRequestSchema = z.object({ mutations: z.array(MutationSchema).min(1).max(500) });
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const REJECT_REASONS = ['not_found', 'not_holder', 'invalid_state', 'invalid_decision', 'invalid_request'] as const;
export const CONFLICT_REASONS = ['withdrawn', 'already_decided', 'claimed_by_other', 'new_evidence'] as const;
export const MutationResultSchema = z.discriminatedUnion('status', [
  z.object({ clientId: z.string(), status: z.literal('applied'), caseId: z.string(), caseVersion: z.number().int() }),
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
  type: z.enum(['decided', 'withdrawn', 'appealed', 'evidence_requested']),
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
//#endregion

//#region Health
export const HealthResponseSchema = z.object({ status: z.enum(['ok', 'unavailable']), version: z.string(), engine: z.string().optional() });
//#endregion
