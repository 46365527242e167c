import { create } from 'zustand';
import type { EvidenceRef } from '@common/domain';

/**
 * Evidence refs as stable string keys, and which keys are highlighted. Viewers and history rows
 * tag each item with its key (`data-ref`) and subscribe to that key only, so selecting a finding
 * re-renders just the items it names; findings and cited evidence are compared by key. Shared by
 * the evidence viewers, the history panes, the case view's findings and the decision panel.
 */
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

const useHighlightStore = create<{ highlighted: ReadonlySet<string> }>(() => ({ highlighted: new Set() }));

export const useHighlighted = (key: string): boolean => useHighlightStore((s) => s.highlighted.has(key));

export function setHighlighted(keys: Iterable<string>): void {
  useHighlightStore.setState({ highlighted: new Set(keys) });
}

/**
 * Evidence that arrived after this machine first held the open case (CaseRow.newKeys): viewers mark
 * these items, so after "decide again" the arbitrator sees what changed.
 */
const useNewStore = create<{ keys: ReadonlySet<string> }>(() => ({ keys: new Set() }));

export const useIsNew = (key: string): boolean => useNewStore((s) => s.keys.has(key));

export function setNewEvidence(keys: Iterable<string>): void {
  useNewStore.setState({ keys: new Set(keys) });
}
