/**
 * Evidence refs as stable string keys: viewers tag each item with `data-ref`, findings and cited
 * evidence are compared by key, and the tab that shows an item is derived from its type.
 */
import type { EvidenceRef } from '@common/domain';

export const TABS = ['logistics', 'review', 'livestream', 'chat', 'media', 'history'] as const;
export type Tab = (typeof TABS)[number];

export function refKey(ref: EvidenceRef): string {
  switch (ref.type) {
    case 'order':
      return `order:${ref.orderId}`;
    case 'trace':
      return `trace:${ref.trackingNumber}`;
    case 'trace_event':
      return `trace_event:${ref.trackingNumber}:${ref.seq}`;
    case 'review':
      return `review:${ref.reviewId}`;
    case 'session':
      return `session:${ref.sessionId}`;
    case 'segment':
      return `segment:${ref.sessionId}:${ref.index}`;
    case 'excerpt':
      return `excerpt:${ref.excerptId}`;
    case 'spec':
      return `spec:${ref.sku}${ref.attribute === undefined ? '' : `:${ref.attribute}`}`;
    case 'chat':
      return `chat:${ref.chatId}${ref.index === undefined ? '' : `:${ref.index}`}`;
    case 'call':
      return `call:${ref.callId}`;
    case 'media':
      return `media:${ref.mediaId}`;
    case 'party':
      return `party:${ref.partyId}`;
    case 'complaint':
      return `complaint:${ref.caseId}`;
  }
}

export function tabForRef(ref: EvidenceRef): Tab {
  switch (ref.type) {
    case 'trace':
    case 'trace_event':
      return 'logistics';
    case 'review':
      return 'review';
    case 'session':
    case 'segment':
    case 'excerpt':
    case 'spec':
      return 'livestream';
    case 'chat':
    case 'call':
      return 'chat';
    case 'media':
      return 'media';
    case 'order':
    case 'party':
    case 'complaint':
      return 'history';
  }
}

/** The tab most of a finding's refs point at (its first ref breaks ties). */
export function primaryTab(refs: readonly EvidenceRef[]): Tab | null {
  const first = refs[0];
  if (!first) return null;
  const counts = new Map<Tab, number>();
  for (const r of refs) counts.set(tabForRef(r), (counts.get(tabForRef(r)) ?? 0) + 1);
  let best: Tab = tabForRef(first);
  for (const [tab, n] of counts) if (n > (counts.get(best) ?? 0)) best = tab;
  return best;
}
