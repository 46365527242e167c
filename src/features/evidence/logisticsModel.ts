/**
 * What the logistics timeline shows per scan: the gap since the previous scan, and the anomalies
 * visible on that scan alone (so the arbitrator sees *where* a finding comes from, not just that
 * it exists). Figures use the same city table and policy thresholds as the rules engine.
 */
import type { CaseBundle, Trace, TraceEvent } from '@common/domain';
import type { Thresholds } from '@common/policy';
import { distanceKm, lookupCity } from '@common/rules';

export type ScanAnomaly =
  | { kind: 'impossible_transit'; speedKmh: number | 'instant'; fromCity: string }
  | { kind: 'weight_shortfall'; measuredG: number; expectedG: number; percent: number }
  | { kind: 'delivered_before_pickup' }
  | { kind: 'time_backwards' }
  | { kind: 'no_movement'; idleHours: number };

export type ScanRow = { event: TraceEvent; gapMs: number | null; anomalies: ScanAnomaly[] };

/** Expected parcel weight: outbound Σ qty × unit weight; a return should weigh what went out. */
export function expectedWeightG(trace: Trace, bundle: CaseBundle): number | null {
  if (trace.direction === 'outbound') {
    const order = bundle.orders.find((o) => o.id === trace.orderId);
    return order ? order.items.reduce((s, i) => s + i.qty * i.unitWeightG, 0) : null;
  }
  const out = bundle.traces.find((t) => t.direction === 'outbound' && t.orderId === trace.orderId);
  const weights = out?.events.map((e) => e.weightGrams).filter((w): w is number => w !== undefined) ?? [];
  return weights.length ? Math.max(...weights) : null;
}

export function scanRows(trace: Trace, expectedG: number | null, t: Pick<Thresholds, 'maxTransitKmh' | 'weightShortfallRatio' | 'noMovementHours'>, nowMs: number): ScanRow[] {
  const events = [...trace.events].sort((a, b) => a.seq - b.seq);
  const pickup = events.find((e) => e.status === 'picked_up');
  const pickupMs = pickup ? Date.parse(pickup.at) : null;
  return events.map((event, i) => {
    const prev = i > 0 ? events[i - 1] : undefined;
    const at = Date.parse(event.at);
    const gapMs = prev ? at - Date.parse(prev.at) : null;
    const anomalies: ScanAnomaly[] = [];
    if (prev && gapMs !== null) {
      if (gapMs < 0) anomalies.push({ kind: 'time_backwards' });
      const a = lookupCity(prev.city);
      const b = lookupCity(event.city);
      if (a && b && a.zh !== b.zh) {
        const km = distanceKm(a, b);
        const hours = gapMs / 3_600_000;
        if (hours <= 0) anomalies.push({ kind: 'impossible_transit', speedKmh: 'instant', fromCity: prev.city });
        else if (km / hours > t.maxTransitKmh) anomalies.push({ kind: 'impossible_transit', speedKmh: Math.round(km / hours), fromCity: prev.city });
      }
    }
    if (event.weightGrams !== undefined && expectedG && event.weightGrams < expectedG * t.weightShortfallRatio)
      anomalies.push({ kind: 'weight_shortfall', measuredG: event.weightGrams, expectedG, percent: Math.round((event.weightGrams / expectedG) * 100) });
    if (event.status === 'delivered' && pickupMs !== null && at < pickupMs) anomalies.push({ kind: 'delivered_before_pickup' });
    const last = i === events.length - 1;
    if (last && (event.status === 'created' || event.status === 'picked_up')) {
      const idleHours = Math.floor((nowMs - at) / 3_600_000);
      if (idleHours >= t.noMovementHours) anomalies.push({ kind: 'no_movement', idleHours });
    }
    return { event, gapMs, anomalies };
  });
}

/** The route as a strip of cities: consecutive duplicates collapsed. */
export function routeCities(trace: Trace): string[] {
  const out: string[] = [];
  for (const e of [...trace.events].sort((a, b) => a.seq - b.seq)) if (out.at(-1) !== e.city) out.push(e.city);
  return out;
}
