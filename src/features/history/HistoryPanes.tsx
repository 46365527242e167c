import './history.css';
import '../../ui/chips.css';
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KIND_LABELS, type CaseBundle, type ComplaintKind, type Party } from '@common/domain';
import { CODE_LABELS } from '@common/rules';
import { usePartyOrders } from '../../data/queries';
import { formatDateTime, formatFen, formatTime } from '../../ui/format';
import { useAnomalies, useAnomalyContext } from '../../ui/anomalies';
import { useHighlighted } from '../../ui/evidenceHighlight';
import {
  DEFAULT_HISTORY_FILTER,
  filterHistory,
  HISTORY_DAYS,
  historyItems,
  indexAtTime,
  ITEM_STATUSES,
  ITEM_TYPES,
  partyStats,
  RANGE_DAYS,
  type HistoryFilter,
  type HistoryItem,
} from './historyModel';

const features = tableFeatures({});
const col = createColumnHelper<typeof features, HistoryItem>();
const columns = col.columns([
  col.accessor('at', { id: 'date', header: () => <H k="date" />, cell: (c) => <DateCell iso={c.row.original.at} /> }),
  col.accessor('type', { id: 'type', header: () => <H k="type" />, cell: (c) => <TypeCell item={c.row.original} /> }),
  col.accessor('subject', { id: 'subject', header: () => <H k="subject" />, cell: (c) => <SubjectCell item={c.row.original} /> }),
  col.accessor('amountFen', { id: 'amount', header: () => <H k="amount" />, cell: (c) => <AmountCell item={c.row.original} /> }),
  col.accessor('status', { id: 'status', header: () => <H k="status" />, cell: (c) => <StatusCell item={c.row.original} /> }),
]);

function H({ k }: { k: string }) {
  const { t } = useTranslation();
  return <>{t(`history.columns.${k}`)}</>;
}
function DateCell({ iso }: { iso: string }) {
  const { i18n } = useTranslation();
  return <span title={formatDateTime(iso, i18n.language)}>{formatTime(iso, i18n.language)}</span>;
}
function TypeCell({ item }: { item: HistoryItem }) {
  const { t } = useTranslation();
  return <span className={`htype htype--${item.type}`}>{t(`history.types.${item.type}`)}</span>;
}
/** The order, case or review id, and under it what it was about. */
function SubjectCell({ item }: { item: HistoryItem }) {
  const { t, i18n } = useTranslation();
  let detail = item.detail;
  if (item.type === 'complaint') {
    // A complaint's detail is its kind's code: shown (and in the tooltip) by its label.
    const label = KIND_LABELS[item.detail as ComplaintKind] as { zh: string; en: string } | undefined;
    detail = `${t(`history.side.${item.side ?? 'filed'}`)} · ${label ? (i18n.language === 'en' ? label.en : label.zh) : t('history.otherKind')}`;
  }
  // Review and refund text comes from users: rendered as text, never as HTML.
  return (
    <span className="hsubject">
      <span className="mono">{item.subject}</span>
      <span className="hsubject__detail ellipsis" title={detail}>
        {item.rating !== null && <span className="hstars" aria-label={t('history.rating', { n: item.rating })}>{'★'.repeat(item.rating)} </span>}
        {detail}
      </span>
    </span>
  );
}
function AmountCell({ item }: { item: HistoryItem }) {
  if (item.amountFen === null) return <span className="muted">—</span>;
  return <span className={`num${item.type === 'refund' ? ' tone-warn' : ''}`}>{formatFen(item.amountFen)}</span>;
}
function StatusCell({ item }: { item: HistoryItem }) {
  const { t } = useTranslation();
  const tone = ['refunded', 'upheld', 'negative'].includes(item.status) ? 'warn' : item.status === 'pending' ? 'idle' : 'ok';
  return <span className={`hstatus hstatus--${tone}`}>{t(`history.statuses.${item.status}`)}</span>;
}

type PaneHandle = { el: HTMLDivElement | null; items: readonly HistoryItem[] };

/**
 * Complainant and respondent side by side: orders, refunds, complaints and reviews over the last
 * 180 days, one filter for both panes, and scrolling kept in step by time so the two parties'
 * activity at the same moment stays side by side.
 */
