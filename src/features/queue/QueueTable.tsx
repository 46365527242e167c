import './queue.css';
import '../../ui/chips.css';
import { FlexRender, useTable, type Row, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMPLAINT_KINDS, KIND_LABELS } from '@common/domain';
import { caseOrder } from '../../app/caseOrder';
import { KEY_REGION_ATTR, setContexts, useCommand } from '../../app/commands/runtime';
import { openCase } from '../../app/router';
import { idleWorkHeld } from '../../data/idleWork';
import { queueRow } from '../../data/queries';
import type { CaseRow, LocalState } from '../../data/rows';
import { COLUMN_WIDTHS, queueColumns, queueFeatures } from './queueColumns';
import { filterRows, SEVERITY_FILTERS, SORTABLE, sortRows, sortWarmSteps, stepSelection, warmSearch, type SortColumn } from './queueModel';
import { queueActions, useIsSelected, useQueueFilter, useQueueSort, useSelectedId } from './queueStore';
import { savedViews, useSavedViews } from './savedViews';

const ROW_HEIGHT = 44;
const GRID = SORTABLE.map((id) => COLUMN_WIDTHS[id]).join(' ');
const LOCALS: readonly LocalState[] = ['open', 'pending', 'synced', 'conflict'];
const rowId = (r: CaseRow): string => r.id;

