import type { CaseBundle } from '../domain/bundle';
import type { EvidenceRef } from '../domain/case';

/**
 * Whether an evidence ref points at something inside the bundle. Decisions may only cite evidence
 * the arbitrator could see; the viewer uses the same check before highlighting.
 */
export function evidenceExists(b: CaseBundle, ref: EvidenceRef): boolean {
  switch (ref.type) {
    case 'order':
      return b.orders.some((o) => o.id === ref.orderId) || b.traces.some((t) => t.orderId === ref.orderId);
    case 'trace':
      return b.traces.some((t) => t.trackingNumber === ref.trackingNumber);
    case 'trace_event':
      return b.traces.some((t) => t.trackingNumber === ref.trackingNumber && t.events.some((e) => e.seq === ref.seq));
    case 'review':
      return b.reviews.some((r) => r.id === ref.reviewId);
    case 'session':
      return b.sessions.some((s) => s.id === ref.sessionId);
    case 'segment':
      return b.sessions.some((s) => s.id === ref.sessionId && ref.index < s.segments.length);
    case 'excerpt':
      return b.excerpts.some((e) => e.id === ref.excerptId);
    case 'spec':
      return b.specs.some((s) => s.sku === ref.sku && (ref.attribute === undefined || s.attributes.some((a) => a.name === ref.attribute)));
    case 'chat':
      return b.chats.some((c) => c.id === ref.chatId && (ref.index === undefined || ref.index < c.messages.length));
    case 'call':
      return b.calls.some((c) => c.id === ref.callId);
    case 'media':
      return b.media.some((m) => m.id === ref.mediaId);
    case 'party':
      return b.parties.some((p) => p.id === ref.partyId);
    case 'complaint':
      return b.priorComplaints.some((c) => c.caseId === ref.caseId);
  }
}