export function HistoryPanes({ bundle }: { bundle: CaseBundle }) {
  const { t } = useTranslation();
  const filedMs = Date.parse(bundle.case.filedAt);
  const since = filedMs - HISTORY_DAYS * 86_400_000;
  const complainant = bundle.parties.find((p) => p.id === bundle.case.complainantId);
  const respondent = bundle.parties.find((p) => p.id === bundle.case.respondentId);
  const [filter, setFilter] = useState<HistoryFilter>(DEFAULT_HISTORY_FILTER);
  const [together, setTogether] = useState(true);
  const panes = useRef<[PaneHandle, PaneHandle]>([
    { el: null, items: [] },
    { el: null, items: [] },
  ]);
  // Scroll events caused by our own scrollTop writes are not echoed back.
  const echo = useRef<[boolean, boolean]>([false, false]);

  const onScroll = useCallback(
    (side: 0 | 1) => {
      if (echo.current[side]) {
        echo.current[side] = false;
        return;
      }
      if (!together) return;
      const from = panes.current[side];
      const to = panes.current[side === 0 ? 1 : 0];
      if (!from.el || !to.el) return;
      const atMs = topItemTime(from.el);
      if (atMs === null) return;
      const i = indexAtTime(to.items, atMs);
      const target = i >= 0 ? to.el.querySelector<HTMLElement>(`tr[data-key="${CSS.escape(to.items[i]!.key)}"]`) : null;
      if (!target) return;
      const head = to.el.querySelector('thead')?.getBoundingClientRect().height ?? 0;
      const top = Math.max(0, target.offsetTop - head);
      if (Math.abs(to.el.scrollTop - top) > 1) {
        echo.current[side === 0 ? 1 : 0] = true;
        to.el.scrollTop = top;
      }
    },
    [together],
  );

  const toggle = <T,>(list: readonly T[], v: T): T[] => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  return (
    <div className="history" data-testid="viewer-history">
      <div className="history__filters" role="group" aria-label={t('history.filters')}>
        <span className="history__label">{t('history.range')}</span>
        {RANGE_DAYS.map((d) => (
          <button key={d} type="button" className="fchip" aria-pressed={filter.days === d} onClick={() => setFilter((f) => ({ ...f, days: d }))}>
            {t('history.days', { n: d })}
          </button>
        ))}
        <span className="queue-chips__sep" aria-hidden="true" />
        {ITEM_TYPES.map((k) => (
          <button key={k} type="button" className="fchip" aria-pressed={filter.types.includes(k)} onClick={() => setFilter((f) => ({ ...f, types: toggle(f.types, k) }))}>
            {t(`history.types.${k}`)}
          </button>
        ))}
        <span className="queue-chips__sep" aria-hidden="true" />
        <label className="history__status">
          <span className="history__label">{t('history.statusFilter')}</span>
          <select
            className="input input--small"
            value={filter.statuses[0] ?? ''}
            onChange={(e) => setFilter((f) => ({ ...f, statuses: e.target.value ? [e.target.value as HistoryFilter['statuses'][number]] : [] }))}
          >
            <option value="">{t('history.anyStatus')}</option>
            {ITEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`history.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="history__together">
          <input type="checkbox" checked={together} onChange={(e) => setTogether(e.target.checked)} /> {t('history.scrollTogether')}
        </label>
      </div>
      <div className="history__panes">
        {[complainant, respondent].map((party, side) =>
          party ? (
            <Pane
              key={party.id}
              party={party}
              role={side === 0 ? 'complainant' : 'respondent'}
              bundle={bundle}
              since={since}
              atMs={filedMs}
              filter={filter}
              handle={panes.current[side as 0 | 1]}
              onScroll={() => onScroll(side as 0 | 1)}
            />
          ) : null,
        )}
      </div>
    </div>
  );
}

/** Time of the first row whose bottom is below the header, i.e. the top row the reader sees. */
function topItemTime(el: HTMLDivElement): number | null {
  const head = el.querySelector('thead')?.getBoundingClientRect().height ?? 0;
  for (const row of el.querySelectorAll<HTMLTableRowElement>('tbody tr[data-at-ms]')) {
    if (row.dataset.pinned) continue;
    if (row.offsetTop + row.offsetHeight > el.scrollTop + head + 1) return Number(row.dataset.atMs);
  }
  return null;
}

function Pane(props: {
  party: Party;
  role: 'complainant' | 'respondent';
  bundle: CaseBundle;
  since: number;
  atMs: number;
  filter: HistoryFilter;
  handle: PaneHandle;
  onScroll: () => void;
}) {
  const { party, role, bundle, since, atMs, filter, handle, onScroll } = props;
  const { t } = useTranslation();
  const orders = usePartyOrders(party.id, since);
  const all = useMemo(() => historyItems(party, orders ?? [], bundle, since), [party, orders, bundle, since]);
  const data = useMemo(() => filterHistory(all, filter, atMs), [all, filter, atMs]);
  handle.items = data;
  const table = useTable({ features, columns, data, getRowId: (i: HistoryItem) => i.key });
  const stats = partyStats(party, all, atMs, filter.days);
  // A party is marked, and its refund rate shown in red, only where a finding points at it.
  const partyMarks = useAnomalies(`party:${party.id}`);
  const highRefunds = useAnomalyContext().findings.some((f) => f.code === 'HIGH_REFUND_RATE' && f.implicatedPartyIds.includes(party.id));
  return (
    <section className="hpane" aria-label={t(`history.${role}`)} data-testid={`history-${role}`}>
      <header
        className={`hpane__head${partyMarks.length ? ' is-anomaly' : ''}`}
        data-ref={`party:${party.id}`}
        data-anomaly={partyMarks.length ? [...new Set(partyMarks.map((f) => f.code))].join(' ') : undefined}
      >
        <span className="hpane__role">{t(`history.${role}`)}</span>
        <strong>{party.displayName}</strong>
        <span className="muted">{t(`history.roles.${party.role}`)}</span>
      </header>
      <dl className="hpane__stats">
        <Stat label={t('history.orders', { n: filter.days })} value={stats.orders} />
        <Stat
          label={t('history.refundRate')}
          value={stats.refundRate === null ? '—' : `${Math.round(stats.refundRate * 100)}%`}
          tone={highRefunds ? 'tone-bad' : undefined}
        />
        <Stat label={t('history.complaintsFiled')} value={stats.complaintsFiled} />
        <Stat label={t('history.complaintsReceived')} value={stats.complaintsReceived} />
        <Stat label={t('history.negativeReviews')} value={stats.negativeReviews} />
        <Stat label={t('history.accountAge')} value={t('history.days', { n: stats.accountAgeDays })} />
        {stats.stars !== null && <Stat label={t('history.stars')} value={`${'★'.repeat(Math.round(stats.stars))} ${stats.stars.toFixed(1)}`} />}
      </dl>
      <div
        className="hpane__scroll"
        ref={(el) => {
          handle.el = el;
        }}
        onScroll={onScroll}
        tabIndex={0}
        aria-label={t('history.itemsOf', { name: party.displayName })}
        data-testid={`history-scroll-${role}`}
      >
        <table className="htable">
          <colgroup>
            <col className="htable__date" />
            <col className="htable__type" />
            <col />
            <col className="htable__amount" />
            <col className="htable__status" />
          </colgroup>
          <thead>
            {table.getHeaderGroups().map((g) => (
              <tr key={g.id}>
                {g.headers.map((h) => (
                  <th key={h.id} scope="col">
                    <table.FlexRender header={h} />
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <EvidenceRow key={row.id} item={row.original}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </EvidenceRow>
            ))}
            {data.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  {orders === undefined ? '' : t('history.nothing')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Stat({ label, value, tone }: { label: string; value: React.ReactNode; tone?: string | undefined }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd className={tone}>{value}</dd>
    </div>
  );
}

function EvidenceRow({ item, children }: { item: HistoryItem; children: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const hit = useHighlighted(item.refKey);
  const marks = useAnomalies(item.refKey);
  const pinned = item.disputed && item.type === 'order';
  return (
    <tr
      data-ref={item.refKey}
      data-anomaly={marks.length ? [...new Set(marks.map((f) => f.code))].join(' ') : undefined}
      data-key={item.key}
      data-at-ms={item.atMs}
      data-pinned={pinned || undefined}
      data-type={item.type}
      tabIndex={-1}
      className={`${item.disputed ? 'is-disputed' : ''}${hit ? ' is-hit' : ''}${marks.length ? ' is-anomaly' : ''}`}
      title={[item.disputed ? t('history.disputed') : '', ...marks.map((f) => CODE_LABELS[f.code][i18n.language === 'en' ? 'en' : 'zh'])].filter(Boolean).join(' · ') || undefined}
      data-disputed={item.disputed || undefined}
    >
      {children}
    </tr>
  );
}
