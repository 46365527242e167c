/**
 * Which evidence items a newer bundle has that an older one did not, as the ref keys the viewers tag
 * their items with (`refKey` in src/ui/evidenceHighlight.ts): what the arbitrator has not seen yet.
 */
import type { CaseBundle } from '@common/domain';

/** Every item's key, plus one per chat message (a message appended to a known chat is new too). */
export function evidenceKeys(b: CaseBundle): Set<string> {
  const keys = new Set<string>();
  for (const o of b.orders) keys.add(`order:${o.id}`);
  for (const t of b.traces) {
    keys.add(`trace:${t.trackingNumber}`);
    for (const e of t.events) keys.add(`trace_event:${t.trackingNumber}:${e.seq}`);
  }
  for (const r of b.reviews) keys.add(`review:${r.id}`);
  for (const s of b.sessions) keys.add(`session:${s.id}`);
  for (const x of b.excerpts) keys.add(`excerpt:${x.id}`);
  for (const s of b.specs) keys.add(`spec:${s.sku}`);
  for (const c of b.chats) {
    keys.add(`chat:${c.id}`);
    c.messages.forEach((_m, i) => keys.add(`chat:${c.id}:${i}`));
  }
  for (const c of b.calls) keys.add(`call:${c.id}`);
  for (const m of b.media) keys.add(`media:${m.id}`);
  return keys;
}

/** Keys in `after` that `before` did not have, in the order `after` lists them. */
export function newEvidenceKeys(before: CaseBundle, after: CaseBundle): string[] {
  const seen = evidenceKeys(before);
  return [...evidenceKeys(after)].filter((k) => !seen.has(k));
}

/** How many new items each evidence list has, from the keys (`call:…` → calls). */
export function countByList(keys: readonly string[]): Record<string, number> {
  const all = new Set(keys);
  const out: Record<string, number> = {};
  for (const k of keys) {
    const [type = '', parent = '', part] = k.split(':');
    // The messages of a new chat, and the events of a new trace, are counted with it, not apart.
    if (type === 'chat' && part !== undefined && all.has(`chat:${parent}`)) continue;
    if (type === 'trace_event' && all.has(`trace:${parent}`)) continue;
    const list = LIST_OF[type] ?? 'other';
    out[list] = (out[list] ?? 0) + 1;
  }
  return out;
}

const LIST_OF: Record<string, string> = {
  order: 'orders',
  trace: 'traces',
  trace_event: 'traces',
  review: 'reviews',
  session: 'sessions',
  excerpt: 'excerpts',
  spec: 'specs',
  chat: 'chats',
  call: 'calls',
  media: 'media',
};
