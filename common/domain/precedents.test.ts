import { describe, expect, it } from 'vitest';
import { parseCaseBundle } from './parse';
import { amountBand, bundleFeatures, precedentHint, similarity, verdictDistribution, weightedJaccard, type PrecedentFeatures } from './precedents';

const base: PrecedentFeatures = {
  kind: 'late_shipment',
  findingCodes: ['SHIP_TIMEOUT', 'NO_MOVEMENT'],
  criticalCodes: ['SHIP_TIMEOUT'],
  amountFen: 9_900,
  partyIds: ['u1', 'm1'],
  addresses: ['广东省深圳市南山区科技园1号'],
  policyVersion: '2026.1',
};
const other = (patch: Partial<PrecedentFeatures>): PrecedentFeatures => ({
  ...base,
  partyIds: ['u9', 'm9'],
  addresses: ['北京市朝阳区某路9号'],
  ...patch,
});

describe('amountBand', () => {
  it('puts amounts a factor under √10 apart together, and no amount in band 0', () => {
    expect(amountBand(0)).toBe(0);
    expect(amountBand(99)).toBe(0);
    expect(amountBand(100)).toBe(1); // ¥1
    expect(amountBand(8_000)).toBe(amountBand(9_500)); // ¥80, ¥95
    expect(amountBand(80_000) - amountBand(8_000)).toBe(2); // ¥800 is two bands above ¥80
    expect(amountBand(31_000)).toBe(amountBand(10_000)); // ¥100–316 one band
    expect(amountBand(32_000)).toBe(amountBand(10_000) + 1);
  });
});

describe('weightedJaccard', () => {
  it('weighs a shared critical finding more than a shared ordinary one', () => {
    // Same shape: one code shared, one on each side only. Sharing the critical code scores higher.
    const sharesCritical = weightedJaccard(base, other({ findingCodes: ['SHIP_TIMEOUT', 'X'], criticalCodes: ['SHIP_TIMEOUT'] }));
    const sharesOrdinary = weightedJaccard(base, other({ findingCodes: ['NO_MOVEMENT', 'X'], criticalCodes: [] }));
    expect(sharesCritical).toBeCloseTo(3 / 5); // shared 3; union 3 + 1 + 1
    expect(sharesOrdinary).toBeCloseTo(1 / 5); // shared 1; union 3 + 1 + 1
  });
  it('is 1 for the same set and for two empty sets, 0 for disjoint sets', () => {
    expect(weightedJaccard(base, other({}))).toBe(1);
    expect(weightedJaccard(other({ findingCodes: [], criticalCodes: [] }), other({ findingCodes: [], criticalCodes: [] }))).toBe(1);
    expect(weightedJaccard(base, other({ findingCodes: ['A'], criticalCodes: [] }))).toBe(0);
  });
});

describe('similarity', () => {
  it('requires the same kind', () => {
    expect(similarity(base, { ...base, kind: 'counterfeit' })).toBeNull();
  });
  it('scores an identical case 1 with every reason', () => {
    expect(similarity(base, base)).toEqual({ score: 1, why: ['same_findings', 'shared_critical', 'same_amount_band', 'same_party', 'same_ring', 'same_policy'] });
  });
  it('adds up the parts with their weights', () => {
    // Same findings (0.45) and band (0.2), no shared party, same policy (0.1).
    expect(similarity(base, other({}))).toEqual({ score: 0.75, why: ['same_findings', 'shared_critical', 'same_amount_band', 'same_policy'] });
    // Another policy version takes its 0.1.
    expect(similarity(base, other({ policyVersion: '2025.9' }))?.score).toBe(0.65);
    // The next band gives half the amount part; two bands away none.
    expect(similarity(base, other({ amountFen: 30_000 }))).toEqual({ score: 0.65, why: ['same_findings', 'shared_critical', 'near_amount_band', 'same_policy'] });
    expect(similarity(base, other({ amountFen: 99_000 }))?.score).toBe(0.55);
  });
  it('counts a shared party or a shared address ring, and says which', () => {
    const party = similarity(base, other({ partyIds: ['m1'] }));
    expect(party?.score).toBe(1);
    expect(party?.why).toContain('same_party');
    expect(party?.why).not.toContain('same_ring');
    const ring = similarity(base, other({ addresses: ['广东省深圳市南山区科技园1号'] }));
    expect(ring?.score).toBe(1);
    expect(ring?.why).toContain('same_ring');
    expect(ring?.why).not.toContain('same_party');
  });
  it('ranks a case sharing the critical finding above one sharing only an ordinary one', () => {
    const critical = similarity(base, other({ findingCodes: ['SHIP_TIMEOUT'], criticalCodes: ['SHIP_TIMEOUT'] }))!;
    const ordinary = similarity(base, other({ findingCodes: ['NO_MOVEMENT'], criticalCodes: [] }))!;
    expect(critical.score).toBeGreaterThan(ordinary.score);
    expect(critical.why).toContain('shared_critical');
    expect(ordinary.why).not.toContain('shared_critical');
  });
});

