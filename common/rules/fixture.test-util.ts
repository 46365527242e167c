import { CaseBundleSchema, type CaseBundle, type CaseBundleInput } from '../domain';

/** A consistent, finding-free bundle that unit tests mutate one fact at a time. */
export const FILED = '2026-03-10T10:00:00+08:00';
export const AT = '2026-03-11T10:00:00+08:00';
export const H = 3_600_000;
export const D = 24 * H;
export const iso = (ms: number): string => new Date(ms).toISOString();
export const t = (s: string): number => Date.parse(s);

export function cleanBundleInput(): CaseBundleInput {
  return {
    case: {
      id: 'c1',
      externalId: 'EXT-c1',
      kind: 'late_shipment',
      complainantId: 'u1',
      respondentId: 'm1',
      subject: { type: 'order', orderIds: ['o1'] },
      filedAt: FILED,
      dueAt: '2026-03-12T10:00:00+08:00',
    },
    parties: [
      { id: 'u1', role: 'user', displayName: '张伟', accountCreatedAt: '2023-05-01T00:00:00+08:00' },
      {
        id: 'm1',
        role: 'merchant',
        displayName: '暖羊羊旗舰店',
        accountCreatedAt: '2021-01-01T00:00:00+08:00',
        returnAddress: { province: '广东省', city: '深圳市', normalised: '广东省深圳市宝安区西乡街道1号仓' },
      },
      { id: 'a1', role: 'affiliate', displayName: '小美直播', accountCreatedAt: '2022-01-01T00:00:00+08:00', starRating: 4 },
    ],
    orders: [
      {
        id: 'o1',
        buyerId: 'u1',
        merchantId: 'm1',
        affiliateId: 'a1',
        items: [{ sku: 's1', name: '羊毛衫', qty: 1, unitPriceFen: 9900, unitWeightG: 600 }],
        paidFen: 9900,
        createdAt: '2026-03-01T10:00:00+08:00',
        shipBy: '2026-03-03T10:00:00+08:00',
        shippingAddress: { province: '北京市', city: '北京市', normalised: '北京市朝阳区建国路88号' },
        commissionFen: 990,
        commissionSettledAt: '2026-03-08T10:00:00+08:00',
      },
    ],
    traces: [
      {
        trackingNumber: 'SF1000000001',
        carrier: '顺丰',
        direction: 'outbound',
        orderId: 'o1',
        events: [
          { seq: 1, at: '2026-03-01T12:00:00+08:00', city: '深圳', status: 'created' },
          { seq: 2, at: '2026-03-02T09:00:00+08:00', city: '深圳', status: 'picked_up', weightGrams: 650 },
          { seq: 3, at: '2026-03-02T20:00:00+08:00', city: '深圳', status: 'in_transit' },
          { seq: 4, at: '2026-03-03T08:00:00+08:00', city: '北京', status: 'in_transit' },
          { seq: 5, at: '2026-03-03T10:00:00+08:00', city: '北京', status: 'out_for_delivery' },
          { seq: 6, at: '2026-03-03T15:00:00+08:00', city: '北京', status: 'delivered' },
        ],
      },
    ],
    reviews: [{ id: 'r1', orderId: 'o1', authorId: 'u1', rating: 5, text: '衣服很好看，面料舒服。', createdAt: '2026-03-04T10:00:00+08:00' }],
    sessions: [
      {
        id: 'ls1',
        affiliateId: 'a1',
        startedAt: '2026-02-28T20:00:00+08:00',
        segments: [
          { startSec: 0, endSec: 30, text: '家人们晚上好，欢迎来到直播间' },
          { startSec: 30, endSec: 90, text: '这款羊毛衫羊毛含量30%，到手价99元' },
        ],
        productsShown: ['s1'],
      },
    ],
    specs: [
      {
        sku: 's1',
        merchantId: 'm1',
        name: '羊毛衫',
        listedPriceFen: 12900,
        attributes: [
          { name: '羊毛含量', value: 30, unit: '%' },
          { name: '颜色', value: '米白' },
        ],
      },
    ],
  };
}

export function clean(mutate?: (b: CaseBundleInput) => void): CaseBundle {
  const input = cleanBundleInput();
  mutate?.(input);
  return CaseBundleSchema.parse(input);
}
