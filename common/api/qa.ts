/** Wire schemas of server/routes/qa.ts: sampling plans, blind reviews, golden cases, overrides, records. */
import { z } from 'zod';
import { ComplaintKindSchema, DecisionSchema, IdSchema, IsoDateTimeSchema } from '../domain';
import { DecisionFactSchema, QaDecisionFactsSchema, ReviewPairSchema } from '../qa/records';
import { CaseViewSchema } from './cases';
import { ClientIdSchema } from './shared';

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

/** The largest records page: what one request may hold in memory on the server and in the answer. */
export const QA_RECORDS_MAX_PAGE = 20_000;
/**
 * The dashboard's first records page: small, so it paints at once (the QA bench times this request
 * as its first paint); the rest come in QA_RECORDS_PAGE pages.
 */
export const QA_RECORDS_FIRST_PAGE = 2000;
/** The dashboard's later records pages, after the first. */
export const QA_RECORDS_PAGE = 10_000;
/** A records cursor: the last row's decision time in microseconds since the epoch and its change sequence. */
export const QA_RECORDS_CURSOR = /^\d{1,16}:\d{1,18}$/;
export const QaRecordsQuerySchema = z.object({
  from: IsoDateTimeSchema.optional().describe('Decided at or after'),
  to: IsoDateTimeSchema.optional().describe('Decided before'),
  limit: z.coerce.number().int().min(1).max(QA_RECORDS_MAX_PAGE).default(5000).describe('Decisions per page, most recent first'),
  cursor: z
    .string()
    .regex(QA_RECORDS_CURSOR, 'cursor must be the nextCursor of an earlier page')
    .optional()
    .describe('nextCursor of the previous page; omit for the first page (which alone carries the review pairs and the total)'),
});
export const QaRecordsResponseSchema = z.object({
  pairs: z.array(ReviewPairSchema).describe('Review pairs and golden answers; on the first page only'),
  decisions: z.array(DecisionFactSchema),
  truncated: z.boolean().describe('More decisions follow (nextCursor), or the pairs were cut at the page size'),
  nextCursor: z.string().nullable().optional().describe('Pass as cursor for the next page; null on the last page'),
  total: z.number().int().nonnegative().optional().describe('Decisions in the range (first page only): what a paging client counts its progress against'),
});
export type QaRecordsResponse = z.infer<typeof QaRecordsResponseSchema>;