describe('bundleFeatures', () => {
  it('takes the parties, ring address and amount of the subject orders', () => {
    const bundle = parseCaseBundle({
      case: {
        id: 'c1',
        externalId: 'EXT-1',
        kind: 'late_shipment',
        complainantId: 'u1',
        respondentId: 'm1',
        subject: { type: 'order', orderIds: ['o1'] },
        filedAt: '2026-03-01T10:00:00+08:00',
        dueAt: '2026-03-03T10:00:00+08:00',
      },
      parties: [
        { id: 'u1', role: 'user', displayName: '张三', accountCreatedAt: '2024-01-01T00:00:00Z' },
        { id: 'm1', role: 'merchant', displayName: '小店', accountCreatedAt: '2023-01-01T00:00:00Z' },
      ],
      orders: [
        { id: 'o1', buyerId: 'u1', merchantId: 'm1', affiliateId: 'a1', items: [{ sku: 's1', name: '毛衣', qty: 1, unitPriceFen: 9900, unitWeightG: 400 }], paidFen: 9900, createdAt: '2026-02-20T10:00:00+08:00', shipBy: '2026-02-22T10:00:00+08:00', shippingAddress: { province: '广东省', city: '深圳市', normalised: '广东省深圳市南山区科技园1号' } },
        { id: 'o2', buyerId: 'u1', merchantId: 'm2', items: [{ sku: 's2', name: '帽子', qty: 1, unitPriceFen: 500, unitWeightG: 100 }], paidFen: 500, createdAt: '2026-01-20T10:00:00+08:00', shipBy: '2026-01-22T10:00:00+08:00', shippingAddress: { province: '北京市', city: '北京市', normalised: '北京市朝阳区某路9号' } },
      ],
    });
    if (!bundle.ok) throw new Error('fixture does not parse');
    expect(bundleFeatures(bundle.value)).toEqual({ kind: 'late_shipment', amountFen: 9900, partyIds: ['u1', 'm1', 'a1'], addresses: ['广东省深圳市南山区科技园1号'] });
  });
});

describe('verdictDistribution and precedentHint', () => {
  const dist = verdictDistribution(['rejected', 'rejected', 'upheld', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
  it('counts verdicts, most first', () => {
    expect(dist).toEqual([
      { verdict: 'rejected', count: 8 },
      { verdict: 'upheld', count: 1 },
    ]);
  });
  it('hints when the choice goes against at least 80 % of at least 5 close precedents', () => {
    expect(precedentHint(dist, 'upheld')).toEqual({ verdict: 'rejected', count: 8, total: 9 });
    expect(precedentHint(dist, 'partially_upheld')).toEqual({ verdict: 'rejected', count: 8, total: 9 });
    expect(precedentHint(dist, 'rejected')).toBeNull();
    expect(precedentHint(dist, null)).toBeNull();
  });
  it('needs 5 close precedents: 4 of 4 is not enough', () => {
    expect(precedentHint(verdictDistribution(['rejected', 'rejected', 'rejected', 'rejected']), 'upheld')).toBeNull();
    expect(precedentHint(verdictDistribution(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']), 'upheld')).toEqual({ verdict: 'rejected', count: 5, total: 5 });
  });
  it('needs 80 %: 4 of 6 is not enough, 4 of 5 is', () => {
    expect(precedentHint(verdictDistribution(['rejected', 'rejected', 'rejected', 'rejected', 'upheld', 'upheld']), 'upheld')).toBeNull();
    expect(precedentHint(verdictDistribution(['rejected', 'rejected', 'rejected', 'rejected', 'upheld']), 'upheld')).toEqual({ verdict: 'rejected', count: 4, total: 5 });
  });
});
