import { create } from 'zustand';
import type { ComplaintKind } from '@common/domain';
import type { CaseRow, LocalState } from '../../data/rows';
import { DEFAULT_SORT, EMPTY_FILTER, type QueueFilter, type QueueSort, type SeverityFilter } from './queueModel';

/** Queue UI state: filters, sort, the selected row and the order the queue is shown in. */
type QueueState = {
  filter: QueueFilter;
  sort: QueueSort;
  selectedId: string | null;
  /** Visible rows in display order, so the case view's j/k follow the same order as the queue. */
  order: readonly CaseRow[];
  /** Decided (or undone) here since the queue last rendered, overriding the rows' local state. */
  decided: ReadonlySet<string>;
  reopened: ReadonlySet<string>;
};

const useQueueStore = create<QueueState>(() => ({ filter: EMPTY_FILTER, sort: DEFAULT_SORT, selectedId: null, order: [], decided: new Set(), reopened: new Set() }));

export const useQueueFilter = (): QueueFilter => useQueueStore((s) => s.filter);
export const useQueueSort = (): QueueSort => useQueueStore((s) => s.sort);
export const useSelectedId = (): string | null => useQueueStore((s) => s.selectedId);
export const useIsSelected = (id: string): boolean => useQueueStore((s) => s.selectedId === id);

export const queueActions = {
  setQuery: (query: string) => useQueueStore.setState((s) => ({ filter: { ...s.filter, query } })),
  toggleKind: (k: ComplaintKind) => useQueueStore.setState((s) => ({ filter: { ...s.filter, kinds: toggle(s.filter.kinds, k) } })),
  toggleSeverity: (v: SeverityFilter) => useQueueStore.setState((s) => ({ filter: { ...s.filter, severities: toggle(s.filter.severities, v) } })),
  toggleLocal: (v: LocalState) => useQueueStore.setState((s) => ({ filter: { ...s.filter, locals: toggle(s.filter.locals, v) } })),
  clearFilters: () => useQueueStore.setState({ filter: EMPTY_FILTER }),
  applyView: (filter: QueueFilter, sort: QueueSort) => useQueueStore.setState({ filter, sort }),
  /** A new sort starts from the top of the list: the first row is selected once it renders. */
  setSort: (sort: QueueSort) => useQueueStore.setState({ sort, selectedId: null }),
  select: (id: string | null) => useQueueStore.setState({ selectedId: id }),
  /** The queue's visible rows as last rendered; their `local` state says which are still open. */
  setOrder: (order: readonly CaseRow[]) => useQueueStore.setState({ order, decided: new Set(), reopened: new Set() }),
  markDecided: (id: string) =>
    useQueueStore.setState((s) => {
      const reopened = new Set(s.reopened);
      reopened.delete(id);
      return { decided: new Set([...s.decided, id]), reopened };
    }),
  markOpen: (id: string) =>
    useQueueStore.setState((s) => {
      const decided = new Set(s.decided);
      decided.delete(id);
      return { decided, reopened: new Set([...s.reopened, id]) };
    }),
  /** The next undecided case after `id` in queue order (wrapping), or null. */
  nextOpen: (id: string, delta = 1): string | null => {
    const { order, decided, reopened } = useQueueStore.getState();
    const isOpen = (r: CaseRow): boolean => reopened.has(r.id) || (r.local === 'open' && !decided.has(r.id));
    const i = order.findIndex((r) => r.id === id);
    for (let step = 1; step < order.length; step++) {
      const cand = order[(((i < 0 ? 0 : i) + step * delta) % order.length + order.length) % order.length];
      if (cand && cand.id !== id && isOpen(cand)) return cand.id;
    }
    return null;
  },
  /** The neighbour of `id` in queue order, decided or not (j/k in the case view). */
  neighbour: (id: string, delta: number): string | null => {
    const { order } = useQueueStore.getState();
    const i = order.findIndex((r) => r.id === id);
    if (i < 0) return null;
    return order[i + delta]?.id ?? null;
  },
  getOrder: (): readonly CaseRow[] => useQueueStore.getState().order,
  getSelected: (): string | null => useQueueStore.getState().selectedId,
};

function toggle<T>(list: readonly T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}
