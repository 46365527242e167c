/**
 * One party's history as the side-by-side panes show it: orders, refunds, complaints and reviews
 * over the last HISTORY_DAYS, as one time-ordered list of typed items, with the filters and the
 * summary figures. Pure functions; the panes render them.
 */
import type { CaseBundle, Party } from '@common/domain';
import type { OrderRow } from '../../data/rows';

export const HISTORY_DAYS = 180;
export const RANGE_DAYS = [30, 90, 180] as const;
export type RangeDays = (typeof RANGE_DAYS)[number];

export const ITEM_TYPES = ['order', 'refund', 'complaint', 'review'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** What the status filter offers: an item's outcome in words an arbitrator filters by. */
export const ITEM_STATUSES = ['completed', 'refunded', 'upheld', 'partially_upheld', 'rejected', 'withdrawn', 'pending', 'positive', 'neutral', 'negative'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export type HistoryItem = {
  /** Unique within a pane; `refKey` links it to the evidence highlighter. */
  key: string;
  type: ItemType;
  atMs: number;
  at: string;
  /** Order id, complaint case id or review id. */
  subject: string;
  /** Items bought, complaint kind, refund reason or the review text (shown as text, never HTML). */
  detail: string;
  amountFen: number | null;
  status: ItemStatus;
  /** For complaints: whether this party filed it or had it filed against them. */
  side: 'filed' | 'received' | null;
  rating: number | null;
  orderId: string | null;
  refKey: string;
  disputed: boolean;
};

const DAY = 86_400_000;

/**
 * Every history item of `party` from `sinceMs` on, disputed orders pinned first, then newest first.
 * `orders` are the party's orders from the local store (either side of the sale).
 */
export function historyItems(party: Party, orders: readonly OrderRow[], bundle: CaseBundle, sinceMs: number): HistoryItem[] {
  const disputed = new Set(bundle.case.subject.orderIds);
  const out: HistoryItem[] = [];
  const ownOrders = new Set<string>();
  for (const o of orders) {
    if (o.createdAtMs < sinceMs) continue;
    ownOrders.add(o.id);
    out.push({
      key: `order:${o.id}`,
      type: 'order',
      atMs: o.createdAtMs,
      at: o.createdAt,
      subject: o.id,
      detail: o.items.map((i) => i.name).join('、'),
      amountFen: o.paidFen,
      status: o.refunds.length ? 'refunded' : 'completed',
      side: null,
      rating: null,
      orderId: o.id,
      refKey: `order:${o.id}`,
      disputed: disputed.has(o.id),
    });
    o.refunds.forEach((r, i) => {
      const atMs = Date.parse(r.at);
      if (atMs < sinceMs) return;
      out.push({
        key: `refund:${o.id}:${i}`,
        type: 'refund',
        atMs,
        at: r.at,
        subject: o.id,
        detail: r.reason,
        amountFen: r.amountFen,
        status: 'refunded',
        side: null,
        rating: null,
        orderId: o.id,
        refKey: `order:${o.id}`,
        disputed: disputed.has(o.id),
      });
    });
  }
  for (const c of bundle.priorComplaints) {
    const side = c.complainantId === party.id ? 'filed' : c.respondentId === party.id ? 'received' : null;
    const atMs = Date.parse(c.filedAt);
    if (!side || atMs < sinceMs) continue;
    out.push({
      key: `complaint:${c.caseId}`,
      type: 'complaint',
      atMs,
      at: c.filedAt,
      subject: c.caseId,
      detail: c.kind,
      amountFen: null,
      status: c.outcome,
      side,
      rating: null,
      orderId: null,
      refKey: `complaint:${c.caseId}`,
      disputed: false,
    });
  }
  const bundleOrders = new Map(bundle.orders.map((o) => [o.id, o]));
  for (const r of bundle.reviews) {
    // A buyer's own reviews; a merchant's (or affiliate's) reviews received on their orders.
    const order = bundleOrders.get(r.orderId);
    const mine = r.authorId === party.id || ownOrders.has(r.orderId) || order?.merchantId === party.id || order?.affiliateId === party.id;
    const atMs = Date.parse(r.createdAt);
    if (!mine || atMs < sinceMs) continue;
    out.push({
      key: `review:${r.id}`,
      type: 'review',
      atMs,
      at: r.createdAt,
      subject: r.id,
      detail: r.text,
      amountFen: null,
      status: r.rating >= 4 ? 'positive' : r.rating === 3 ? 'neutral' : 'negative',
      side: r.authorId === party.id ? 'filed' : 'received',
      rating: r.rating,
      orderId: r.orderId,
      refKey: `review:${r.id}`,
      disputed: disputed.has(r.orderId),
    });
  }
  return out.sort((a, b) => Number(b.disputed && b.type === 'order') - Number(a.disputed && a.type === 'order') || b.atMs - a.atMs || a.key.localeCompare(b.key));
}

export type HistoryFilter = { days: RangeDays; types: readonly ItemType[]; statuses: readonly ItemStatus[] };
export const DEFAULT_HISTORY_FILTER: HistoryFilter = { days: 180, types: [], statuses: [] };

/** The filter applied; the disputed order stays pinned whatever the filter, so both panes keep their anchor. */
export function filterHistory(items: readonly HistoryItem[], f: HistoryFilter, atMs: number): HistoryItem[] {
  const since = atMs - f.days * DAY;
  const types = f.types.length ? new Set<string>(f.types) : null;
  const statuses = f.statuses.length ? new Set<string>(f.statuses) : null;
  return items.filter(
    (i) => (i.disputed && i.type === 'order') || (i.atMs >= since && (!types || types.has(i.type)) && (!statuses || statuses.has(i.status))),
  );
}

export type PartyStats = {
  orders: number;
  refunded: number;
  refundRate: number | null;
  complaintsFiled: number;
  complaintsReceived: number;
  negativeReviews: number;
  accountAgeDays: number;
  stars: number | null;
};

/** Summary figures over the items in the selected range (not the status/type filter). */
export function partyStats(party: Party, items: readonly HistoryItem[], atMs: number, days: RangeDays): PartyStats {
  const since = atMs - days * DAY;
  let orders = 0;
  let refunded = 0;
  let complaintsFiled = 0;
  let complaintsReceived = 0;
  let negativeReviews = 0;
  for (const i of items) {
    if (i.atMs < since) continue;
    if (i.type === 'order') {
      orders++;
      if (i.status === 'refunded') refunded++;
    } else if (i.type === 'complaint') {
      if (i.side === 'filed') complaintsFiled++;
      else complaintsReceived++;
    } else if (i.type === 'review' && i.status === 'negative') negativeReviews++;
  }
  return {
    orders,
    refunded,
    refundRate: orders ? refunded / orders : null,
    complaintsFiled,
    complaintsReceived,
    negativeReviews,
    accountAgeDays: Math.max(0, Math.floor((atMs - Date.parse(party.accountCreatedAt)) / DAY)),
    stars: party.starRating ?? null,
  };
}

/**
 * Synchronised scrolling by time: the index of the first unpinned item at or before `atMs` (the
 * lists are newest first), so the other pane shows what that party did at the same time.
 */
export function indexAtTime(items: readonly HistoryItem[], atMs: number): number {
  let best = -1;
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.disputed && it.type === 'order') continue;
    best = i;
    if (it.atMs <= atMs) return i;
  }
  return best;
}
