import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './primitives';

//#region Kinds
/** Merchant → user / affiliate complaints (the two-way governance). */
export const MERCHANT_KINDS = ['abnormal_order', 'abnormal_after_sales', 'abnormal_review', 'abnormal_affiliate'] as const;
/** Consumer → merchant complaints. */
export const CONSUMER_KINDS = [
  'quality',
  'not_as_described',
  'counterfeit',
  'late_shipment',
  'fake_shipment',
  'service_unreachable',
  'false_advertising',
] as const;
export const COMPLAINT_KINDS = [...MERCHANT_KINDS, ...CONSUMER_KINDS] as const;
export const ComplaintKindSchema = z.enum(COMPLAINT_KINDS);
export type ComplaintKind = z.infer<typeof ComplaintKindSchema>;

/** Withdrawing a serious complaint keeps the penalty review alive (withdrawn_penalty_retained). */
export const SERIOUS_KINDS: readonly ComplaintKind[] = ['counterfeit', 'false_advertising'];

const merchantKindSet: ReadonlySet<string> = new Set(MERCHANT_KINDS);
export function isMerchantKind(kind: ComplaintKind): boolean {
  return merchantKindSet.has(kind);
}
export function isSeriousKind(kind: ComplaintKind): boolean {
  return kind === 'counterfeit' || kind === 'false_advertising';
}

export const KIND_LABELS: Readonly<Record<ComplaintKind, { zh: string; en: string }>> = {
  abnormal_order: { zh: '异常下单', en: 'Abnormal order' },
  abnormal_after_sales: { zh: '异常售后', en: 'Abnormal after-sales' },
  abnormal_review: { zh: '异常评价', en: 'Abnormal review' },
  abnormal_affiliate: { zh: '异常带货者', en: 'Abnormal affiliate' },
  quality: { zh: '质量问题', en: 'Quality problem' },
  not_as_described: { zh: '描述不符', en: 'Not as described' },
  counterfeit: { zh: '假冒商品', en: 'Counterfeit' },
  late_shipment: { zh: '发货超时', en: 'Late shipment' },
  fake_shipment: { zh: '虚假发货', en: 'Fake shipment' },
  service_unreachable: { zh: '客服失联', en: 'Service unreachable' },
  false_advertising: { zh: '虚假宣传', en: 'False advertising' },
};
//#endregion

//#region Lifecycle
export const CASE_STATUSES = [
  'queued',
  'claimed',
  'awaiting_evidence',
  'decided',
  'appealed',
  'withdrawn',
  'withdrawn_penalty_retained',
  'closed',
] as const;
export const CaseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

export const STATUS_LABELS: Readonly<Record<CaseStatus, { zh: string; en: string }>> = {
  queued: { zh: '待处理', en: 'Queued' },
  claimed: { zh: '处理中', en: 'Claimed' },
  awaiting_evidence: { zh: '待补充证据', en: 'Awaiting evidence' },
  decided: { zh: '已裁决', en: 'Decided' },
  appealed: { zh: '申诉中', en: 'Appealed' },
  withdrawn: { zh: '已撤诉', en: 'Withdrawn' },
  withdrawn_penalty_retained: { zh: '已撤诉（保留处罚审查）', en: 'Withdrawn, penalty kept' },
  closed: { zh: '已结案', en: 'Closed' },
};

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const PrioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

export const ClaimSchema = z
  .object({
    arbitratorId: IdSchema,
    claimedAt: IsoDateTimeSchema,
    leaseExpiresAt: IsoDateTimeSchema,
    offline: z.boolean().default(false).describe('Offline checkouts take the longer offline lease (policy)'),
  })
  .describe('Who holds the case and until when');
export type Claim = z.infer<typeof ClaimSchema>;
//#endregion

//#region Evidence references
/**
 * A pointer at one evidence item inside a bundle. Findings use these to tell the viewer what to
 * highlight; decisions use them as cited evidence. Indices are 0-based array positions.
 */
