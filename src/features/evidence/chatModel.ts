import type { Call, ChatLog } from '@common/domain';

/** Each message with the time since the other side last wrote (a reply's response time). */
export function withResponseTimes(chat: ChatLog): { index: number; responseMs: number | null }[] {
  let lastOther: { from: string; at: number } | null = null;
  let lastFrom: string | null = null;
  return chat.messages.map((m, index) => {
    const at = Date.parse(m.at);
    let responseMs: number | null = null;
    // A reply is the first message after the other party wrote; consecutive messages are not replies.
    if (lastOther && lastFrom !== null && lastFrom !== m.fromId) responseMs = at - lastOther.at;
    if (lastFrom !== m.fromId) lastOther = { from: m.fromId, at };
    lastFrom = m.fromId;
    return { index, responseMs };
  });
}

/**
 * Calls placed on a 24-hour axis starting at the first call: position 0–1 per call, so a burst of
 * unanswered calls within one day is visible at a glance. Calls beyond 24h sit past the end (>1).
 */
export function callPositions(calls: readonly Call[]): { call: Call; pos: number }[] {
  const sorted = [...calls].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const start = sorted[0] ? Date.parse(sorted[0].at) : 0;
  return sorted.map((call) => ({ call, pos: (Date.parse(call.at) - start) / 86_400_000 }));
}
