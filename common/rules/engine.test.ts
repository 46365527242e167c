import { describe, expect, it } from 'vitest';
import type { CaseBundle, CaseBundleInput } from '../domain';
import { DEFAULT_POLICY } from '../policy';
import { assessCase, shipTimeoutCount } from './engine';
import { AT, D, FILED, H, clean, iso, t } from '../../testing/fixtures/bundles';
import type { FindingCode } from './types';

const P = DEFAULT_POLICY;
const codes = (b: CaseBundle, at: string | number = AT): FindingCode[] => {
  const a = assessCase(b, P, at);
  return [...a.eligibility, ...a.findings].map((f) => f.code);
};
const find = (b: CaseBundle, code: FindingCode, at: string | number = AT) => {
  const a = assessCase(b, P, at);
  return [...a.eligibility, ...a.findings].find((f) => f.code === code);
};
type Ev = NonNullable<CaseBundleInput['traces']>[number]['events'][number];
const outbound = (b: CaseBundleInput): Ev[] => b.traces![0]!.events;
const asMerchantCase = (b: CaseBundleInput, kind: 'abnormal_order' | 'abnormal_after_sales' | 'abnormal_review' | 'abnormal_affiliate' = 'abnormal_order') => {
  b.case.kind = kind;
  b.case.complainantId = 'm1';
  b.case.respondentId = 'u1';
};

describe('clean fixture', () => {
  it('raises nothing and is eligible', () => {
    const a = assessCase(clean(), P, AT);
    expect(a.eligibility).toEqual([]);
    expect(a.findings).toEqual([]);
    expect(a.eligible).toBe(true);
    expect(a.policyVersion).toBe(P.version);
  });
});

describe('ORDER_OUTSIDE_WINDOW', () => {
  const withAge = (ageMs: number) => clean((b) => { asMerchantCase(b); b.orders![0]!.createdAt = iso(t(FILED) - ageMs); b.orders![0]!.shipBy = iso(t(FILED) - ageMs + 2 * D); });
  it('fires past 90 days', () => {
    const f = find(withAge(91 * D), 'ORDER_OUTSIDE_WINDOW');
    expect(f?.refs).toEqual([{ type: 'order', orderId: 'o1' }]);
    expect(assessCase(withAge(91 * D), P, AT).eligible).toBe(false);
  });
  it('exactly 90×24h is inside', () => expect(codes(withAge(90 * D))).not.toContain('ORDER_OUTSIDE_WINDOW'));
  it('one millisecond more is outside', () => expect(codes(withAge(90 * D + 1))).toContain('ORDER_OUTSIDE_WINDOW'));
  it('does not apply to consumer complaints', () => expect(codes(clean((b) => { b.orders![0]!.createdAt = iso(t(FILED) - 120 * D); }), AT)).not.toContain('ORDER_OUTSIDE_WINDOW'));
  it('prints an age that agrees with the verdict: 90 days and 1 minute, not "90 days"', () => {
    const f = find(withAge(90 * D + 60_000), 'ORDER_OUTSIDE_WINDOW');
    expect(f?.message_en).toBe('Order o1 was created 90 days and 1 minute before filing, beyond the 90-day window');
    expect(f?.message_zh).toBe('订单 o1 创建于投诉前 90 天零 1 分钟，超过 90 天时效');
    expect(f?.data?.ageDays).toBeGreaterThan(90);
    expect(find(withAge(91.5 * D), 'ORDER_OUTSIDE_WINDOW')?.message_en).toContain('created 91.5 days before filing');
  });
  it('abnormal_review: an old order listed as context is not judged by the order window', () => {
    const b = clean((x) => {
      asMerchantCase(x, 'abnormal_review');
      x.case.subject = { type: 'review', reviewId: 'r1', orderIds: ['o1'] };
      x.orders![0]!.createdAt = iso(t(FILED) - 120 * D);
      x.orders![0]!.shipBy = iso(t(FILED) - 118 * D);
      x.reviews![0]!.createdAt = iso(t(FILED) - 100 * D);
    });
    const a = assessCase(b, P, AT);
    expect(a.eligibility.map((f) => f.code)).toEqual([]);
    expect(a.eligible).toBe(true);
    // The review's own window still applies.
    const old = clean((x) => { asMerchantCase(x, 'abnormal_review'); x.case.subject = { type: 'review', reviewId: 'r1', orderIds: ['o1'] }; x.reviews![0]!.createdAt = iso(t(FILED) - 181 * D); });
    expect(assessCase(old, P, AT).eligibility.map((f) => f.code)).toEqual(['REVIEW_OUTSIDE_WINDOW']);
  });
});

