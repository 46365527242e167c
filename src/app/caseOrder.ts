import { create } from 'zustand';
import type { CaseRow } from '../data/rows';
import { closeCase, openCase } from './router';

/**
 * The order cases are walked in: the queue's visible rows as it last rendered them, so j/k in the
 * case view and "commit and next" follow what the arbitrator saw, plus the cases decided (or
 * undone) here since then, which override the rows' own local state.
 */
type Row = Pick<CaseRow, 'id' | 'local'>;
type CaseOrder = { order: readonly Row[]; decided: ReadonlySet<string>; reopened: ReadonlySet<string> };

const useCaseOrder = create<CaseOrder>(() => ({ order: [], decided: new Set(), reopened: new Set() }));

export const caseOrder = {
  /** The queue's visible rows as last rendered; their `local` state says which are still open. */
  setOrder: (order: readonly Row[]) => useCaseOrder.setState({ order, decided: new Set(), reopened: new Set() }),
  getOrder: (): readonly Row[] => useCaseOrder.getState().order,
  markDecided: (id: string) =>
    useCaseOrder.setState((s) => {
      const reopened = new Set(s.reopened);
      reopened.delete(id);
      return { decided: new Set([...s.decided, id]), reopened };
    }),
  markOpen: (id: string) =>
    useCaseOrder.setState((s) => {
      const decided = new Set(s.decided);
      decided.delete(id);
      return { decided, reopened: new Set([...s.reopened, id]) };
    }),
  /** The next undecided case after `id` in queue order (wrapping), or null. */
  nextOpen: (id: string, delta = 1): string | null => {
    const { order, decided, reopened } = useCaseOrder.getState();
    const isOpen = (r: Row): boolean => reopened.has(r.id) || (r.local === 'open' && !decided.has(r.id));
    const i = order.findIndex((r) => r.id === id);
    for (let step = 1; step < order.length; step++) {
      const cand = order[(((i < 0 ? 0 : i) + step * delta) % order.length + order.length) % order.length];
      if (cand && cand.id !== id && isOpen(cand)) return cand.id;
    }
    return null;
  },
  /** The neighbour of `id` in queue order, decided or not (j/k in the case view). */
  neighbour: (id: string, delta: number): string | null => caseOrder.neighbours(id, [delta])[0] ?? null,
  /** Several neighbours of `id` at once (one search of the order, however many are asked for). */
  neighbours: (id: string, deltas: readonly number[]): (string | null)[] => {
    const { order } = useCaseOrder.getState();
    const i = order.findIndex((r) => r.id === id);
    return deltas.map((delta) => (i < 0 ? null : (order[i + delta]?.id ?? null)));
  },
};

/** After a case is settled here (decided, escalated, released…): the next open case, or the queue. */
export function openNextOpen(id: string): void {
  const next = caseOrder.nextOpen(id);
  if (next) openCase(next);
  else closeCase();
}
