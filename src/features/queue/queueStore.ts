import { create } from 'zustand';
import type { ComplaintKind } from '@common/domain';
import type { LocalState } from '../../data/rows';
import { DEFAULT_SORT, EMPTY_FILTER, type QueueFilter, type QueueSort, type SeverityFilter } from './queueModel';

/** Queue UI state: filters, sort, the selected row and the order the queue is shown in. */
type QueueState = {
  filter: QueueFilter;
  sort: QueueSort;
  selectedId: string | null;
  /** Visible ids in display order, so the case view's j/k follow the same order as the queue. */
  order: string[];
  /** Ids that were still undecided when the queue last rendered; "next case" skips the rest. */
  open: ReadonlySet<string>;
};

const useQueueStore = create<QueueState>(() => ({ filter: EMPTY_FILTER, sort: DEFAULT_SORT, selectedId: null, order: [], open: new Set() }));

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
  setSort: (sort: QueueSort) => useQueueStore.setState({ sort }),
  select: (id: string | null) => useQueueStore.setState({ selectedId: id }),
  setOrder: (order: string[], open: ReadonlySet<string>) => useQueueStore.setState({ order, open }),
  markDecided: (id: string) =>
    useQueueStore.setState((s) => {
      const open = new Set(s.open);
      open.delete(id);
      return { open };
    }),
  markOpen: (id: string) => useQueueStore.setState((s) => ({ open: new Set([...s.open, id]) })),
  /** The next undecided case after `id` in queue order (wrapping), or null. */
  nextOpen: (id: string, delta = 1): string | null => {
    const { order, open } = useQueueStore.getState();
    const i = order.indexOf(id);
    for (let step = 1; step < order.length; step++) {
      const cand = order[(((i < 0 ? 0 : i) + step * delta) % order.length + order.length) % order.length];
      if (cand && cand !== id && open.has(cand)) return cand;
    }
    return null;
  },
  /** The neighbour of `id` in queue order, decided or not (j/k in the case view). */
  neighbour: (id: string, delta: number): string | null => {
    const { order } = useQueueStore.getState();
    const i = order.indexOf(id);
    if (i < 0) return null;
    return order[i + delta] ?? null;
  },
  getOrder: (): string[] => useQueueStore.getState().order,
  getSelected: (): string | null => useQueueStore.getState().selectedId,
};

function toggle<T>(list: readonly T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}