describe('REVIEW_OUTSIDE_WINDOW', () => {
  const withAge = (ageMs: number) => clean((b) => { asMerchantCase(b, 'abnormal_review'); b.case.subject = { type: 'review', reviewId: 'r1' }; b.reviews![0]!.createdAt = iso(t(FILED) - ageMs); });
  it('fires past 180 days', () => expect(find(withAge(181 * D), 'REVIEW_OUTSIDE_WINDOW')?.refs).toEqual([{ type: 'review', reviewId: 'r1' }]));
  it('exactly 180×24h is inside', () => expect(codes(withAge(180 * D))).not.toContain('REVIEW_OUTSIDE_WINDOW'));
  it('negative: a recent review', () => expect(codes(withAge(10 * D))).not.toContain('REVIEW_OUTSIDE_WINDOW'));
});

describe('MISSING_REQUIRED_EVIDENCE', () => {
  it('after-sales without return trace or unboxing media', () => {
    expect(codes(clean((b) => asMerchantCase(b, 'abnormal_after_sales')))).toContain('MISSING_REQUIRED_EVIDENCE');
  });
  it('after-sales with unboxing media is complete', () => {
    const b = clean((x) => {
      asMerchantCase(x, 'abnormal_after_sales');
      x.media = [{ id: 'md1', kind: 'video', purpose: 'unboxing', sha256: 'a'.repeat(64), mimeType: 'video/mp4', bytes: 1000, uri: 'media://md1' }];
    });
    expect(codes(b)).not.toContain('MISSING_REQUIRED_EVIDENCE');
  });
  it('review kind without the review', () => {
    const b = clean((x) => { asMerchantCase(x, 'abnormal_review'); x.case.subject = { type: 'review', reviewId: 'gone' }; });
    expect(codes(b)).toContain('MISSING_REQUIRED_EVIDENCE');
  });
  it('false advertising needs a session or excerpt', () => {
    expect(codes(clean((x) => { x.case.kind = 'false_advertising'; x.sessions = []; }))).toContain('MISSING_REQUIRED_EVIDENCE');
    expect(codes(clean((x) => { x.case.kind = 'false_advertising'; }))).not.toContain('MISSING_REQUIRED_EVIDENCE');
  });
  it('order kinds need the order; service_unreachable needs calls', () => {
    expect(codes(clean((x) => { x.case.subject.orderIds = ['o404']; }))).toContain('MISSING_REQUIRED_EVIDENCE');
    expect(codes(clean((x) => { x.case.kind = 'service_unreachable'; }))).toContain('MISSING_REQUIRED_EVIDENCE');
  });
});

describe('DELIVERED_BEFORE_PICKUP', () => {
  it('fires and points at both events', () => {
    const b = clean((x) => { outbound(x)[5]!.at = '2026-03-02T08:00:00+08:00'; });
    const f = find(b, 'DELIVERED_BEFORE_PICKUP');
    expect(f?.refs).toEqual([{ type: 'trace_event', trackingNumber: 'SF1000000001', seq: 6 }, { type: 'trace_event', trackingNumber: 'SF1000000001', seq: 2 }]);
    expect(f?.stance).toBe('supports_complaint');
  });
  it('delivered at the same instant as pickup is not earlier', () => {
    expect(codes(clean((x) => { outbound(x)[5]!.at = outbound(x)[1]!.at; }))).not.toContain('DELIVERED_BEFORE_PICKUP');
  });
});

