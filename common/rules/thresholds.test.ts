/**
 * Every threshold of the policy, exercised with a value other than the default, at its boundary.
 * The rules' own tests (engine.test.ts) run under the default policy, where a rule that ignored
 * its threshold and used a constant equal to the default would still pass: dropping
 * `shipTimeoutMax` from SHIP_TIMEOUT once went unnoticed because the default cap happens to be 3.
 */
import { describe, expect, it } from 'vitest';
import type { CaseBundle, CaseBundleInput } from '../domain';
import { DEFAULT_POLICY, ThresholdsSchema, type Policy, type Thresholds } from '../policy';
import { AT, D, FILED, H, clean, iso, t } from '../../testing/fixtures/bundles';
import { assessCase } from './engine';
import type { FindingCode } from './types';

const policyWith = (patch: Partial<Thresholds>): Policy => ({ ...DEFAULT_POLICY, version: 'test-non-default', thresholds: { ...DEFAULT_POLICY.thresholds, ...patch } });
const all = (b: CaseBundle, p: Policy, at: string | number = AT) => {
  const a = assessCase(b, p, at);
  return [...a.eligibility, ...a.findings];
};
const fires = (b: CaseBundle, p: Policy, code: FindingCode, at: string | number = AT): boolean => all(b, p, at).some((f) => f.code === code);
const dataOf = (b: CaseBundle, p: Policy, code: FindingCode, at: string | number = AT) => all(b, p, at).find((f) => f.code === code)?.data;

type Ev = NonNullable<CaseBundleInput['traces']>[number]['events'][number];
const outbound = (b: CaseBundleInput): Ev[] => b.traces![0]!.events;
const merchantCase = (b: CaseBundleInput, kind: 'abnormal_order' | 'abnormal_after_sales' | 'abnormal_review' = 'abnormal_order') => {
  b.case.kind = kind;
  b.case.complainantId = 'm1';
  b.case.respondentId = 'u1';
};
const unboxing = (b: CaseBundleInput) => {
  b.media = [{ id: 'md1', kind: 'video', purpose: 'unboxing', sha256: 'b'.repeat(64), mimeType: 'video/mp4', bytes: 1, uri: 'media://md1' }];
};
const orderAged = (ageMs: number) => clean((b) => { merchantCase(b); b.orders![0]!.createdAt = iso(t(FILED) - ageMs); b.orders![0]!.shipBy = iso(t(FILED) - ageMs + 2 * D); });
const reviewAged = (ageMs: number) => clean((b) => { merchantCase(b, 'abnormal_review'); b.case.subject = { type: 'review', reviewId: 'r1' }; b.reviews![0]!.createdAt = iso(t(FILED) - ageMs); });
const stalled = () => clean((b) => { b.case.kind = 'fake_shipment'; b.traces![0]!.events = outbound(b).slice(0, 2); });
const pickedUp = t('2026-03-02T09:00:00+08:00');
const segment = (text: string) => clean((b) => { b.case.kind = 'false_advertising'; b.sessions![0]!.segments[1]!.text = text; });
const history = (n: number, refunded: number, daysBack = 10) =>
  clean((b) => {
    merchantCase(b, 'abnormal_after_sales');
    unboxing(b);
    const base = b.orders![0]!;
    b.orders = Array.from({ length: n }, (_, i) => ({ ...structuredClone(base), id: i === 0 ? 'o1' : `h${i}`, affiliateId: undefined, commissionSettledAt: undefined, createdAt: iso(t(FILED) - daysBack * D + i * H), shipBy: iso(t(FILED) - daysBack * D + i * H + 2 * D), refunds: i < refunded ? [{ amountFen: 9900, at: iso(t(FILED) - 2 * D), reason: '不想要了' }] : [] }));
  });
const ring = (spanDays: number, buyers: number) =>
  clean((b) => {
    merchantCase(b);
    const base = b.orders![0]!;
    for (let i = 1; i < buyers; i++) b.orders!.push({ ...structuredClone(base), id: `rg${i}`, buyerId: `u${i + 1}`, createdAt: iso(t(base.createdAt) - (spanDays * D * i) / (buyers - 1)) });
  });
const serial = (n: number, daysBack = 5) => clean((b) => { b.priorComplaints = Array.from({ length: n }, (_, i) => ({ caseId: `p${i}`, kind: 'quality' as const, complainantId: 'u1', respondentId: `m${i + 2}`, filedAt: iso(t(FILED) - daysBack * D - i * H) })); });
const calls = (n: number, gapH: number) =>
  clean((b) => {
    b.case.kind = 'service_unreachable';
    b.calls = Array.from({ length: n }, (_, i) => ({ id: `call${i}`, callerId: 'u1', calleeId: 'm1', at: iso(t(FILED) - 60 * H + i * gapH * H), answered: false }));
  });
