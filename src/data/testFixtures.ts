/**
 * Small, schema-valid server views for the data-layer tests. Built by hand (not by the generator)
 * so each test can state exactly the fields it depends on.
 */
import { CaseViewSchema, type CaseView, type PullResponse } from '@common/api';
import { DEFAULT_POLICY } from '@common/policy';
import type { Decision } from '@common/domain';

export function caseView(n: number, overrides: { status?: string; claimedBy?: string | null; evidenceVersion?: number; title?: string } = {}): CaseView {
  const id = `c${n}`;
  const claimedBy = overrides.claimedBy === undefined ? 'arb-1' : overrides.claimedBy;
  return CaseViewSchema.parse({
    id,
    externalId: `EXT-${1000 + n}`,
    kind: 'abnormal_after_sales',
    queue: 'merchant',
    status: overrides.status ?? (claimedBy ? 'claimed' : 'queued'),
    priority: n % 2 ? 'high' : 'normal',
    filedAt: '2026-11-01T10:00:00+08:00',
    dueAt: `2026-11-${String(3 + (n % 20)).padStart(2, '0')}T10:00:00+08:00`,
    version: 1,
    evidenceVersion: overrides.evidenceVersion ?? 1,
    evidenceDueAt: null,
    policyVersion: DEFAULT_POLICY.version,
    claim: claimedBy ? { arbitratorId: claimedBy, leaseExpiresAt: '2026-11-23T12:00:00Z', epoch: 1, offline: false, active: true } : null,
    bundle: {
      case: {
        id,
        externalId: `EXT-${1000 + n}`,
        kind: 'abnormal_after_sales',
        complainantId: 'm-1',
        respondentId: `u-${n}`,
        subject: { type: 'order', orderIds: [`o-${n}`] },
        title: overrides.title ?? `退货空包 ${n}`,
        filedAt: '2026-11-01T10:00:00+08:00',
        dueAt: '2026-11-04T10:00:00+08:00',
      },
      parties: [
        { id: 'm-1', role: 'merchant', displayName: '杭州优品旗舰店', accountCreatedAt: '2020-01-01T00:00:00+08:00' },
        { id: `u-${n}`, role: 'user', displayName: `买家${n}号`, accountCreatedAt: '2024-05-01T00:00:00+08:00' },
      ],
      orders: [
        {
          id: `o-${n}`,
          buyerId: `u-${n}`,
          merchantId: 'm-1',
          items: [{ sku: 'sku-1', name: '羊毛围巾', qty: 1, unitPriceFen: 19900, unitWeightG: 300 }],
          paidFen: 19900 + n,
          createdAt: '2026-10-20T09:00:00+08:00',
          shipBy: '2026-10-22T09:00:00+08:00',
          shippingAddress: { province: '浙江省', city: '杭州', normalised: '浙江省杭州市西湖区文三路1号' },
        },
        {
          id: 'o-shared',
          buyerId: 'u-9999',
          merchantId: 'm-1',
          items: [{ sku: 'sku-2', name: '围巾礼盒', qty: 2, unitPriceFen: 5000, unitWeightG: 200 }],
          paidFen: 10000,
          createdAt: '2026-10-01T09:00:00Z',
          shipBy: '2026-10-03T09:00:00Z',
          shippingAddress: { province: '上海市', city: '上海', normalised: '上海市浦东新区世纪大道100号' },
        },
      ],
    },
    assessment: { eligible: true, eligibility: [], policyVersion: DEFAULT_POLICY.version, at: '2026-11-01T02:00:00.000Z', findings: [
      { code: 'WEIGHT_SHORTFALL', severity: 'critical', message_zh: '重量不足', message_en: 'Weight shortfall', refs: [], stance: 'supports_complaint', implicatedPartyIds: [] },
      { code: 'SERIAL_COMPLAINANT', severity: 'info', message_zh: '', message_en: '', refs: [], stance: 'neutral', implicatedPartyIds: [] },
      { junk: true },
    ] },
    decision: null,
    notes: [],
  });
}

export function pullPage(views: CaseView[], cursor: string, hasMore = false): PullResponse {
  return { changes: views.map((v) => ({ access: 'visible', caseId: v.id, types: ['claimed'], case: v })), cursor, hasMore };
}

export function decision(mutationId: string, overrides: Partial<Decision> = {}): Decision {
  return {
    verdict: 'upheld',
    remedies: ['compensate_merchant'],
    reasonCodes: ['AS_EMPTY_PARCEL'],
    note: '',
    citedEvidence: [],
    decidedBy: 'arb-1',
    decidedAt: '2026-11-23T10:00:00Z',
    policyVersion: DEFAULT_POLICY.version,
    mutationId,
    ...overrides,
  };
}