describe('NO_MOVEMENT_AFTER_PICKUP', () => {
  const stalled = () => clean((x) => { x.case.kind = 'fake_shipment'; x.traces![0]!.events = outbound(x).slice(0, 2); });
  const pickedUp = t('2026-03-02T09:00:00+08:00');
  it('fires after 48h', () => expect(find(stalled(), 'NO_MOVEMENT_AFTER_PICKUP', pickedUp + 49 * H)?.refs).toEqual([{ type: 'trace_event', trackingNumber: 'SF1000000001', seq: 2 }]));
  it('exactly 48h has passed', () => expect(codes(stalled(), pickedUp + 48 * H)).toContain('NO_MOVEMENT_AFTER_PICKUP'));
  it('47h59m is not yet', () => expect(codes(stalled(), pickedUp + 48 * H - 60_000)).not.toContain('NO_MOVEMENT_AFTER_PICKUP'));
  it('a moving parcel is fine', () => expect(codes(clean(), pickedUp + 30 * D)).not.toContain('NO_MOVEMENT_AFTER_PICKUP'));
});

describe('WEIGHT_SHORTFALL', () => {
  const withWeight = (g: number) => clean((x) => { outbound(x)[1]!.weightGrams = g; });
  it('fires below 50% of Σ qty × unit weight', () => expect(find(withWeight(299), 'WEIGHT_SHORTFALL')?.data).toMatchObject({ measuredG: 299, expectedG: 600 }));
  it('exactly 50% is not a shortfall', () => expect(codes(withWeight(300))).not.toContain('WEIGHT_SHORTFALL'));
  it('return parcel is compared with the outbound measured weight', () => {
    const ret = (g: number) =>
      clean((x) => {
        asMerchantCase(x, 'abnormal_after_sales');
        x.traces!.push({
          trackingNumber: 'YT2000000001',
          carrier: '圆通',
          direction: 'return',
          orderId: 'o1',
          events: [
            { seq: 1, at: '2026-03-06T10:00:00+08:00', city: '北京', status: 'picked_up', weightGrams: g },
            { seq: 2, at: '2026-03-07T18:00:00+08:00', city: '深圳', status: 'delivered' },
          ],
        });
      });
    const f = find(ret(120), 'WEIGHT_SHORTFALL');
    expect(f?.data).toMatchObject({ expectedG: 650 });
    expect(f?.refs).toEqual([{ type: 'trace_event', trackingNumber: 'YT2000000001', seq: 1 }]);
    expect(f?.stance).toBe('supports_complaint');
    expect(codes(ret(325))).not.toContain('WEIGHT_SHORTFALL');
    expect(codes(ret(324))).toContain('WEIGHT_SHORTFALL');
  });
});

describe('EVENTS_OUT_OF_ORDER', () => {
  it('fires when time decreases along seq', () => {
    const b = clean((x) => { outbound(x)[3]!.at = '2026-03-02T19:00:00+08:00'; outbound(x)[3]!.city = '深圳'; });
    expect(find(b, 'EVENTS_OUT_OF_ORDER')?.refs).toEqual([{ type: 'trace_event', trackingNumber: 'SF1000000001', seq: 3 }, { type: 'trace_event', trackingNumber: 'SF1000000001', seq: 4 }]);
  });
  it('equal times are not out of order, and array order does not matter (seq does)', () => {
    expect(codes(clean((x) => { outbound(x)[2]!.at = outbound(x)[1]!.at; }))).not.toContain('EVENTS_OUT_OF_ORDER');
    expect(codes(clean((x) => { outbound(x).reverse(); }))).toEqual([]);
  });
});

