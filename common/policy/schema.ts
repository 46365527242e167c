import { z } from 'zod';
import { COMPLAINT_KINDS, RemedySchema, type ComplaintKind } from '../domain/case';
import { parseWith, type ParseResult } from '../domain/parse';

const kindRecord = <T extends z.ZodType>(value: T) =>
  z.object(Object.fromEntries(COMPLAINT_KINDS.map((k) => [k, value])) as Record<ComplaintKind, T>);

export const ReasonCodeSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'reason codes are UPPER_SNAKE_CASE'),
  zh: z.string().min(1),
  en: z.string().min(1),
  /** Which verdicts the code explains; lets the UI offer only codes that fit the chosen verdict. */
  verdicts: z.array(z.enum(['upheld', 'partially_upheld', 'rejected'])).min(1),
});
export type ReasonCode = z.infer<typeof ReasonCodeSchema>;

/**
 * Every threshold DOMAIN.md marks "(policy)". Units are in the key names so a policy owner editing
 * JSON cannot confuse hours with days.
 */
export const ThresholdsSchema = z.object({
  orderWindowDays: z.number().positive(),
  reviewWindowDays: z.number().positive(),
  noMovementHours: z.number().positive(),
  weightShortfallRatio: z.number().gt(0).lt(1),
  maxTransitKmh: z.number().positive(),
  shipTimeoutMax: z.number().int().min(1),
  claimSpecTolerance: z.number().min(0).lt(1),
  priceClaimToleranceFen: z.number().int().min(0),
  highRefundMinOrders: z.number().int().min(1),
  highRefundRate: z.number().min(0).max(1),
  refundLookbackDays: z.number().positive(),
  ringMinBuyers: z.number().int().min(2),
  ringWindowDays: z.number().positive(),
  serialMinComplaints: z.number().int().min(1),
  serialLookbackDays: z.number().positive(),
  unreachableMinCalls: z.number().int().min(1),
  unreachableWindowHours: z.number().positive(),
  reviewBlameMaxRating: z.number().int().min(1).max(5),
  duplicateReviewMinOthers: z.number().int().min(1),
});
export type Thresholds = z.infer<typeof ThresholdsSchema>;

export const PolicySchema = z
  .object({
    version: z.string().min(1).describe('Recorded on every decision made under this policy'),
    effectiveFrom: z.iso.datetime({ offset: true }),
    description: z.string().default(''),
    thresholds: ThresholdsSchema,
    leases: z.object({
      normalMinutes: z.number().positive().describe('Online claim lease; heartbeats renew it'),
      offlineHours: z.number().positive().describe('Lease taken by an offline checkout'),
      offlineMaxCases: z.number().int().min(1).describe('Most cases one arbitrator may check out for offline work'),
    }),
    sla: z.object({
      merchantAnswerBusinessDays: z.number().positive(),
      decisionHours: z.number().positive(),
      appealWindowDays: z.number().positive(),
    }),
    absoluteTerms: z.array(z.string().min(1)).min(1).describe('Terms advertising law forbids (ABSOLUTE_TERM)'),
    absoluteTermExceptions: z
      .array(z.string().min(1))
      .default([])
      .describe('Everyday words that contain an absolute term but are not claims (最近, 最后…); removed before matching'),
    logisticsKeywords: z.array(z.string().min(1)).min(1).describe('REVIEW_BLAMES_LOGISTICS vocabulary'),
    priceClaimMarkers: z.array(z.string().min(1)).min(1).describe('Words that introduce a price claim: 只要, 到手价…'),
    reasonCodes: kindRecord(z.array(ReasonCodeSchema).min(1)),
    remediesByKind: kindRecord(z.array(RemedySchema).min(1)),
  })
  .superRefine((p, ctx) => {
    for (const k of COMPLAINT_KINDS) {
      const seen = new Set<string>();
      p.reasonCodes[k].forEach((rc, i) => {
        if (seen.has(rc.code)) ctx.addIssue({ code: 'custom', path: ['reasonCodes', k, i, 'code'], message: `duplicate reason code ${rc.code}` });
        seen.add(rc.code);
      });
    }
  });
export type Policy = z.infer<typeof PolicySchema>;
export type PolicyInput = z.input<typeof PolicySchema>;

export function parsePolicy(input: unknown): ParseResult<Policy> {
  return parseWith(PolicySchema, input);
}