export const EvidenceRefSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('order'), orderId: IdSchema }),
  z.object({ type: z.literal('trace'), trackingNumber: z.string().min(1) }),
  z.object({ type: z.literal('trace_event'), trackingNumber: z.string().min(1), seq: z.number().int() }),
  z.object({ type: z.literal('review'), reviewId: IdSchema }),
  z.object({ type: z.literal('session'), sessionId: IdSchema }),
  z.object({ type: z.literal('segment'), sessionId: IdSchema, index: z.number().int().min(0) }),
  z.object({ type: z.literal('excerpt'), excerptId: IdSchema }),
  z.object({ type: z.literal('spec'), sku: IdSchema, attribute: z.string().optional() }),
  z.object({ type: z.literal('chat'), chatId: IdSchema, index: z.number().int().min(0).optional() }),
  z.object({ type: z.literal('call'), callId: IdSchema }),
  z.object({ type: z.literal('media'), mediaId: IdSchema }),
  z.object({ type: z.literal('party'), partyId: IdSchema }),
  z.object({ type: z.literal('complaint'), caseId: IdSchema }),
]);
export type EvidenceRef = z.infer<typeof EvidenceRefSchema>;
//#endregion

//#region Decisions
export const VERDICTS = ['upheld', 'partially_upheld', 'rejected'] as const;
export const VerdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof VerdictSchema>;

export const REMEDIES = [
  'refund_buyer',
  'return_and_refund',
  'recover_commission',
  'compensate_merchant',
  'remove_review',
  'restrict_user',
  'penalize_affiliate',
  'deduct_deposit',
  'warn',
  'no_action',
] as const;
export const RemedySchema = z.enum(REMEDIES);
export type Remedy = z.infer<typeof RemedySchema>;

export const VERDICT_LABELS: Readonly<Record<Verdict, { zh: string; en: string }>> = {
  upheld: { zh: '投诉成立', en: 'Upheld' },
  partially_upheld: { zh: '部分成立', en: 'Partially upheld' },
  rejected: { zh: '投诉不成立', en: 'Rejected' },
};

export const REMEDY_LABELS: Readonly<Record<Remedy, { zh: string; en: string }>> = {
  refund_buyer: { zh: '退款给买家', en: 'Refund the buyer' },
  return_and_refund: { zh: '退货退款', en: 'Return and refund' },
  recover_commission: { zh: '追回佣金', en: 'Recover commission' },
  compensate_merchant: { zh: '赔付商家', en: 'Compensate the merchant' },
  remove_review: { zh: '删除评价', en: 'Remove the review' },
  restrict_user: { zh: '限制用户', en: 'Restrict the user' },
  penalize_affiliate: { zh: '扣除带货者星级', en: 'Penalise the affiliate (stars)' },
  deduct_deposit: { zh: '扣除保证金', en: 'Deduct deposit' },
  warn: { zh: '警告', en: 'Warning' },
  no_action: { zh: '不处理', en: 'No action' },
};

/**
 * A decision as the arbitrator submits it. Semantic checks (reason code from the kind's list, note
 * when going against a critical finding, remedies allowed for the kind) live in
 * `validateDecision` in common/rules, because they need the policy and the assessment.
 */
/**
 * The assessment a decision was made against, as it stands in the decision: what QA and an appeal
 * see the arbitrator saw. Set by the server when it applies the decision (a value sent is ignored).
 */
export const DecisionAssessmentSchema = z
  .object({
    at: IsoDateTimeSchema.describe('Assessment time: the decision time, as the arbitrator committed it (never later than the server received it)'),
    policyVersion: z.string().min(1).describe("The case's governing policy version"),
    codes: z.array(z.string()).describe('Finding codes, eligibility first, as the rules engine ordered them'),
  })
  .describe('The assessment the decision was made against (server-set)');
export type DecisionAssessment = z.infer<typeof DecisionAssessmentSchema>;