describe('IMPOSSIBLE_TRANSIT', () => {
  // 深圳 → 北京 is ~1,940 km great-circle.
  const hop = (hours: number) => clean((x) => { outbound(x)[3]!.at = iso(t('2026-03-02T20:00:00+08:00') + hours * H); });
  it('fires above 1,000 km/h', () => {
    const f = find(hop(1), 'IMPOSSIBLE_TRANSIT');
    expect(f?.refs).toEqual([{ type: 'trace_event', trackingNumber: 'SF1000000001', seq: 3 }, { type: 'trace_event', trackingNumber: 'SF1000000001', seq: 4 }]);
  });
  it('boundary: ~970 km/h is possible, ~1,100 km/h is not', () => {
    expect(codes(hop(2))).not.toContain('IMPOSSIBLE_TRANSIT');
    expect(codes(hop(1.75))).toContain('IMPOSSIBLE_TRANSIT');
  });
  it('knows pinyin and 市 spellings; unknown cities are not judged', () => {
    expect(codes(clean((x) => { outbound(x)[3]!.city = 'Beijing'; outbound(x)[3]!.at = '2026-03-02T20:30:00+08:00'; }))).toContain('IMPOSSIBLE_TRANSIT');
    expect(codes(clean((x) => { outbound(x)[3]!.city = '某某镇'; outbound(x)[3]!.at = '2026-03-02T20:30:00+08:00'; }))).not.toContain('IMPOSSIBLE_TRANSIT');
  });
});

describe('TRACKING_REUSED', () => {
  it('fires when another order carries the same tracking number', () => {
    const b = clean((x) => {
      const o2 = { ...structuredClone(x.orders![0]!), id: 'o2', buyerId: 'u1' };
      x.orders!.push(o2);
      x.traces!.push({ ...structuredClone(x.traces![0]!), orderId: 'o2' });
    });
    expect(find(b, 'TRACKING_REUSED')?.refs).toContainEqual({ type: 'order', orderId: 'o2' });
  });
  it('two traces of one order with one number are not reuse', () => {
    expect(codes(clean((x) => { x.traces!.push(structuredClone(x.traces![0]!)); }))).not.toContain('TRACKING_REUSED');
  });
});

describe('DESTINATION_MISMATCH', () => {
  it('fires on another city; 北京市 equals 北京', () => {
    expect(find(clean((x) => { outbound(x)[5]!.city = '天津'; outbound(x)[4]!.city = '天津'; }), 'DESTINATION_MISMATCH')?.refs[0]).toEqual({ type: 'trace_event', trackingNumber: 'SF1000000001', seq: 6 });
    expect(codes(clean())).not.toContain('DESTINATION_MISMATCH');
  });
});

describe('SHIP_TIMEOUT', () => {
  const shipBy = '2026-03-03T10:00:00+08:00';
  const sb = t(shipBy);
  it('counts 0 at the deadline, 1 just after, one more per full 24h, capped at 3', () => {
    expect(shipTimeoutCount(shipBy, sb, AT)).toBe(0);
    expect(shipTimeoutCount(shipBy, sb + 1, AT)).toBe(1);
    expect(shipTimeoutCount(shipBy, sb + D - 1, AT)).toBe(1);
    expect(shipTimeoutCount(shipBy, sb + D, AT)).toBe(2);
    expect(shipTimeoutCount(shipBy, sb + 2 * D, AT)).toBe(3);
    expect(shipTimeoutCount(shipBy, sb + 10 * D, AT)).toBe(3);
    expect(shipTimeoutCount(shipBy, null, sb + 36 * H)).toBe(2);
    expect(shipTimeoutCount(shipBy, null, sb - 1)).toBe(0);
  });
  it('fires with a count when pickup was late', () => {
    const b = clean((x) => { outbound(x)[1]!.at = iso(sb + 30 * H); });
    expect(find(b, 'SHIP_TIMEOUT')?.data).toEqual({ count: 2 });
  });
  it('late_shipment without any trace counts until now', () => {
    const b = clean((x) => { x.traces = []; });
    expect(find(b, 'SHIP_TIMEOUT', sb + 5 * H)?.data).toEqual({ count: 1 });
  });
  it('negative: shipped on time', () => expect(codes(clean())).not.toContain('SHIP_TIMEOUT'));
});

