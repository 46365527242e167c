import { describe, expect, it } from 'vitest';
import type { WorkforceMember, WorkforceView } from '@common/api';
import { holdersOf, memberRows, outcomeCounts, reassignTargets } from './workforceModel';

const NOW = Date.parse('2026-03-02T04:00:00Z');
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();
const member = (userId: string, over: Partial<WorkforceMember> = {}): WorkforceMember => ({
  userId,
  displayName: userId,
  role: 'arbitrator',
  online: 0,
  offline: 0,
  soonestLeaseExpiresAt: null,
  decidedToday: 0,
  holdings: [],
  ...over,
});
const holding = (caseId: string, minutes: number) => ({ caseId, externalId: `E-${caseId}`, kind: 'quality' as const, queue: 'consumer' as const, status: 'queued', offline: false, leaseExpiresAt: at(minutes), dueAt: at(600) });
const view = (members: WorkforceMember[], lapsed: Array<{ caseId: string; holderId: string }> = []): WorkforceView => ({
  at: new Date(NOW).toISOString(),
  timeZone: 'Asia/Shanghai',
  dayStartsAt: '2026-03-01T16:00:00.000Z',
  withinHours: 24,
  holdingsLimit: 200,
  members,
  sla: [],
  lapsed: { total: lapsed.length, cases: lapsed.map((l) => ({ ...l, externalId: l.caseId, kind: 'quality', queue: 'consumer', holderName: l.holderId, leaseExpiredAt: at(-5), dueAt: at(60) })) },
  evidence: { overdue: 0, dueSoon: 0, cases: [] },
});

describe('workforce model', () => {
  it('scales the lease bar against the longest wait and the throughput bar against the busiest person', () => {
    const v = view([
      member('a', { online: 2, offline: 1, soonestLeaseExpiresAt: at(30), decidedToday: 4, holdings: [holding('1', 30)] }),
      member('b', { online: 1, soonestLeaseExpiresAt: at(120), decidedToday: 8 }),
      member('c'),
      // A lease that ended since the figures were read shows as none left, not negative.
      member('d', { online: 1, soonestLeaseExpiresAt: at(-3) }),
    ]);
    const rows = memberRows(v, NOW);
    expect(rows.map((r) => [r.userId, r.held, r.leftMs, r.leftShare, r.doneShare])).toEqual([
      ['a', 3, 30 * 60_000, 0.25, 0.5],
      ['b', 1, 120 * 60_000, 1, 1],
      ['c', 0, null, 0, 0],
      ['d', 1, 0, 0, 0],
    ]);
  });

  it('nobody busy: empty bars, never a division by zero', () => {
    expect(memberRows(view([member('a'), member('b', { online: 1, soonestLeaseExpiresAt: at(0) })]), NOW).map((r) => [r.leftShare, r.doneShare])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('offers as targets every arbitrator except the holders of the selection, lapsed leases included; never a supervisor', () => {
    const v = view([member('a', { holdings: [holding('1', 10), holding('2', 20)] }), member('b', { holdings: [holding('3', 10)] }), member('c'), member('s', { role: 'supervisor' })], [{ caseId: '9', holderId: 'c' }]);
    expect(holdersOf(v)).toEqual(new Map([['1', 'a'], ['2', 'a'], ['3', 'b'], ['9', 'c']]));
    expect(reassignTargets(v, new Set(['1'])).map((m) => m.userId)).toEqual(['b', 'c']);
    expect(reassignTargets(v, new Set(['1', '3'])).map((m) => m.userId)).toEqual(['c']);
    expect(reassignTargets(v, new Set(['9'])).map((m) => m.userId)).toEqual(['a', 'b']);
    expect(reassignTargets(v, new Set()).map((m) => m.userId)).toEqual(['a', 'b', 'c']);
  });

  it('counts outcomes in a fixed order, leaving out the ones that did not happen', () => {
    const r = (outcome: 'done' | 'not_held' | 'excluded') => ({ caseId: 'x', externalId: 'x', outcome, fromUserId: null, fromName: null });
    expect(outcomeCounts({ results: [r('excluded'), r('done'), r('done'), r('not_held')] })).toEqual([
      ['done', 2],
      ['not_held', 1],
      ['excluded', 1],
    ]);
  });
});
