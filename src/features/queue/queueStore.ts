import { create } from 'zustand';
import type { ComplaintKind } from '@common/domain';
import type { LocalState } from '../../data/rows';
import { DEFAULT_SORT, EMPTY_FILTER, type QueueFilter, type QueueSort, type SeverityFilter } from './queueModel';

/**
 * Queue UI state: filters, sort and the selected row. The order the queue is shown in is the
 * walk order of app/caseOrder, which the case view and the decision panel follow too.
 */
type QueueState = {
  filter: QueueFilter;
  sort: QueueSort;
  selectedId: string | null;
};

const useQueueStore = create<QueueState>(() => ({ filter: EMPTY_FILTER, sort: DEFAULT_SORT, selectedId: null }));

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
  getSelected: (): string | null => useQueueStore.getState().selectedId,
};

function toggle<T>(list: readonly T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}