describe('reviews', () => {
  const reviewCase = (mut: (x: CaseBundleInput) => void) =>
    clean((x) => { asMerchantCase(x, 'abnormal_review'); x.case.subject = { type: 'review', reviewId: 'r1' }; mut(x); });
  it('REVIEW_BEFORE_DELIVERY fires before the delivered event, not at it', () => {
    expect(find(reviewCase((x) => { x.reviews![0]!.createdAt = '2026-03-03T14:00:00+08:00'; }), 'REVIEW_BEFORE_DELIVERY')?.refs).toEqual([
      { type: 'review', reviewId: 'r1' },
      { type: 'trace_event', trackingNumber: 'SF1000000001', seq: 6 },
    ]);
    expect(codes(reviewCase((x) => { x.reviews![0]!.createdAt = '2026-03-03T15:00:00+08:00'; }))).not.toContain('REVIEW_BEFORE_DELIVERY');
  });
  it('REVIEW_BLAMES_LOGISTICS needs rating ≤ 2, a logistics word and an on-time shipment', () => {
    const bad = (rating: number, text: string) => reviewCase((x) => { x.reviews![0]!.rating = rating; x.reviews![0]!.text = text; });
    expect(codes(bad(1, '快递太慢了，差评'))).toContain('REVIEW_BLAMES_LOGISTICS');
    expect(codes(bad(2, '物流慢'))).toContain('REVIEW_BLAMES_LOGISTICS');
    expect(codes(bad(3, '物流慢'))).not.toContain('REVIEW_BLAMES_LOGISTICS');
    expect(codes(bad(1, '质量太差，起球'))).not.toContain('REVIEW_BLAMES_LOGISTICS');
    const late = reviewCase((x) => { x.reviews![0]!.rating = 1; x.reviews![0]!.text = '快递太慢'; x.traces![0]!.events[1]!.at = '2026-03-03T11:00:00+08:00'; });
    expect(codes(late)).not.toContain('REVIEW_BLAMES_LOGISTICS');
  });
  it('REVIEW_DUPLICATE_TEXT needs at least two other identical texts by the author', () => {
    const dup = (n: number) =>
      reviewCase((x) => {
        x.reviews![0]!.text = '好评！质量很好，物超所值。';
        for (let i = 0; i < n; i++) x.reviews!.push({ id: `rd${i}`, orderId: `ox${i}`, authorId: 'u1', rating: 5, text: ' 好评 质量很好 物超所值', createdAt: '2026-02-01T10:00:00+08:00' });
      });
    expect(find(dup(2), 'REVIEW_DUPLICATE_TEXT')?.refs).toHaveLength(3);
    expect(codes(dup(1))).not.toContain('REVIEW_DUPLICATE_TEXT');
  });
  it('REVIEW_CONTACT_INFO spots phones, URLs and WeChat handles', () => {
    for (const text of ['加我13812345678返现', '详情见 www.example.com', '加微信: abc_12345 领券', 'vx:haohuo888'])
      expect(codes(reviewCase((x) => { x.reviews![0]!.text = text; }))).toContain('REVIEW_CONTACT_INFO');
    for (const text of ['订单号12345678901234', '买了3件，1件有瑕疵'])
      expect(codes(reviewCase((x) => { x.reviews![0]!.text = text; }))).not.toContain('REVIEW_CONTACT_INFO');
  });
});

