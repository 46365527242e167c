/**
 * What the logistics timeline shows per trace besides the scans themselves: the gap since the
 * previous scan, the route as a strip of cities, and the weight the parcel should have had. None of
 * it judges anything: which scans are anomalous comes from the engine's findings only (their refs,
 * marked by EvidenceItem), and the expected weight is the engine's own yardstick.
 */
import type { CaseBundle, Trace, TraceEvent } from '@common/domain';
import { expectedParcelWeightG } from '@common/rules';

export type ScanRow = { event: TraceEvent; gapMs: number | null };

const bySeq = (events: readonly TraceEvent[]): TraceEvent[] => [...events].sort((a, b) => a.seq - b.seq);

/** The weight WEIGHT_SHORTFALL compares this trace's scans with (common/rules), or null without the order. */
export function expectedWeightG(trace: Trace, bundle: CaseBundle): number | null {
  const order = bundle.orders.find((o) => o.id === trace.orderId);
  const outbound = bundle.traces.filter((t) => t.direction === 'outbound' && t.orderId === trace.orderId).map((t) => bySeq(t.events));
  return expectedParcelWeightG(order, trace.direction, outbound) ?? null;
}

/** Scans in carrier order, each with the time since the previous scan (negative when it runs backwards). */
export function scanRows(trace: Trace): ScanRow[] {
  const events = bySeq(trace.events);
  return events.map((event, i) => {
    const prev = i > 0 ? events[i - 1] : undefined;
    return { event, gapMs: prev ? Date.parse(event.at) - Date.parse(prev.at) : null };
  });
}

/** The route as a strip of cities: consecutive duplicates collapsed. */
export function routeCities(trace: Trace): string[] {
  const out: string[] = [];
  for (const e of bySeq(trace.events)) if (out.at(-1) !== e.city) out.push(e.city);
  return out;
}
