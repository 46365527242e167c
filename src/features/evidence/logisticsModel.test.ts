import { describe, expect, it } from 'vitest';
import type { Trace } from '@common/domain';
import { DEFAULT_POLICY } from '@common/policy';
import { routeCities, scanRows } from './logisticsModel';

const trace = (events: Trace['events']): Trace => ({ trackingNumber: 'SF123456', carrier: '顺丰', direction: 'return', orderId: 'o-1', events });

describe('scanRows', () => {
  it('marks impossible transit with the implied speed, and short weight', () => {
    const rows = scanRows(
      trace([
        { seq: 1, at: '2026-01-01T10:00:00+08:00', city: '北京', status: 'picked_up', weightGrams: 1200 },
        { seq: 2, at: '2026-01-01T10:30:00+08:00', city: '广州', status: 'in_transit', weightGrams: 300 },
        { seq: 3, at: '2026-01-02T10:30:00+08:00', city: '广州', status: 'delivered' },
      ]),
      1200,
      DEFAULT_POLICY.thresholds,
      Date.parse('2026-01-03T00:00:00Z'),
    );
    expect(rows[0]!.anomalies).toEqual([]);
    const kinds = rows[1]!.anomalies.map((a) => a.kind);
    expect(kinds).toEqual(['impossible_transit', 'weight_shortfall']);
    const transit = rows[1]!.anomalies[0];
    expect(transit?.kind === 'impossible_transit' && typeof transit.speedKmh === 'number' && transit.speedKmh > 3000).toBe(true);
    expect(rows[1]!.gapMs).toBe(30 * 60_000);
    expect(rows[2]!.anomalies).toEqual([]);
  });
  it('marks delivered-before-pickup and time going backwards on the scan that shows it', () => {
    const rows = scanRows(
      trace([
        { seq: 1, at: '2026-01-02T10:00:00+08:00', city: '上海', status: 'picked_up' },
        { seq: 2, at: '2026-01-01T10:00:00+08:00', city: '上海', status: 'delivered' },
      ]),
      null,
      DEFAULT_POLICY.thresholds,
      Date.parse('2026-01-10T00:00:00Z'),
    );
    expect(rows[0]!.anomalies).toEqual([]);
    expect(rows[1]!.anomalies.map((a) => a.kind)).toEqual(['time_backwards', 'delivered_before_pickup']);
  });
  it('marks no movement after the policy hours, not before', () => {
    const t = trace([{ seq: 1, at: '2026-01-01T00:00:00Z', city: '上海', status: 'picked_up' }]);
    expect(scanRows(t, null, DEFAULT_POLICY.thresholds, Date.parse('2026-01-02T23:00:00Z'))[0]!.anomalies).toEqual([]);
    expect(scanRows(t, null, DEFAULT_POLICY.thresholds, Date.parse('2026-01-03T00:00:00Z'))[0]!.anomalies).toEqual([{ kind: 'no_movement', idleHours: 48 }]);
  });
  it('collapses the route to consecutive distinct cities', () => {
    expect(
      routeCities(
        trace([
          { seq: 2, at: '2026-01-01T11:00:00+08:00', city: '杭州', status: 'in_transit' },
          { seq: 1, at: '2026-01-01T10:00:00+08:00', city: '杭州', status: 'picked_up' },
          { seq: 3, at: '2026-01-02T10:00:00+08:00', city: '上海', status: 'delivered' },
        ]),
      ),
    ).toEqual(['杭州', '上海']);
  });
});
