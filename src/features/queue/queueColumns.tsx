import './queue.css';
import '../../ui/badges.css';
/**
 * Queue columns, defined once at module scope (TanStack Table re-derives its models when column
 * identity changes). Sorting is done by queueModel over the whole list (manualSorting), because a
 * single typed comparator over 100k rows is faster than the generic per-cell sort.
 */
import { createColumnHelper, rowSortingFeature, tableFeatures } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { KIND_LABELS, STATUS_LABELS, type CaseStatus } from '@common/domain';
import type { CaseRow } from '../../data/rows';
import { LeaseCell, SlaCell } from '../../ui/Countdowns';
import { formatFen } from '../../ui/format';
import { SeverityBadges } from '../../ui/SeverityBadges';
import type { SortColumn } from './queueModel';

export const queueFeatures = tableFeatures({ rowSortingFeature });
const col = createColumnHelper<typeof queueFeatures, CaseRow>();

/** Grid track per column; the header and every virtual row share it. */
export const COLUMN_WIDTHS: Record<SortColumn, string> = {
  // Fits the longest English kind ("Abnormal after-sales") without an ellipsis.
  kind: '150px',
  parties: 'minmax(190px, 2fr)',
  amount: '110px',
  findings: '150px',
  sla: '130px',
  lease: '110px',
  // The longest status fits on its own line ("Withdrawn, penalty kept", "Awaiting evidence").
  status: '160px',
};

export const queueColumns = col.columns([
  col.accessor('kind', { id: 'kind', header: () => <HeaderLabel id="kind" />, cell: (c) => <KindCell row={c.row.original} /> }),
  col.accessor('complainantName', { id: 'parties', header: () => <HeaderLabel id="parties" />, cell: (c) => <PartiesCell row={c.row.original} /> }),
  col.accessor('amountFen', { id: 'amount', header: () => <HeaderLabel id="amount" />, cell: (c) => <AmountCell fen={c.row.original.amountFen} /> }),
  col.accessor('topSeverity', { id: 'findings', header: () => <HeaderLabel id="findings" />, cell: (c) => <SeverityBadges counts={c.row.original.findingCounts} /> }),
  col.accessor('dueAtMs', { id: 'sla', header: () => <HeaderLabel id="sla" />, cell: (c) => <SlaCell dueAtMs={c.row.original.dueAtMs} /> }),
  col.accessor('leaseExpiresAtMs', { id: 'lease', header: () => <HeaderLabel id="lease" />, cell: (c) => <LeaseCell atMs={c.row.original.leaseExpiresAtMs} /> }),
  col.accessor('local', { id: 'status', header: () => <HeaderLabel id="status" />, cell: (c) => <StatusCell row={c.row.original} /> }),
]);

function HeaderLabel({ id }: { id: SortColumn }) {
  const { t } = useTranslation();
  return <>{t(`workstation.columns.${id}`)}</>;
}

function KindCell({ row }: { row: CaseRow }) {
  const { i18n } = useTranslation();
  const label = KIND_LABELS[row.kind];
  const text = i18n.language === 'en' ? label.en : label.zh;
  return (
    <span className="kind-cell">
      <span className="kind-cell__label" title={text}>
        {text}
      </span>
      <span className="kind-cell__id">{row.externalId}</span>
    </span>
  );
}

/** A complaint about a review or a live session has no order behind it: no amount, not ¥0.00. */
function AmountCell({ fen }: { fen: number }) {
  const { t } = useTranslation();
  if (fen === 0)
    return (
      <span className="num muted" aria-label={t('workstation.noAmount')} title={t('workstation.noAmount')}>
        —
      </span>
    );
  return <span className="num">{formatFen(fen)}</span>;
}

function PartiesCell({ row }: { row: CaseRow }) {
  return (
    <span className="parties-cell">
      <span className="parties-cell__name">{row.complainantName}</span>
      <span className="parties-cell__arrow" aria-hidden="true">→</span>
      <span className="parties-cell__name">{row.respondentName}</span>
    </span>
  );
}

function StatusCell({ row }: { row: CaseRow }) {
  const { t, i18n } = useTranslation();
  const label = STATUS_LABELS[row.status as CaseStatus] as { zh: string; en: string } | undefined;
  const status = label ? (i18n.language === 'en' ? label.en : label.zh) : t(`workstation.extraStatus.${row.status === 'escalated' ? 'escalated' : 'unknown'}`);
  return (
    <span className="status-cell">
      <span className={`local-pill local-pill--${row.local}`}>{t(`workstation.locals.${row.local}`)}</span>
      <span className="status-cell__status">{status}</span>
    </span>
  );
}