const review = (mut: (b: CaseBundleInput) => void) => clean((b) => { merchantCase(b, 'abnormal_review'); b.case.subject = { type: 'review', reviewId: 'r1' }; mut(b); });
const duplicates = (n: number) =>
  review((b) => {
    b.reviews![0]!.text = '好评！质量很好';
    for (let i = 0; i < n; i++) b.reviews!.push({ id: `rd${i}`, orderId: `ox${i}`, authorId: 'u1', rating: 5, text: '好评 质量很好', createdAt: '2026-02-01T10:00:00+08:00' });
  });

/** One test per threshold; the key list is checked against the schema below. */
const cases: Record<keyof Thresholds, () => void> = {
  orderWindowDays: () => {
    const p = policyWith({ orderWindowDays: 30 });
    expect(fires(orderAged(30 * D), p, 'ORDER_OUTSIDE_WINDOW')).toBe(false);
    expect(fires(orderAged(30 * D + 1), p, 'ORDER_OUTSIDE_WINDOW')).toBe(true);
  },
  reviewWindowDays: () => {
    const p = policyWith({ reviewWindowDays: 60 });
    expect(fires(reviewAged(60 * D), p, 'REVIEW_OUTSIDE_WINDOW')).toBe(false);
    expect(fires(reviewAged(60 * D + 1), p, 'REVIEW_OUTSIDE_WINDOW')).toBe(true);
  },
  noMovementHours: () => {
    const p = policyWith({ noMovementHours: 24 });
    expect(fires(stalled(), p, 'NO_MOVEMENT_AFTER_PICKUP', pickedUp + 24 * H - 60_000)).toBe(false);
    expect(fires(stalled(), p, 'NO_MOVEMENT_AFTER_PICKUP', pickedUp + 24 * H)).toBe(true);
  },
  weightShortfallRatio: () => {
    // Expected 600 g: 80 % is 480 g.
    const p = policyWith({ weightShortfallRatio: 0.8 });
    const weighed = (g: number) => clean((b) => { outbound(b)[1]!.weightGrams = g; });
    expect(fires(weighed(480), p, 'WEIGHT_SHORTFALL')).toBe(false);
    expect(fires(weighed(479), p, 'WEIGHT_SHORTFALL')).toBe(true);
  },
  maxTransitKmh: () => {
    // 深圳 → 北京 ≈ 1,940 km: one hour is ≈ 1,940 km/h, half an hour ≈ 3,880 km/h.
    const p = policyWith({ maxTransitKmh: 3000 });
    const hop = (hours: number) => clean((b) => { outbound(b)[3]!.at = iso(t('2026-03-02T20:00:00+08:00') + hours * H); });
    expect(fires(hop(1), p, 'IMPOSSIBLE_TRANSIT')).toBe(false);
    expect(fires(hop(0.5), p, 'IMPOSSIBLE_TRANSIT')).toBe(true);
  },
  shipTimeoutMax: () => {
    const late = clean((b) => { outbound(b)[1]!.at = iso(t('2026-03-03T10:00:00+08:00') + 6 * D); });
    expect(dataOf(late, policyWith({ shipTimeoutMax: 5 }), 'SHIP_TIMEOUT')).toEqual({ count: 5 });
    expect(dataOf(late, policyWith({ shipTimeoutMax: 1 }), 'SHIP_TIMEOUT')).toEqual({ count: 1 });
  },
  claimSpecTolerance: () => {
    // Spec says 30 %: a claim of 45 % is 50 % off, 45.3 % is 51 % off.
    const p = policyWith({ claimSpecTolerance: 0.5 });
    expect(fires(segment('羊毛含量45%'), p, 'CLAIM_CONTRADICTS_SPEC')).toBe(false);
    expect(fires(segment('羊毛含量45.3%'), p, 'CLAIM_CONTRADICTS_SPEC')).toBe(true);
  },
  priceClaimToleranceFen: () => {
    // Paid ¥99; a tolerance of ¥5.
    const p = policyWith({ priceClaimToleranceFen: 500 });
    expect(fires(segment('到手价94元'), p, 'PRICE_CLAIM_MISMATCH')).toBe(false);
    expect(fires(segment('到手价93.99元'), p, 'PRICE_CLAIM_MISMATCH')).toBe(true);
  },
  highRefundMinOrders: () => {
    const p = policyWith({ highRefundMinOrders: 3 });
    expect(fires(history(2, 2), p, 'HIGH_REFUND_RATE')).toBe(false);
    expect(fires(history(3, 3), p, 'HIGH_REFUND_RATE')).toBe(true);
  },
  highRefundRate: () => {
    const p = policyWith({ highRefundRate: 0.3 });
    expect(fires(history(5, 1), p, 'HIGH_REFUND_RATE')).toBe(false);
    expect(fires(history(5, 2), p, 'HIGH_REFUND_RATE')).toBe(true);
  },
  refundLookbackDays: () => {
    const p = policyWith({ refundLookbackDays: 200 });
    expect(fires(history(5, 4, 150), p, 'HIGH_REFUND_RATE')).toBe(true);
    expect(fires(history(5, 4, 150), DEFAULT_POLICY, 'HIGH_REFUND_RATE')).toBe(false);
    expect(fires(history(5, 4, 201), p, 'HIGH_REFUND_RATE')).toBe(false);
  },
  ringMinBuyers: () => {
    const p = policyWith({ ringMinBuyers: 2 });
    expect(fires(ring(5, 2), p, 'SHARED_ADDRESS_RING')).toBe(true);
    expect(fires(ring(5, 2), policyWith({ ringMinBuyers: 4 }), 'SHARED_ADDRESS_RING')).toBe(false);
    expect(fires(ring(5, 4), policyWith({ ringMinBuyers: 4 }), 'SHARED_ADDRESS_RING')).toBe(true);
  },
  ringWindowDays: () => {
    const p = policyWith({ ringWindowDays: 60 });
    expect(fires(ring(60, 3), p, 'SHARED_ADDRESS_RING')).toBe(true);
    expect(fires(ring(61, 3), p, 'SHARED_ADDRESS_RING')).toBe(false);
  },
  serialMinComplaints: () => {
    const p = policyWith({ serialMinComplaints: 2 });
    expect(fires(serial(1), p, 'SERIAL_COMPLAINANT')).toBe(false);
    expect(fires(serial(2), p, 'SERIAL_COMPLAINANT')).toBe(true);
  },
  serialLookbackDays: () => {
    // Five complaints 5 days back and one hour apart: a 5-day window holds none of them.
    expect(fires(serial(5, 5), policyWith({ serialLookbackDays: 5 }), 'SERIAL_COMPLAINANT')).toBe(false);
    expect(fires(serial(5, 5), policyWith({ serialLookbackDays: 6 }), 'SERIAL_COMPLAINANT')).toBe(true);
  },
  unreachableMinCalls: () => {
    const p = policyWith({ unreachableMinCalls: 2 });
    expect(fires(calls(1, 1), p, 'SERVICE_UNREACHABLE')).toBe(false);
    expect(fires(calls(2, 1), p, 'SERVICE_UNREACHABLE')).toBe(true);
  },
  unreachableWindowHours: () => {
    // Three calls 20 h apart span 40 h.
    expect(fires(calls(3, 20), policyWith({ unreachableWindowHours: 40 }), 'SERVICE_UNREACHABLE')).toBe(true);
    expect(fires(calls(3, 20), policyWith({ unreachableWindowHours: 39 }), 'SERVICE_UNREACHABLE')).toBe(false);
  },
  reviewBlameMaxRating: () => {
    const rated = (rating: number) => review((b) => { b.reviews![0]!.rating = rating; b.reviews![0]!.text = '快递太慢了'; });
    expect(fires(rated(3), policyWith({ reviewBlameMaxRating: 3 }), 'REVIEW_BLAMES_LOGISTICS')).toBe(true);
    expect(fires(rated(2), policyWith({ reviewBlameMaxRating: 1 }), 'REVIEW_BLAMES_LOGISTICS')).toBe(false);
  },
  duplicateReviewMinOthers: () => {
    expect(fires(duplicates(1), policyWith({ duplicateReviewMinOthers: 1 }), 'REVIEW_DUPLICATE_TEXT')).toBe(true);
    expect(fires(duplicates(2), policyWith({ duplicateReviewMinOthers: 3 }), 'REVIEW_DUPLICATE_TEXT')).toBe(false);
  },
};

describe('every threshold is read from the policy (non-default values)', () => {
  it('has a case for every threshold in the schema', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(ThresholdsSchema.shape).sort());
  });
  for (const [key, run] of Object.entries(cases)) it(key, run);

  it('the word lists are read from the policy too', () => {
    const p: Policy = { ...DEFAULT_POLICY, absoluteTerms: ['神级'], logisticsKeywords: ['邮差'], priceClaimMarkers: ['团购价'] };
    expect(fires(segment('这是神级面料'), p, 'ABSOLUTE_TERM')).toBe(true);
    expect(fires(segment('全网最低'), p, 'ABSOLUTE_TERM')).toBe(false);
    expect(fires(segment('团购价80元'), p, 'PRICE_CLAIM_MISMATCH')).toBe(true);
    expect(fires(segment('到手价80元'), p, 'PRICE_CLAIM_MISMATCH')).toBe(false);
    const blame = (text: string) => review((b) => { b.reviews![0]!.rating = 1; b.reviews![0]!.text = text; });
    expect(fires(blame('邮差太慢'), p, 'REVIEW_BLAMES_LOGISTICS')).toBe(true);
    expect(fires(blame('快递太慢'), p, 'REVIEW_BLAMES_LOGISTICS')).toBe(false);
  });
});
