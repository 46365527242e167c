/** Wire schemas of server/routes/sync.ts: pull (changes after a cursor) and push (ordered mutations). */
import { z } from 'zod';
import { DecisionInputSchema, EscalationReasonSchema, EvidenceCategorySchema, EvidencePartySchema, formatPath, IdSchema, IsoDateTimeSchema, storable, unstorableText } from '../domain';
import { QaDecisionFactsSchema } from '../qa/records';
import { CaseViewSchema } from './cases';
import { PullPoliciesSchema } from './policies';
import { QaComparisonSchema, QaPullSchema } from './qa';
import { MacroListSchema } from './macros';
import { SnippetListSchema } from './snippets';
import { ClientIdSchema } from './shared';

const INT64_MAX = 9223372036854775807n;
export const CursorSchema = z
  .string()
  .max(64)
  .regex(/^\d+\.\d+$/, 'cursor is opaque: pass back what the server returned')
  // Both parts are PostgreSQL bigints: a larger number is no position the server ever handed out.
  .refine((c) => !/^\d+\.\d+$/.test(c) || c.split('.').every((part) => BigInt(part) <= INT64_MAX), 'cursor is opaque: pass back what the server returned')
  .describe('Opaque position in the change sequence; omit (or "0.0") for the beginning');

export const PullQuerySchema = z.object({
  cursor: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  policySeq: z.coerce.number().int().min(0).optional().describe('The highest policy `seq` the client holds (from `policies.seq`); omit for none'),
  snippetsVersion: z.string().max(100).optional().describe('The `version` of the note snippets the client holds (from `snippets.version`); omit for none'),
  macrosVersion: z.string().max(100).optional().describe('The `version` of the macros the client holds (from `macros.version`); omit for none'),
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
  qa: QaPullSchema.optional().describe("Supervisor QA on this page's cases: the caller's review items (blind until reviewed) and feedback/overrides on the caller's decisions"),
  policies: PullPoliciesSchema.optional(),
  snippets: SnippetListSchema.optional().describe('Every note snippet, when the list differs from the `snippetsVersion` the client sent; absent when it is the same'),
  macros: MacroListSchema.optional().describe('The shared macros and the caller’s personal ones, when the list differs from the `macrosVersion` the client sent; absent when it is the same'),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

export const MutationSchema = z.discriminatedUnion('type', [
  z.object({
    clientId: ClientIdSchema,
    type: z.literal('decide'),
    caseId: IdSchema,
    leaseEpoch: z.number().int().optional().describe('Claim epoch the decision was made under'),
    evidenceVersion: z.number().int().optional().describe('Evidence version the arbitrator saw; a newer one is a conflict'),
    decision: DecisionInputSchema,
    precedentHint: z
      .boolean()
      .optional()
      .describe('Whether the app showed the precedent hint (the verdict goes against most close precedents) before commit; stored for QA. Older clients omit it'),
  }),
  z.object({
    clientId: ClientIdSchema,
    type: z.literal('request_evidence'),
    caseId: IdSchema,
    from: EvidencePartySchema,
    // Clients older than the categories sent none: their requests still apply (the text says what).
    categories: z.array(EvidenceCategorySchema).max(20).default([]).describe('What is asked for (codes; the parties read them in `request`)'),
    request: z.string().min(1).max(4000).describe('The text the parties get, in Chinese'),
    dueAt: IsoDateTimeSchema.optional().describe('Ignored: the server sets the deadline, policy.sla.merchantAnswerBusinessDays business days of mainland China after it applies the request'),
  }),
  z.object({ clientId: ClientIdSchema, type: z.literal('add_note'), caseId: IdSchema, text: z.string().min(1).max(20_000) }),
  z.object({ clientId: ClientIdSchema, type: z.literal('release'), caseId: IdSchema }),
  z.object({
    clientId: ClientIdSchema,
    type: z.literal('escalate'),
    caseId: IdSchema,
    // Clients older than the categories sent only their words (never empty): those count as "other".
    category: EscalationReasonSchema.default('other').describe('Why the case goes to a supervisor'),
    reason: z.string().max(4000).default('').describe('The arbitrator’s words; required when the category is "other" (the server rejects it without)'),
  }),
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

/**
 * A pushed item that is not a valid mutation. It is answered on its own (rejected, with the issues,
 * and stored under its clientId like any rejection) so one bad item never costs the valid ones
 * beside it their push; an item without a usable clientId cannot be answered and fails the push.
 */
export type InvalidMutation = { type: 'invalid'; clientId: string | null; rawType: string | null; issues: Array<{ path: string; message: string }> };
const usable = (v: unknown): string | null => {
  const r = storable(ClientIdSchema).safeParse(v);
  return r.success ? r.data : null;
};
function invalidItem(ctx: { input: unknown; error: { issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }> } }): InvalidMutation {
  const raw = (typeof ctx.input === 'object' && ctx.input !== null ? ctx.input : {}) as { clientId?: unknown; type?: unknown };
  const rawType = typeof raw.type === 'string' && raw.type.length <= 64 && unstorableText(raw.type) === null ? raw.type : null;
  return { type: 'invalid', clientId: usable(raw.clientId), rawType, issues: ctx.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
}
/** Each pushed item: a mutation (text storability checked here, per item), or what stood in its place. */
export const PushItemSchema = storable(MutationSchema).catch((ctx) => invalidItem(ctx) as unknown as Mutation) as unknown as z.ZodType<
  Mutation | InvalidMutation,
  z.input<typeof MutationSchema>
>;
export const PushRequestSchema = z.object({ mutations: z.array(PushItemSchema).min(1).max(500) });
export type PushRequest = z.input<typeof PushRequestSchema>;

export const REJECT_REASONS = ['not_found', 'not_holder', 'invalid_state', 'invalid_decision', 'invalid_request'] as const;
export const CONFLICT_REASONS = ['withdrawn', 'already_decided', 'claimed_by_other', 'new_evidence'] as const;
export const MutationResultSchema = z.discriminatedUnion('status', [
  z.object({
    clientId: z.string(),
    status: z.literal('applied'),
    caseId: z.string(),
    caseVersion: z.number().int(),
    comparison: QaComparisonSchema.optional().describe('qa_review only: the original decision beside the review'),
  }),
  z.object({
    clientId: z.string(),
    status: z.literal('rejected'),
    reason: z.enum(REJECT_REASONS),
    message: z.string(),
    issues: z
      .array(
        z.object({
          path: z.string(),
          message: z.string(),
          code: z.string().optional().describe('A stable code the app words in the reader’s language (common/rules DECISION_PROBLEM_CODES)'),
          params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).optional(),
        }),
      )
      .optional(),
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