export const DecisionSchema = z.object({
  verdict: VerdictSchema,
  remedies: z.array(RemedySchema),
  reasonCodes: z.array(z.string().min(1)),
  note: z.string().max(20_000).default(''),
  citedEvidence: z.array(EvidenceRefSchema).default([]),
  decidedBy: IdSchema.describe('The arbitrator (server-set from the token)'),
  decidedAt: IsoDateTimeSchema,
  policyVersion: z.string().min(1).describe("The case's governing policy version (CaseView.policyVersion); any other is rejected"),
  mutationId: z.string().min(1).max(128).describe("The push mutation's clientId (server-set); the server applies each id once"),
  assessment: DecisionAssessmentSchema.optional(),
  eligibilityOverride: z
    .object({ reason: z.string().max(2000).describe("The arbitrator's reason for deciding a case the eligibility rules exclude") })
    .optional()
    .describe('Present when the complaint is upheld although the eligibility rules exclude it'),
});
export type Decision = z.infer<typeof DecisionSchema>;

/**
 * A decision as a client sends it in a `decide` mutation: `decidedBy`, `mutationId` and `assessment`
 * are set by the server (from the token, the mutation's clientId and its own re-assessment), so a
 * platform may leave them out; a value sent is ignored.
 */
export const DecisionInputSchema = DecisionSchema.extend({
  decidedBy: IdSchema.optional().describe('Ignored: the server sets it from the token'),
  mutationId: z.string().min(1).max(128).optional().describe("Ignored: the server sets it to the mutation's clientId"),
  assessment: DecisionAssessmentSchema.optional().describe('Ignored: the server sets it from its own re-assessment'),
});
export type DecisionInput = z.input<typeof DecisionInputSchema>;
//#endregion

//#region Case
export const SUBJECT_TYPES = ['order', 'review', 'session'] as const;
export const CaseSubjectSchema = z
  .object({
    type: z.enum(SUBJECT_TYPES),
    orderIds: z.array(IdSchema).default([]).describe('Subject orders (order kinds; optional context for others)'),
    reviewId: IdSchema.optional().describe('Required when type = review'),
    sessionId: IdSchema.optional().describe('Livestream session, when type = session'),
  })
  .superRefine((s, ctx) => {
    if (s.type === 'review' && s.reviewId === undefined)
      ctx.addIssue({ code: 'custom', path: ['reviewId'], message: 'reviewId is required when subject.type is "review"' });
    if (s.type === 'order' && s.orderIds.length === 0)
      ctx.addIssue({ code: 'custom', path: ['orderIds'], message: 'at least one order id is required when subject.type is "order"' });
  });
export type CaseSubject = z.infer<typeof CaseSubjectSchema>;

export const AppealSchema = z.object({
  filedAt: IsoDateTimeSchema,
  byId: IdSchema,
  reason: z.string(),
  previousArbitratorId: IdSchema.optional().describe('The re-decision must come from a different arbitrator'),
});
export type Appeal = z.infer<typeof AppealSchema>;

export const CaseSchema = z
  .object({
    id: IdSchema.describe('Stable string id carried by the bundle; the server may assign its own key too'),
    externalId: IdSchema.describe("The platform's id; imports are idempotent on it"),
    kind: ComplaintKindSchema,
    complainantId: IdSchema,
    respondentId: IdSchema,
    subject: CaseSubjectSchema,
    title: z.string().optional(),
    complaintText: z.string().max(20_000).default(''),
    filedAt: IsoDateTimeSchema,
    dueAt: IsoDateTimeSchema.describe('SLA deadline for the decision'),
    priority: PrioritySchema.default('normal'),
    status: CaseStatusSchema.default('queued'),
    evidence: z.array(EvidenceRefSchema).default([]).describe('Evidence items the parties submitted'),
    claim: ClaimSchema.nullable().default(null),
    decision: DecisionSchema.nullable().default(null),
    appeal: AppealSchema.nullable().default(null),
  })
  .describe('A complaint case');
export type Case = z.infer<typeof CaseSchema>;

/** A previous complaint, summarised; SERIAL_COMPLAINANT counts these. */
export const PriorComplaintSchema = z.object({
  caseId: IdSchema,
  kind: ComplaintKindSchema,
  complainantId: IdSchema,
  respondentId: IdSchema,
  filedAt: IsoDateTimeSchema,
  outcome: z.enum(['upheld', 'partially_upheld', 'rejected', 'withdrawn', 'pending']).default('pending'),
});
export type PriorComplaint = z.infer<typeof PriorComplaintSchema>;
//#endregion
