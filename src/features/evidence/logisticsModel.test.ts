import { describe, expect, it } from 'vitest';
import type { CaseBundle, Trace } from '@common/domain';
import { DEFAULT_POLICY } from '@common/policy';
import { assessCase } from '@common/rules';
import { clean } from '../../../testing/fixtures/bundles';
import { expectedWeightG, routeCities, scanRows } from './logisticsModel';

const trace = (events: Trace['events']): Trace => ({ trackingNumber: 'SF123456', carrier: '顺丰', direction: 'return', orderId: 'o-1', events });

describe('logistics timeline', () => {
  it('gives each scan the gap since the previous one, in carrier order, negative when time runs backwards', () => {
    const rows = scanRows(
      trace([
        { seq: 2, at: '2026-01-01T09:00:00+08:00', city: '广州', status: 'in_transit' },
        { seq: 1, at: '2026-01-01T10:00:00+08:00', city: '北京', status: 'picked_up' },
      ]),
    );
    expect(rows.map((r) => [r.event.seq, r.gapMs])).toEqual([
      [1, null],
      [2, -3_600_000],
    ]);
  });

  it('collapses the route into cities', () => {
    expect(routeCities(trace([{ seq: 1, at: '2026-01-01T10:00:00+08:00', city: '北京', status: 'picked_up' }, { seq: 2, at: '2026-01-01T11:00:00+08:00', city: '北京', status: 'in_transit' }, { seq: 3, at: '2026-01-02T10:00:00+08:00', city: '广州', status: 'delivered' }]))).toEqual(['北京', '广州']);
  });

  it("shows the engine's expected weight: a return weighs what the outbound parcel first weighed", () => {
    // The outbound parcel was weighed twice (650 g, then 900 g): the engine uses the first weighed scan.
    const b: CaseBundle = clean((x) => {
      x.case.kind = 'abnormal_after_sales';
      x.case.complainantId = 'm1';
      x.case.respondentId = 'u1';
      x.traces![0]!.events[3]!.weightGrams = 900;
      x.traces!.push({ trackingNumber: 'YT20000001', carrier: '圆通', direction: 'return', orderId: 'o1', events: [{ seq: 1, at: '2026-03-06T10:00:00+08:00', city: '北京', status: 'picked_up', weightGrams: 120 }] });
    });
    const ret = b.traces[1]!;
    expect(expectedWeightG(ret, b)).toBe(650);
    const f = assessCase(b, DEFAULT_POLICY, '2026-03-11T10:00:00+08:00').findings.find((x) => x.code === 'WEIGHT_SHORTFALL');
    expect(f?.data?.expectedG).toBe(expectedWeightG(ret, b));
    expect(expectedWeightG(b.traces[0]!, b)).toBe(600);
  });
});