export function QueueTable({ rows, total, complete }: { rows: readonly CaseRow[]; total: number; complete: boolean }) {
  const { t, i18n } = useTranslation();
  const filter = useQueueFilter();
  const sort = useQueueSort();
  const selectedId = useSelectedId();
  const collator = useMemo(() => new Intl.Collator(i18n.language === 'en' ? 'en' : 'zh-CN'), [i18n.language]);
  // Sort once per data or sort change; filtering keeps that order, so a keystroke in the search
  // box is one pass over the sorted rows.
  const sorted = useMemo(() => sortRows(rows, sort, collator), [rows, sort, collator]);
  const visible = useMemo(() => filterRows(sorted, filter), [sorted, filter]);
  const sorting = useMemo<SortingState>(() => [{ id: sort.id, desc: sort.desc }], [sort]);
  // Stable options: a new function identity each render would make the table re-derive its row
  // model, and the virtualiser re-renders this component on every scroll frame.
  const scrollRef = useRef<HTMLDivElement>(null);
  // The list's offset when a new sort or filter scrolled it to its top: the virtualiser learns of
  // the scroll only from its event, after the render that selects the new first row, and reports
  // this offset until then. Null when no such scroll is pending.
  const offsetBeforeReset = useRef<number | null>(null);
  // Sorting and filtering show the top of the new list (the first row, selected), as spreadsheets
  // and mail lists do. Scrolled here, before the re-render, while the layout is still clean: once
  // the new rows are in, scrolling to the selection forced a layout of them and a second render.
  const toTop = useCallback(() => {
    const list = scrollRef.current;
    if (!list || list.scrollTop === 0) return;
    offsetBeforeReset.current = list.scrollTop;
    list.scrollTo({ top: 0 });
  }, []);
  const refilter = useCallback(
    (change: () => void) => {
      toTop();
      change();
    },
    [toTop],
  );
  const onSortingChange = useCallback(
    (updater: SortingState | ((old: SortingState) => SortingState)) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      if (!first || !(SORTABLE as readonly string[]).includes(first.id)) return;
      toTop();
      queueActions.setSort({ id: first.id as SortColumn, desc: first.desc });
    },
    [sorting, toTop],
  );

  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Index keys (the default): rows have one fixed height, and a key function that changes with
    // every filter or sort would make the virtualiser re-measure all 100k items each time.
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const windowStart = items[0]?.index ?? 0;
  const windowEnd = (items.at(-1)?.index ?? -1) + 1;
  // The table models only the rows in the virtual window: building TanStack rows for all 100k
  // visible rows on every filter keystroke cost more than the filtering itself.
  const windowRows = useMemo(() => visible.slice(windowStart, windowEnd), [visible, windowStart, windowEnd]);
  const table = useTable({
    features: queueFeatures,
    columns: queueColumns,
    data: windowRows,
    getRowId: rowId,
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting },
    onSortingChange,
  });
  const tableRows = table.getRowModel().rows;

  // Where the selected row sits: by identity first (a native scan, no string compares over 100k
  // rows), by id when the index already holds a newer object than this render's rows.
  const selectedIndex = useMemo(() => {
    if (!selectedId) return -1;
    const row = queueRow(selectedId);
    const at = row ? visible.indexOf(row) : -1;
    return at >= 0 ? at : visible.findIndex((r) => r.id === selectedId);
  }, [visible, selectedId]);
  useLayoutEffect(() => {
    setContexts(['queue']);
    caseOrder.setOrder(visible);
  }, [visible]);
  useEffect(() => {
    // Keep a selection while rows exist: keyboard users always have a row to act on.
    if (selectedIndex < 0) queueActions.select(visible[0]?.id ?? null);
  }, [visible, selectedIndex]);
  useEffect(() => {
    // The selection stays on screen. Rows have one height, so whether it already is can be told
    // from the virtualiser's last known offset and size, without the forced layout that
    // scrollToIndex costs (it reads the element's scroll height).
    if (selectedIndex < 0) return;
    const top = selectedIndex * ROW_HEIGHT;
    const known = virtualizer.scrollOffset ?? 0;
    const from = offsetBeforeReset.current === known ? 0 : known;
    offsetBeforeReset.current = null;
    const height = virtualizer.scrollRect?.height ?? 0;
    if (height > 0 && top >= from && top + ROW_HEIGHT <= from + height) return;
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  // While the page is idle, do the work a first sort by each column, and a first search of the
  // list as sorted, would do.
  useEffect(() => runWhenIdle(sortWarmSteps(rows, collator)), [rows, collator]);
  useEffect(() => runWhenIdle(warmSearch(sorted)), [sorted]);

  const move = (delta: number) => queueActions.select(stepSelection(caseOrder.getOrder(), queueActions.getSelected(), delta));
  useCommand('queue.next', () => move(1));
  useCommand('queue.prev', () => move(-1));
  useCommand('queue.first', () => queueActions.select(caseOrder.getOrder()[0]?.id ?? null));
  useCommand('queue.last', () => queueActions.select(caseOrder.getOrder().at(-1)?.id ?? null));
  useCommand('queue.open', () => {
    const id = queueActions.getSelected();
    if (id) openCase(id);
  });
  const searchRef = useRef<HTMLInputElement>(null);
  useCommand('queue.search', () => searchRef.current?.focus());

  const lang = i18n.language === 'en' ? 'en' : 'zh';
  return (
    <div className="queue">
      <div className="queue-filters" role="search">
        <input
          ref={searchRef}
          className="input queue-filters__search"
          type="search"
          value={filter.query}
          placeholder={t('workstation.searchPlaceholder')}
          aria-label={t('workstation.search')}
          data-testid="queue-search"
          onChange={(e) => refilter(() => queueActions.setQuery(e.target.value))}
          onKeyDown={(e) => {
            // Enter or ↓ hands the keyboard back to the list.
            if (e.key === 'Enter' || e.key === 'ArrowDown' || e.key === 'Escape') {
              e.preventDefault();
              e.currentTarget.blur();
            }
          }}
        />
        <span className="queue-filters__count" data-testid="queue-count">
          {t('workstation.count', { shown: visible.length, total })}
          {!complete && <span className="muted"> · {t('workstation.loadingRest')}</span>}
        </span>
        {(filter.kinds.length > 0 || filter.severities.length > 0 || filter.locals.length > 0 || filter.query) && (
          <button type="button" className="button button--small" onClick={() => refilter(queueActions.clearFilters)}>
            {t('workstation.clearFilters')}
          </button>
        )}
      </div>
      <SavedViewsBar />
      <div className="queue-chips" aria-label={t('workstation.filters')} role="group">
        {SEVERITY_FILTERS.map((s) => (
          <FilterChip key={s} pressed={filter.severities.includes(s)} onClick={() => refilter(() => queueActions.toggleSeverity(s))} tone={s}>
            {t(`workstation.severities.${s}`)}
          </FilterChip>
        ))}
        <span className="queue-chips__sep" aria-hidden="true" />
        {LOCALS.map((s) => (
          <FilterChip key={s} pressed={filter.locals.includes(s)} onClick={() => refilter(() => queueActions.toggleLocal(s))}>
            {t(`workstation.locals.${s}`)}
          </FilterChip>
        ))}
        <span className="queue-chips__sep" aria-hidden="true" />
        {COMPLAINT_KINDS.map((k) => (
          <FilterChip key={k} pressed={filter.kinds.includes(k)} onClick={() => refilter(() => queueActions.toggleKind(k))}>
            {KIND_LABELS[k][lang]}
          </FilterChip>
        ))}
      </div>

      <div className="qtable" role="grid" aria-rowcount={visible.length + 1} aria-label={t('queue.title')} data-testid="queue-table">
        <div className="qtable__head" role="row" style={{ gridTemplateColumns: GRID }}>
          {table.getHeaderGroups()[0]?.headers.map((h) => {
            const dir = h.column.getIsSorted();
            return (
              <div key={h.id} role="columnheader" aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}>
                <button type="button" className="qtable__sort" onClick={h.column.getToggleSortingHandler()}>
                  <table.FlexRender header={h} />
                  <span className="qtable__arrow" aria-hidden="true">
                    {dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : ''}
                  </span>
                </button>
              </div>
            );
          })}
        </div>
        {visible.length === 0 ? (
          <p className="qtable__nomatch" role="status">
            {t('workstation.noMatch')}
          </p>
        ) : (
          <div
            className="qtable__body"
            ref={scrollRef}
            data-testid="queue-body"
            role="rowgroup"
            tabIndex={0}
            aria-label={t('workstation.rowsLabel')}
            {...{ [KEY_REGION_ATTR]: 'queue' }}
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const row = tableRows[item.index - windowStart];
                if (!row) return null;
                // Keyed by position, not by case: a new filter or sort shows other cases in the same
                // places, and React then changes the text of the rows on screen instead of building
                // new ones.
                return (
                  <div key={item.index} className="qtable__rowpos" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
                    <QueueRow row={row} index={item.index} />
                  </div>
                );
              })}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

/**
 * Runs `work` in idle periods, slice by slice (a few milliseconds each over 100k rows), for at most
 * ~8 ms per period: a period can last 50 ms, and input arriving meanwhile waits for whatever runs.
 * Returns the cancel function, for an effect's cleanup.
 */
function runWhenIdle(work: Generator<void, void>): () => void {
  if (typeof requestIdleCallback !== 'function') return () => undefined;
  let handle = 0;
  const run = (deadline: IdleDeadline): void => {
    if (idleWorkHeld()) {
      handle = requestIdleCallback(run);
      return;
    }
    const until = performance.now() + 8;
    do {
      if (work.next().done) return;
    } while (performance.now() < until && deadline.timeRemaining() > 3);
    handle = requestIdleCallback(run);
  };
  handle = requestIdleCallback(run);
  return () => cancelIdleCallback(handle);
}

/**
 * A row subscribes only to its own selection flag, and is memoised on its case row and position,
 * so scrolling renders only the rows that come into view and moving the selection re-renders two.
 */
type QueueRowProps = { row: Row<typeof queueFeatures, CaseRow>; index: number };
const QueueRow = memo(function QueueRow({ row, index }: QueueRowProps) {
  const id = row.id;
  const selected = useIsSelected(id);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`qtable__row${selected ? ' is-selected' : ''}`}
      style={{ gridTemplateColumns: GRID }}
      data-testid="queue-row"
      data-case-id={id}
      data-local={row.original.local}
      onClick={() => queueActions.select(id)}
      onDoubleClick={() => openCase(id)}
    >
      {row.getAllCells().map((cell) => (
        <div key={cell.column.id} role="gridcell" className={`qtable__cell qtable__cell--${cell.column.id}`}>
          <FlexRender cell={cell} />
        </div>
      ))}
    </div>
  );
},
// The window's table rows are rebuilt as it scrolls; a row whose case and position are unchanged
// renders the same cells.
(a: QueueRowProps, b: QueueRowProps) => a.row.original === b.row.original && a.index === b.index);

