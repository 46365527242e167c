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
  // A new filter, like a new sort, starts from the top: the first match is selected once it renders
  // (a search typed, then Enter and Enter, opens it), and nothing scrolls to a kept selection deep
  // in the new list.
  setQuery: (query: string) => useQueueStore.setState((s) => ({ filter: { ...s.filter, query }, selectedId: null })),
  toggleKind: (k: ComplaintKind) =>
    useQueueStore.setState((s) => ({ filter: { ...s.filter, kinds: toggle(s.filter.kinds, k) }, selectedId: null })),
  toggleSeverity: (v: SeverityFilter) =>
    useQueueStore.setState((s) => ({ filter: { ...s.filter, severities: toggle(s.filter.severities, v) }, selectedId: null })),
  toggleLocal: (v: LocalState) =>
    useQueueStore.setState((s) => ({ filter: { ...s.filter, locals: toggle(s.filter.locals, v) }, selectedId: null })),
  clearFilters: () => useQueueStore.setState({ filter: EMPTY_FILTER, selectedId: null }),
  applyView: (filter: QueueFilter, sort: QueueSort) => useQueueStore.setState({ filter, sort, selectedId: null }),
  /** A new sort starts from the top of the list: the first row is selected once it renders. */
  setSort: (sort: QueueSort) => useQueueStore.setState({ sort, selectedId: null }),
  select: (id: string | null) => useQueueStore.setState({ selectedId: id }),
  getSelected: (): string | null => useQueueStore.getState().selectedId,
};

function toggle<T>(list: readonly T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}
