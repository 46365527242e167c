import { describe, expect, it } from 'vitest';
import { formatPath, parseCaseBundle } from './index';

const minimal = {
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
    {
      id: 'o1',
      buyerId: 'u1',
      merchantId: 'm1',
      items: [{ sku: 's1', name: '毛衣', qty: 1, unitPriceFen: 9900, unitWeightG: 400 }],
      paidFen: 9900,
      createdAt: '2026-02-20T10:00:00+08:00',
      shipBy: '2026-02-22T10:00:00+08:00',
      shippingAddress: { province: '广东省', city: '深圳市', normalised: '广东省深圳市南山区科技园1号' },
    },
  ],
};

describe('parseCaseBundle', () => {
  it('accepts a minimal bundle and applies defaults', () => {
    const r = parseCaseBundle(minimal);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.case.status).toBe('queued');
      expect(r.value.traces).toEqual([]);
      expect(r.value.orders[0]?.refunds).toEqual([]);
    }
  });

  it('names the path and the reason of each problem', () => {
    const bad = structuredClone(minimal);
    (bad.orders[0]!.items[0] as { qty: unknown }).qty = 0;
    bad.case.filedAt = '2026-03-01T10:00:00'; // no offset
    const r = parseCaseBundle(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const paths = r.issues.map((i) => i.path);
      expect(paths).toContain('orders[0].items[0].qty');
      expect(paths).toContain('case.filedAt');
    }
  });

  it('refuses a complainant who is not a party', () => {
    const bad = structuredClone(minimal);
    bad.case.complainantId = 'ghost';
    const r = parseCaseBundle(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ path: 'case.complainantId' });
  });

  it('never throws on garbage', () => {
    for (const x of [null, 1, 'x', [], { case: 1 }]) expect(parseCaseBundle(x).ok).toBe(false);
  });

  it('formats paths', () => {
    expect(formatPath(['orders', 2, 'items', 0, 'qty'])).toBe('orders[2].items[0].qty');
    expect(formatPath([])).toBe('(root)');
  });
});
