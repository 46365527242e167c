import { describe, expect, it } from 'vitest';
import type { CaseBundle } from '@common/domain';
import type { OrderRow } from '../../data/rows';
import { caseView } from '../../../testing/fixtures/caseViews';
import { DEFAULT_HISTORY_FILTER, filterHistory, historyItems, indexAtTime, partyStats } from './historyModel';

const base = caseView(1).bundle;
const bundle: CaseBundle = {
  ...base,
  orders: base.orders.map((o) => (o.id === 'o-shared' ? { ...o, buyerId: 'u-1', refunds: [{ amountFen: 5000, at: '2026-10-05T09:00:00Z', reason: '少件' }] } : o)),
  priorComplaints: [
    { caseId: 'old-1', kind: 'abnormal_order', complainantId: 'm-1', respondentId: 'u-1', filedAt: '2026-09-01T00:00:00Z', outcome: 'upheld' },
    { caseId: 'old-2', kind: 'quality', complainantId: 'u-1', respondentId: 'm-1', filedAt: '2026-03-01T00:00:00Z', outcome: 'rejected' },
  ],
  reviews: [{ id: 'rv-1', orderId: 'o-shared', authorId: 'u-1', rating: 1, text: '<img src=x onerror=alert(1)> 假货', createdAt: '2026-10-06T00:00:00Z', mediaIds: [] }],
};
const orderRows: OrderRow[] = bundle.orders.map((o) => ({ ...o, caseId: 'c1', createdAtMs: Date.parse(o.createdAt) }));
const buyer = bundle.parties.find((p) => p.id === 'u-1')!;
const merchant = bundle.parties.find((p) => p.id === 'm-1')!;
const filed = Date.parse(bundle.case.filedAt);
const since = filed - 180 * 86_400_000;

describe('history items', () => {
  it('lists orders, refunds, complaints and reviews, the disputed order pinned first, then newest first', () => {
    const items = historyItems(buyer, orderRows, bundle, since);
    expect(items.map((i) => `${i.type}:${i.subject}`)).toEqual(['order:o-1', 'review:rv-1', 'refund:o-shared', 'order:o-shared', 'complaint:old-1']);
    expect(items.find((i) => i.type === 'complaint')).toMatchObject({ side: 'received', status: 'upheld' });
    expect(items.find((i) => i.type === 'review')).toMatchObject({ status: 'negative', rating: 1, side: 'filed' });
    // old-2 was filed more than 180 days before the case: outside the window.
    expect(items.some((i) => i.subject === 'old-2')).toBe(false);
  });

  it('gives the merchant the reviews received on its orders and the complaints it filed', () => {
    const items = historyItems(merchant, orderRows, bundle, since);
    expect(items.find((i) => i.type === 'review')).toMatchObject({ side: 'received' });
    expect(items.find((i) => i.type === 'complaint')).toMatchObject({ side: 'filed', subject: 'old-1' });
  });

  it('filters by range, type and status but keeps the disputed order pinned', () => {
    const items = historyItems(buyer, orderRows, bundle, since);
    const refundsOnly = filterHistory(items, { ...DEFAULT_HISTORY_FILTER, types: ['refund'] }, filed);
    expect(refundsOnly.map((i) => i.key)).toEqual(['order:o-1', 'refund:o-shared:0']);
    const last30 = filterHistory(items, { ...DEFAULT_HISTORY_FILTER, days: 30 }, filed);
    expect(last30.some((i) => i.type === 'complaint')).toBe(false);
    const negative = filterHistory(items, { ...DEFAULT_HISTORY_FILTER, statuses: ['negative'] }, filed);
    expect(negative.map((i) => i.type)).toEqual(['order', 'review']);
  });

  it('summarises the selected range', () => {
    const items = historyItems(buyer, orderRows, bundle, since);
    expect(partyStats(buyer, items, filed, 180)).toMatchObject({ orders: 2, refunded: 1, refundRate: 0.5, complaintsReceived: 1, complaintsFiled: 0, negativeReviews: 1 });
    // o-shared was ordered 31 days before the filing.
    expect(partyStats(buyer, items, filed, 30)).toMatchObject({ orders: 1, refunded: 0, complaintsReceived: 0 });
  });

  it('finds the row at a moment for synchronised scrolling, skipping the pinned order', () => {
    const items = historyItems(buyer, orderRows, bundle, since);
    expect(items[indexAtTime(items, Date.parse('2026-10-05T12:00:00Z'))]?.key).toBe('refund:o-shared:0');
    expect(items[indexAtTime(items, Date.parse('2020-01-01T00:00:00Z'))]?.key).toBe('complaint:old-1');
    expect(indexAtTime([], 0)).toBe(-1);
  });
});