describe('livestream / advertising', () => {
  const seg = (text: string, mut?: (x: CaseBundleInput) => void) =>
    clean((x) => { x.case.kind = 'false_advertising'; x.sessions![0]!.segments[1]!.text = text; mut?.(x); });
  it('claims implicate the affiliate and the selling merchant, so they support a consumer’s complaint', () => {
    const f = find(seg('羊毛含量高达100%'), 'CLAIM_CONTRADICTS_SPEC');
    expect(f?.implicatedPartyIds).toEqual(['a1', 'm1']);
    expect(f?.stance).toBe('supports_complaint');
  });
  it('ABSOLUTE_TERM points at the segment; everyday words are excepted', () => {
    const f = find(seg('全网最低价，这是最好的羊毛衫'), 'ABSOLUTE_TERM');
    expect(f?.refs).toEqual([{ type: 'segment', sessionId: 'ls1', index: 1 }]);
    expect(f?.data?.terms).toContain('全网最低');
    expect(codes(seg('最近天冷，第一次来的朋友点个关注'))).not.toContain('ABSOLUTE_TERM');
  });
  it('CLAIM_CONTRADICTS_SPEC: beyond 5% fires, exactly 5% does not', () => {
    expect(find(seg('羊毛含量高达100%'), 'CLAIM_CONTRADICTS_SPEC')?.refs).toEqual([{ type: 'spec', sku: 's1', attribute: '羊毛含量' }, { type: 'segment', sessionId: 'ls1', index: 1 }]);
    expect(codes(seg('羊毛含量31.5%'))).not.toContain('CLAIM_CONTRADICTS_SPEC');
    expect(codes(seg('羊毛含量31.6%'))).toContain('CLAIM_CONTRADICTS_SPEC');
  });
  it('CLAIM_CONTRADICTS_SPEC converts units (500g vs 0.45kg)', () => {
    const b = seg('净含量足足500克', (x) => { x.specs![0]!.attributes!.push({ name: '净含量', value: 0.45, unit: 'kg' }); });
    expect(find(b, 'CLAIM_CONTRADICTS_SPEC')?.data).toMatchObject({ attribute: '净含量' });
    expect(codes(seg('净含量450克', (x) => { x.specs![0]!.attributes!.push({ name: '净含量', value: 0.45, unit: 'kg' }); }))).not.toContain('CLAIM_CONTRADICTS_SPEC');
  });
  it('PRICE_CLAIM_MISMATCH: more than ¥1 off what was paid', () => {
    expect(find(seg('到手价只要89元'), 'PRICE_CLAIM_MISMATCH')?.refs).toContainEqual({ type: 'segment', sessionId: 'ls1', index: 1 });
    expect(codes(seg('到手价98元'))).not.toContain('PRICE_CLAIM_MISMATCH');
    expect(codes(seg('到手价97.99元'))).toContain('PRICE_CLAIM_MISMATCH');
    expect(codes(seg('只要3件就包邮'))).not.toContain('PRICE_CLAIM_MISMATCH');
  });
});

