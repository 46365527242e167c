/**
 * `finding.data` per code: the figures behind each message, for display, exports and what-if
 * comparisons. One strict zod object per code (a code without figures has none), published as
 * docs/schema/finding.schema.json and tabled in docs/rules.md; a test over generated cases checks
 * that every finding the engine emits matches its entry here.
 */
import { z } from 'zod';
import { EvidenceRefSchema } from '../domain/case';
import { ALL_CODES, SEVERITIES, type FindingCode } from './types';

const num = (d: string) => z.number().describe(d);
const str = (d: string) => z.string().describe(d);
const windowAge = {
  ageDays: num('Age at filing in days, with enough decimals to stay beyond the window (e.g. 90.0007)'),
  windowDays: num('The window the policy allows, in days'),
};

export const FINDING_DATA = {
  ORDER_OUTSIDE_WINDOW: z.strictObject(windowAge),
  REVIEW_OUTSIDE_WINDOW: z.strictObject(windowAge),
  MISSING_REQUIRED_EVIDENCE: z.strictObject({ missing: str('What is missing, in English; several items joined by "; "') }),
  DELIVERED_BEFORE_PICKUP: null,
  NO_MOVEMENT_AFTER_PICKUP: z.strictObject({ idleHours: num('Hours since the last scan at the assessment time, one decimal') }),
  WEIGHT_SHORTFALL: z.strictObject({
    measuredG: num('Lightest measured weight below the floor, grams'),
    expectedG: num('What the parcel should weigh, grams (see the rule)'),
    percent: num('measuredG as a percentage of expectedG, kept below the policy ratio'),
  }),
  EVENTS_OUT_OF_ORDER: null,
  IMPOSSIBLE_TRANSIT: z.strictObject({ speedKmh: z.union([z.number(), z.literal('instant')]).describe('Highest implied speed, km/h, kept above the limit; "instant" when two scans in different cities share a time') }),
  TRACKING_REUSED: null,
  DESTINATION_MISMATCH: z.strictObject({ deliveredCity: str('City of the last delivered scan'), expectedCity: str('Order city (outbound) or merchant return-warehouse city (return)') }),
  SHIP_TIMEOUT: z.strictObject({ count: num('Timeout count: 1, plus one per further full 24 h without pickup, capped at thresholds.shipTimeoutMax') }),
  REVIEW_BEFORE_DELIVERY: z.strictObject({ hoursBefore: num('Hours between the review and the first delivered scan, above 0') }),
  REVIEW_BLAMES_LOGISTICS: z.strictObject({ keyword: str('The logisticsKeywords entry found in the text') }),
  REVIEW_DUPLICATE_TEXT: z.strictObject({ duplicates: num('Other reviews by the same author with the same normalised text') }),
  REVIEW_CONTACT_INFO: z.strictObject({ kinds: str('Comma-separated kinds found: mobile, url, wechat_qq') }),
  ABSOLUTE_TERM: z.strictObject({ terms: str('The absolute terms found, joined by 、') }),
  CLAIM_CONTRADICTS_SPEC: z.strictObject({
    attribute: str('Spec attribute name, e.g. 羊毛含量'),
    claimed: str('The claim as spoken, number and unit, e.g. 100%'),
    spec: str('The spec value with its unit, e.g. 30%'),
    deviationPct: z.union([z.number(), z.literal('inf')]).describe('|claim − spec| / spec in percent, kept above the tolerance; "inf" when the spec is 0'),
  }),
  PRICE_CLAIM_MISMATCH: z.strictObject({ claimedFen: num('First mismatching claimed price, fen'), paidFen: num('First paid unit price compared, fen') }),
  HIGH_REFUND_RATE: z.strictObject({ orders: num('Buyer orders in the lookback window'), refunded: num('Of them, with a refund'), percent: num('refunded / orders in percent, kept above the policy rate') }),
  SHARED_ADDRESS_RING: z.strictObject({ buyers: num('Distinct buyers in the ring'), address: str('The shared address as the first order gives it') }),
  REFUND_AFTER_COMMISSION: z.strictObject({ refunds: num('Refunds after the commission settled') }),
  SERIAL_COMPLAINANT: z.strictObject({ complaints: num('Earlier complaints in the lookback window') }),
  SERVICE_UNREACHABLE: z.strictObject({ calls: num('Unanswered calls inside the window') }),
} as const satisfies Record<FindingCode, z.ZodObject | null>;

/** A finding as it travels (assessments in case views, exports), with its data checked per code. */
export const FindingSchema = z
  .discriminatedUnion(
    'code',
    ALL_CODES.map((code) => {
      const data = FINDING_DATA[code];
      return z.object({
        code: z.literal(code),
        severity: z.enum(SEVERITIES),
        message_zh: z.string(),
        message_en: z.string(),
        refs: z.array(EvidenceRefSchema).describe('The evidence items that triggered the finding'),
        stance: z.enum(['supports_complaint', 'undermines_complaint', 'neutral']),
        implicatedPartyIds: z.array(z.string()),
        ...(data ? { data } : {}),
      });
    }) as unknown as [z.ZodObject, ...z.ZodObject[]],
  )
  .describe('One finding of the rules engine; `data` keys depend on `code`');
