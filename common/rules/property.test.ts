import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_KINDS, TRACE_STATUSES, parseCaseBundle, type CaseBundleInput } from '../domain';
import { DEFAULT_POLICY } from '../policy';
import { assessCase, assessCaseAt } from './engine';
import { evidenceExists } from './refs';
import { SEVERITY_RANK } from './types';

//#region arbitraries: schema-valid bundles whose parts refer to each other often enough to fire rules
const T0 = Date.parse('2025-06-01T00:00:00Z');
const isoArb = fc
  .tuple(fc.integer({ min: -200 * 86_400, max: 200 * 86_400 }), fc.constantFrom('Z', '+08:00', '-05:00'))
  .map(([s, off]) => {
    const base = new Date(T0 + s * 1000).toISOString().slice(0, 19);
    return `${base}${off}`;
  });
const ids = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`);
const partyIds = ids('p', 4);
const orderIds = ids('o', 5);
const pid = fc.constantFrom(...partyIds);
const oid = fc.constantFrom(...orderIds, 'o-missing');
const city = fc.constantFrom('北京', '北京市', '深圳', 'Shenzhen', '乌鲁木齐', '海口', '台州', 'taizhou', '某某镇', 'x');
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.array(fc.constantFrom('全网最低价', '最近', '羊毛含量100%', '净含量500g', '到手价99元', '只要3件', '快递太慢', '13812345678', 'www.a.com', 'vx:abcdef', '，', ' ', '好评'), { maxLength: 6 }).map((xs) => xs.join('')),
);
const address = fc.record({ province: fc.constant('广东省'), city, normalised: fc.constantFrom('北京市朝阳区1号', '北京市 朝阳区 1号', '深圳市南山区2号') });
const event = fc.record({ seq: fc.integer({ min: 0, max: 8 }), at: isoArb, city, status: fc.constantFrom(...TRACE_STATUSES), weightGrams: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }) });
const order = fc.record({
  buyerId: pid,
  merchantId: pid,
  affiliateId: fc.option(pid, { nil: undefined }),
  items: fc.array(fc.record({ sku: fc.constantFrom('s0', 's1'), name: fc.constant('商品'), qty: fc.integer({ min: 1, max: 5 }), unitPriceFen: fc.integer({ min: 0, max: 50_000 }), unitWeightG: fc.integer({ min: 0, max: 3000 }) }), { minLength: 1, maxLength: 3 }),
  paidFen: fc.integer({ min: 0, max: 100_000 }),
  createdAt: isoArb,
  shipBy: isoArb,
  shippingAddress: address,
  refunds: fc.array(fc.record({ amountFen: fc.integer({ min: 0, max: 9999 }), at: isoArb, reason: fc.constant('r') }), { maxLength: 2 }),
  commissionSettledAt: fc.option(isoArb, { nil: undefined }),
});
const bundleArb: fc.Arbitrary<CaseBundleInput> = fc
  .record({
    kind: fc.constantFrom(...COMPLAINT_KINDS),
    complainantId: pid,
    respondentId: pid,
    subjectType: fc.constantFrom('order', 'review', 'session'),
    subjectOrders: fc.array(oid, { minLength: 1, maxLength: 3 }),
    filedAt: isoArb,
    orders: fc.array(order, { maxLength: 5 }),
    traces: fc.array(fc.record({ trackingNumber: fc.constantFrom('SF0001', 'SF0002', 'YT0003'), carrier: fc.constant('顺丰'), direction: fc.constantFrom('outbound', 'return'), orderId: oid, events: fc.array(event, { maxLength: 7 }) }), { maxLength: 4 }),
    reviews: fc.array(fc.record({ orderId: oid, authorId: pid, rating: fc.integer({ min: 1, max: 5 }), text, createdAt: isoArb }), { maxLength: 5 }),
    segments: fc.array(fc.record({ startSec: fc.nat(100), endSec: fc.nat(200), text }), { maxLength: 5 }),
    attrs: fc.array(fc.record({ name: fc.constantFrom('羊毛含量', '净含量', '颜色'), value: fc.oneof(fc.double({ min: 0, max: 2000, noNaN: true }), fc.constant('红')), unit: fc.option(fc.constantFrom('%', 'g', 'kg', 'ml', '天'), { nil: undefined }) }), { maxLength: 3 }),
    calls: fc.array(fc.record({ callerId: pid, calleeId: pid, at: isoArb, answered: fc.boolean() }), { maxLength: 6 }),
    prior: fc.array(fc.record({ complainantId: pid, filedAt: isoArb }), { maxLength: 7 }),
    withExcerpt: fc.boolean(),
  })
  .map((r) => ({
    case: {
      id: 'c0',
      externalId: 'E0',
      kind: r.kind,
      complainantId: r.complainantId,
      respondentId: r.respondentId,
      subject: r.subjectType === 'review' ? { type: 'review' as const, reviewId: 'r0' } : r.subjectType === 'session' ? { type: 'session' as const, sessionId: 'ls0', orderIds: r.subjectOrders } : { type: 'order' as const, orderIds: r.subjectOrders },
      filedAt: r.filedAt,
      dueAt: r.filedAt,
    },
    parties: partyIds.map((id, i) => ({ id, role: (['user', 'merchant', 'affiliate', 'user'] as const)[i]!, displayName: id, accountCreatedAt: '2020-01-01T00:00:00Z', returnAddress: i === 1 ? { province: '广东省', city: '深圳', normalised: '深圳仓' } : undefined })),
    orders: r.orders.map((o, i) => ({ ...o, id: orderIds[i]! })),
    traces: r.traces,
    reviews: r.reviews.map((x, i) => ({ ...x, id: `r${i}` })),
    sessions: r.segments.length ? [{ id: 'ls0', affiliateId: 'p2', startedAt: r.filedAt, segments: r.segments, productsShown: ['s0'] }] : [],
    excerpts: r.withExcerpt ? [{ id: 'ex0', source: 'product_page' as const, text: '羊毛含量100%，到手价9元' }] : [],
    specs: [{ sku: 's0', merchantId: 'p1', name: '商品', listedPriceFen: 9900, attributes: r.attrs }],
    calls: r.calls.map((c, i) => ({ ...c, id: `call${i}` })),
    priorComplaints: r.prior.map((p, i) => ({ ...p, caseId: `pc${i}`, kind: 'quality' as const, respondentId: 'p1' })),
  }));
//#endregion

describe('assessCase properties', () => {
  const valid = bundleArb.map((x) => parseCaseBundle(x)).filter((r) => r.ok).map((r) => (r).value);
  const at = isoArb;

  it('never throws, is deterministic, sorts by severity and points only at evidence that exists', () => {
    fc.assert(
      fc.property(valid, at, (b, when) => {
        const a1 = assessCase(b, DEFAULT_POLICY, when);
        const a2 = assessCase(structuredClone(b), DEFAULT_POLICY, when);
        expect(JSON.stringify(a2)).toBe(JSON.stringify(a1));
        expect(a1.eligible).toBe(a1.eligibility.length === 0);
        for (const list of [a1.eligibility, a1.findings])
          for (let i = 1; i < list.length; i++) expect(SEVERITY_RANK[list[i - 1]!.severity]).toBeLessThanOrEqual(SEVERITY_RANK[list[i]!.severity]);
        for (const f of [...a1.eligibility, ...a1.findings]) for (const ref of f.refs) expect(evidenceExists(b, ref), `${f.code} → ${JSON.stringify(ref)}`).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it('the arbitrary is not vacuous: it fires a wide range of codes', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(valid, at, (b, when) => {
        for (const f of [...assessCase(b, DEFAULT_POLICY, when).findings]) seen.add(f.code);
      }),
      { numRuns: 600, seed: 42 },
    );
    expect(seen.size).toBeGreaterThanOrEqual(12);
  });

  it('an assessment that did not read the clock is the same at any other time but for `at` (the server assesses once then)', () => {
    let clockFree = 0;
    let moved = 0;
    fc.assert(
      fc.property(valid, at, fc.integer({ min: -40 * 86_400, max: 40 * 86_400 }), (b, when, deltaS) => {
        const first = assessCaseAt(b, DEFAULT_POLICY, when);
        const later = new Date(Date.parse(when) + deltaS * 1000);
        const again = assessCase(b, DEFAULT_POLICY, later);
        if (!first.readsClock) {
          clockFree++;
          expect(JSON.stringify(again)).toBe(JSON.stringify({ ...first.assessment, at: later.toISOString() }));
        } else if (JSON.stringify({ ...again, at: '' }) !== JSON.stringify({ ...first.assessment, at: '' })) moved++;
      }),
      { numRuns: 1000, seed: 7 },
    );
    // Both sides occur: bundles whose findings never depend on the time, and ones whose findings moved with it.
    expect(clockFree).toBeGreaterThan(50);
    expect(moved).toBeGreaterThan(50);
  });
});