describe('orders and parties', () => {
  const history = (n: number, refunded: number, daysBack = 10) =>
    clean((x) => {
      asMerchantCase(x, 'abnormal_after_sales');
      x.media = [{ id: 'md1', kind: 'video', purpose: 'unboxing', sha256: 'b'.repeat(64), mimeType: 'video/mp4', bytes: 1, uri: 'media://md1' }];
      const base = x.orders![0]!;
      x.orders = [];
      for (let i = 0; i < n; i++)
        x.orders.push({ ...structuredClone(base), id: i === 0 ? 'o1' : `h${i}`, affiliateId: undefined, commissionSettledAt: undefined, createdAt: iso(t(FILED) - daysBack * D + i * H), shipBy: iso(t(FILED) - daysBack * D + i * H + 2 * D), refunds: i < refunded ? [{ amountFen: 9900, at: iso(t(FILED) - 2 * D), reason: '不想要了' }] : [] });
    });
  it('HIGH_REFUND_RATE: ≥5 orders and > 60% refunded', () => {
    expect(find(history(5, 4), 'HIGH_REFUND_RATE')?.data).toMatchObject({ orders: 5, refunded: 4 });
    expect(codes(history(5, 3))).not.toContain('HIGH_REFUND_RATE'); // exactly 60%
    expect(codes(history(4, 4))).not.toContain('HIGH_REFUND_RATE');
    expect(codes(history(5, 4, 95))).not.toContain('HIGH_REFUND_RATE');
  });
  it('SHARED_ADDRESS_RING: 3 buyers, one address, one affiliate, 30 days', () => {
    const ring = (spanDays: number, buyers = 3) =>
      clean((x) => {
        asMerchantCase(x);
        const base = x.orders![0]!;
        for (let i = 1; i < buyers; i++)
          x.orders!.push({ ...structuredClone(base), id: `rg${i}`, buyerId: `u${i + 1}`, createdAt: iso(t(base.createdAt) - (spanDays * D * i) / (buyers - 1)), shippingAddress: { ...base.shippingAddress, normalised: '北京市 朝阳区 建国路 88 号' } });
      });
    expect(find(ring(29), 'SHARED_ADDRESS_RING')?.refs).toHaveLength(3);
    expect(codes(ring(30))).toContain('SHARED_ADDRESS_RING');
    expect(codes(ring(31))).not.toContain('SHARED_ADDRESS_RING');
    expect(codes(ring(5, 2))).not.toContain('SHARED_ADDRESS_RING');
  });
  it('REFUND_AFTER_COMMISSION: strictly after settlement', () => {
    const refund = (at: string) => clean((x) => { x.orders![0]!.refunds = [{ amountFen: 9900, at, reason: '七天无理由' }]; });
    expect(find(refund('2026-03-09T10:00:00+08:00'), 'REFUND_AFTER_COMMISSION')?.refs).toEqual([{ type: 'order', orderId: 'o1' }]);
    expect(codes(refund('2026-03-08T10:00:00+08:00'))).not.toContain('REFUND_AFTER_COMMISSION');
  });
  it('SERIAL_COMPLAINANT: ≥5 earlier complaints in 90 days', () => {
    const serial = (n: number, daysBack = 10) =>
      clean((x) => { x.priorComplaints = Array.from({ length: n }, (_, i) => ({ caseId: `p${i}`, kind: 'quality' as const, complainantId: 'u1', respondentId: `m${i + 2}`, filedAt: iso(t(FILED) - daysBack * D - i * H) })); });
    const f = find(serial(5), 'SERIAL_COMPLAINANT');
    expect(f?.severity).toBe('info');
    expect(f?.stance).toBe('undermines_complaint');
    expect(codes(serial(4))).not.toContain('SERIAL_COMPLAINANT');
    expect(codes(serial(5, 89.9))).not.toContain('SERIAL_COMPLAINANT'); // two of them fall past 90 days
  });
  it('SERVICE_UNREACHABLE: 3 unanswered within 24h', () => {
    const calls = (gapH: number, answeredIdx = -1) =>
      clean((x) => {
        x.case.kind = 'service_unreachable';
        x.calls = [0, 1, 2].map((i) => ({ id: `call${i}`, callerId: 'u1', calleeId: 'm1', at: iso(t(FILED) - 30 * H + i * gapH * H), answered: i === answeredIdx }));
      });
    expect(find(calls(12), 'SERVICE_UNREACHABLE')?.refs).toHaveLength(3);
    expect(codes(calls(12))).toContain('SERVICE_UNREACHABLE'); // span exactly 24h
    expect(codes(calls(12.01))).not.toContain('SERVICE_UNREACHABLE');
    expect(codes(calls(1, 1))).not.toContain('SERVICE_UNREACHABLE');
  });
});

describe('ordering', () => {
  it('sorts critical first, then by code', () => {
    const b = clean((x) => {
      outbound(x)[1]!.weightGrams = 10;
      x.sessions![0]!.segments[1]!.text = '全网最低价';
      x.priorComplaints = Array.from({ length: 6 }, (_, i) => ({ caseId: `p${i}`, kind: 'quality' as const, complainantId: 'u1', respondentId: 'm9', filedAt: iso(t(FILED) - (i + 1) * D) }));
    });
    expect(assessCase(b, P, AT).findings.map((f) => f.code)).toEqual(['WEIGHT_SHORTFALL', 'ABSOLUTE_TERM', 'SERIAL_COMPLAINANT']);
  });
});