function FilterChip({ pressed, onClick, tone, children }: { pressed: boolean; onClick: () => void; tone?: string; children: React.ReactNode }) {
  return (
    <button type="button" className={`fchip${tone ? ` fchip--${tone}` : ''}`} aria-pressed={pressed} onClick={onClick}>
      {children}
    </button>
  );
}

/** Named filter + sort combinations, one click (or Enter on the focused button) away. */
function SavedViewsBar() {
  const { t } = useTranslation();
  const views = useSavedViews();
  const filter = useQueueFilter();
  const sort = useQueueSort();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const same = (v: (typeof views)[number]) => JSON.stringify(v.filter) === JSON.stringify(filter) && v.sort.id === sort.id && v.sort.desc === sort.desc;
  return (
    <div className="queue-views" role="group" aria-label={t('workstation.views')}>
      <span className="queue-views__label">{t('workstation.views')}</span>
      {views.map((v) => (
        <span key={v.name} className="queue-views__item">
          <button type="button" className="fchip" aria-pressed={same(v)} onClick={() => queueActions.applyView(v.filter, v.sort)}>
            {v.name}
          </button>
          <button type="button" className="queue-views__remove" aria-label={t('workstation.removeView', { name: v.name })} onClick={() => savedViews.remove(v.name)}>
            ×
          </button>
        </span>
      ))}
      {naming ? (
        <form
          className="queue-views__form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) savedViews.save({ name: name.trim(), filter, sort });
            setNaming(false);
            setName('');
          }}
        >
          <input
            className="input queue-views__input"
            autoFocus
            value={name}
            maxLength={40}
            aria-label={t('workstation.viewName')}
            placeholder={t('workstation.viewName')}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setNaming(false);
            }}
          />
          <button type="submit" className="button button--small">
            {t('workstation.saveView')}
          </button>
        </form>
      ) : (
        <button type="button" className="button button--small" onClick={() => setNaming(true)}>
          {t('workstation.saveCurrentView')}
        </button>
      )}
    </div>
  );
}
