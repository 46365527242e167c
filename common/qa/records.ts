/**
 * The QA data contract shared by the server (which records samples, blind reviews, golden answers
 * and overrides) and the workstation (which computes agreement statistics from these records, so
 * the dashboard works offline from what was last synced). Pure: zod only.
 */
import { z } from 'zod';
import { ComplaintKindSchema, IsoDateTimeSchema, RemedySchema, VerdictSchema } from '../domain';

/** The parts of a decision that QA compares: verdict, remedies and reason codes. */
export const QaDecisionFactsSchema = z.object({
  verdict: VerdictSchema,
  remedies: z.array(RemedySchema),
  reasonCodes: z.array(z.string().min(1)),
});
export type QaDecisionFacts = z.infer<typeof QaDecisionFactsSchema>;

/**
 * One sampled decision that a supervisor re-reviewed blind: the arbitrator's original decision and
 * the supervisor's. Golden cases carry the known answer as `review` and `golden: true`.
 */
export const ReviewPairSchema = z.object({
  sampleId: z.string(),
  caseId: z.string(),
  externalId: z.string(),
  kind: ComplaintKindSchema,
  arbitratorId: z.string(),
  arbitratorName: z.string(),
  /** The supervisor who re-reviewed; for golden cases, whoever recorded the known answer. */
  reviewerId: z.string(),
  /** The sampling plan that drew it; null for golden cases. */
  planId: z.string().nullable(),
  golden: z.boolean(),
  decidedAt: IsoDateTimeSchema,
  reviewedAt: IsoDateTimeSchema,
  original: QaDecisionFactsSchema,
  review: QaDecisionFactsSchema,
});
export type ReviewPair = z.infer<typeof ReviewPairSchema>;

/** One decision as the dashboard's decision-mix and SLA charts need it (no evidence, no text). */
export const DecisionFactSchema = z.object({
  caseId: z.string(),
  kind: ComplaintKindSchema,
  arbitratorId: z.string(),
  verdict: VerdictSchema,
  decidedAt: IsoDateTimeSchema,
  /** The case's SLA deadline: decided after it means the SLA was missed. */
  dueAt: IsoDateTimeSchema,
  /** Seconds from the claim to the decision. */
  handlingSeconds: z.number().nonnegative(),
  overturned: z.boolean(),
  /** Whether the precedent hint was shown before commit; null when the deciding client did not say (older apps, platform decisions). */
  precedentHint: z.boolean().nullable().optional(),
});
export type DecisionFact = z.infer<typeof DecisionFactSchema>;
