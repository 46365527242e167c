import type { CaseBundle, Party } from '@common/domain';
import type { OrderRow } from '../../data/rows';

export const HISTORY_DAYS = 180;

export type PartyStats = { orders: number; refunded: number; refundRate: number | null; complaints: number; accountAgeDays: number; stars: number | null };

export function partyStats(party: Party, orders: readonly OrderRow[], bundle: CaseBundle, atMs: number): PartyStats {
  const refunded = orders.filter((o) => o.refunds.length > 0).length;
  return {
    orders: orders.length,
    refunded,
    refundRate: orders.length ? refunded / orders.length : null,
    complaints: bundle.priorComplaints.filter((c) => c.complainantId === party.id).length,
    accountAgeDays: Math.max(0, Math.floor((atMs - Date.parse(party.accountCreatedAt)) / 86_400_000)),
    stars: party.starRating ?? null,
  };
}

/** Disputed orders first (pinned), then newest first. */
export function pinDisputed(orders: readonly OrderRow[], disputed: ReadonlySet<string>): OrderRow[] {
  return [...orders].sort((a, b) => Number(disputed.has(b.id)) - Number(disputed.has(a.id)) || b.createdAtMs - a.createdAtMs);
}
