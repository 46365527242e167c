/**
 * The workforce page's arithmetic, pure: per person the time left on the soonest lease and the
 * share of the day's decisions (the two small bars), which arbitrators a selection may go to, and
 * the summary of an action's results.
 */
import type { WorkforceActionResponse, WorkforceMember, WorkforceOutcome, WorkforceView } from '@common/api';

export type MemberRow = WorkforceMember & {
  held: number;
  /** Milliseconds left on the soonest live lease; null with nothing held. */
  leftMs: number | null;
  /** Time left against the longest such wait on the page, 0..1 (the bar). */
  leftShare: number;
  /** Decisions today against the busiest person's, 0..1 (the bar). */
  doneShare: number;
};

export function memberRows(view: WorkforceView, nowMs: number): MemberRow[] {
  const left = view.members.map((m) => (m.soonestLeaseExpiresAt ? Math.max(0, Date.parse(m.soonestLeaseExpiresAt) - nowMs) : null));
  const maxLeft = Math.max(0, ...left.map((x) => x ?? 0));
  const maxDone = Math.max(0, ...view.members.map((m) => m.decidedToday));
  return view.members.map((m, i) => {
    const leftMs = left[i] ?? null;
    return {
      ...m,
      held: m.online + m.offline,
      leftMs,
      leftShare: leftMs === null || maxLeft === 0 ? 0 : leftMs / maxLeft,
      doneShare: maxDone === 0 ? 0 : m.decidedToday / maxDone,
    };
  });
}

/** Who holds each selectable case (live holdings and lapsed leases), by case id. */
export function holdersOf(view: WorkforceView): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of view.members) for (const h of m.holdings) out.set(h.caseId, m.userId);
  for (const c of view.lapsed.cases) out.set(c.caseId, c.holderId);
  return out;
}

/**
 * The arbitrators a selection can be reassigned to: every listed arbitrator except those who hold
 * one of the selected cases already (the server refuses that, and a choice that cannot work is not offered).
 */
export function reassignTargets(view: WorkforceView, selected: ReadonlySet<string>): WorkforceMember[] {
  const holders = holdersOf(view);
  const busy = new Set([...selected].map((id) => holders.get(id)).filter((x): x is string => x !== undefined));
  return view.members.filter((m) => m.role === 'arbitrator' && !busy.has(m.userId));
}

/** How many cases came out each way, in the order the page words them. */
export function outcomeCounts(r: WorkforceActionResponse): Array<[WorkforceOutcome, number]> {
  const counts = new Map<WorkforceOutcome, number>();
  for (const x of r.results) counts.set(x.outcome, (counts.get(x.outcome) ?? 0) + 1);
  return (['done', 'not_held', 'excluded', 'golden', 'not_found'] as const).flatMap((o) => (counts.get(o) ? [[o, counts.get(o)!] as [WorkforceOutcome, number]] : []));
}
