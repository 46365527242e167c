import { describe, expect, it } from 'vitest';
import { callPositions, withResponseTimes } from './chatModel';

describe('withResponseTimes', () => {
  it('times replies from the other side only', () => {
    const times = withResponseTimes({
      id: 'c',
      participantIds: ['u', 'm'],
      messages: [
        { at: '2026-01-01T10:00:00Z', fromId: 'u', text: '在吗', mediaIds: [] },
        { at: '2026-01-01T10:05:00Z', fromId: 'u', text: '？', mediaIds: [] },
        { at: '2026-01-01T12:00:00Z', fromId: 'm', text: '在', mediaIds: [] },
        { at: '2026-01-01T12:01:00Z', fromId: 'u', text: '好', mediaIds: [] },
      ],
    });
    expect(times.map((t) => t.responseMs)).toEqual([null, null, 2 * 3_600_000, 60_000]);
  });
});

describe('callPositions', () => {
  it('places calls on a 24h axis from the first call', () => {
    const call = (id: string, at: string) => ({ id, callerId: 'u', calleeId: 'm', at, answered: false, durationSec: 0, channel: 'phone' as const });
    const pos = callPositions([call('b', '2026-01-01T12:00:00Z'), call('a', '2026-01-01T00:00:00Z'), call('c', '2026-01-02T12:00:00Z')]);
    expect(pos.map((p) => [p.call.id, p.pos])).toEqual([
      ['a', 0],
      ['b', 0.5],
      ['c', 1.5],
    ]);
  });
});
