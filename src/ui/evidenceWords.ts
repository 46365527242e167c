/**
 * Evidence refs in words, as an arbitrator would cite them: "物流 7月3日 14:05 上海 已揽收" rather
 * than `trace_event:SF123:2`. Read from the case's own bundle; a ref the bundle does not hold says so.
 */
import type { CaseBundle, EvidenceRef } from '@common/domain';
import { formatFen, formatTime } from './format';

type Translate = (key: string, options?: Record<string, unknown>) => string;

const clip = (s: string, n = 24): string => (s.length > n ? `${s.slice(0, n)}…` : s);

export function describeRef(ref: EvidenceRef, b: CaseBundle, t: Translate, lang: string): string {
  const when = (iso: string) => formatTime(iso, lang);
  const party = (id: string) => b.parties.find((p) => p.id === id)?.displayName ?? t('cite.unknownParty');
  const missing = t('cite.missing');
  switch (ref.type) {
    case 'order': {
      const o = b.orders.find((x) => x.id === ref.orderId);
      return o ? t('cite.order', { when: when(o.createdAt), item: clip(o.items[0]?.name ?? ''), amount: formatFen(o.paidFen, lang) }) : missing;
    }
    case 'trace': {
      const tr = b.traces.find((x) => x.trackingNumber === ref.trackingNumber);
      return tr ? t('cite.trace', { carrier: tr.carrier, direction: t(`evidence.direction.${tr.direction}`), number: tr.trackingNumber }) : missing;
    }
    case 'trace_event': {
      const tr = b.traces.find((x) => x.trackingNumber === ref.trackingNumber);
      const e = tr?.events.find((x) => x.seq === ref.seq);
      return tr && e
        ? t('cite.traceEvent', { carrier: tr.carrier, when: when(e.at), city: e.city, status: t(`evidence.status.${e.status}`), weight: e.weightGrams ? ` ${e.weightGrams} g` : '' })
        : missing;
    }
    case 'review': {
      const r = b.reviews.find((x) => x.id === ref.reviewId);
      return r ? t('cite.review', { who: party(r.authorId), rating: r.rating, when: when(r.createdAt), text: clip(r.text) }) : missing;
    }
    case 'session': {
      const s = b.sessions.find((x) => x.id === ref.sessionId);
      return s ? t('cite.session', { title: s.title ?? party(s.affiliateId), when: when(s.startedAt) }) : missing;
    }
    case 'segment': {
      const s = b.sessions.find((x) => x.id === ref.sessionId);
      const seg = s?.segments[ref.index];
      return s && seg ? t('cite.segment', { who: party(s.affiliateId), at: mmss(seg.startSec), text: clip(seg.text) }) : missing;
    }
    case 'excerpt': {
      const x = b.excerpts.find((e) => e.id === ref.excerptId);
      return x ? t('cite.excerpt', { source: t(`evidence.source.${x.source}`), text: clip(x.text) }) : missing;
    }
    case 'spec': {
      const sp = b.specs.find((s) => s.sku === ref.sku);
      const attr = ref.attribute ? sp?.attributes.find((a) => a.name === ref.attribute) : undefined;
      return sp ? t('cite.spec', { name: sp.name, attribute: attr ? ` ${attr.name} ${String(attr.value)}${attr.unit ?? ''}` : '' }) : missing;
    }
    case 'chat': {
      const c = b.chats.find((x) => x.id === ref.chatId);
      const m = ref.index === undefined ? undefined : c?.messages[ref.index];
      if (!c) return missing;
      return m ? t('cite.chatMessage', { who: party(m.fromId), when: when(m.at), text: clip(m.text) }) : t('cite.chat', { count: c.messages.length });
    }
    case 'call': {
      const c = b.calls.find((x) => x.id === ref.callId);
      return c ? t('cite.call', { who: party(c.callerId), when: when(c.at), outcome: c.answered ? t('evidence.answered', { sec: c.durationSec }) : t('evidence.missed') }) : missing;
    }
    case 'media': {
      const m = b.media.find((x) => x.id === ref.mediaId);
      return m ? t('cite.media', { kind: t(`evidence.mediaKind.${m.kind}`), purpose: t(`evidence.purpose.${m.purpose}`), when: m.capturedAt ? when(m.capturedAt) : '' }) : missing;
    }
    case 'party':
      return t('cite.party', { who: party(ref.partyId) });
    case 'complaint':
      return t('cite.complaint');
  }
}

function mmss(sec: number): string {
  const m = Math.floor(sec / 60);
  return `${m}:${String(Math.floor(sec % 60)).padStart(2, '0')}`;
}
