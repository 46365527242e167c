import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseBundle, Party } from '@common/domain';
import { usePartyOrders } from '../../data/queries';
import type { OrderRow } from '../../data/rows';
import { formatDateTime, formatTime } from '../../ui/format';
import { formatFen } from '../queue/queueModel';
import { useHighlighted } from '../case/caseStore';
import { HISTORY_DAYS, partyStats, pinDisputed } from './historyModel';

const features = tableFeatures({});
const col = createColumnHelper<typeof features, OrderRow>();
const columns = col.columns([
  col.accessor('createdAt', { id: 'date', header: () => <H k="date" />, cell: (c) => <DateCell iso={c.row.original.createdAt} /> }),
  col.accessor('id', { id: 'order', header: () => <H k="order" />, cell: (c) => <span className="mono">{c.row.original.id}</span> }),
  col.accessor((o) => o.items.map((i) => i.name).join('、'), { id: 'items', header: () => <H k="items" />, cell: (c) => <span className="ellipsis">{c.getValue()}</span> }),
  col.accessor('paidFen', { id: 'paid', header: () => <H k="paid" />, cell: (c) => <span className="num">{formatFen(c.row.original.paidFen)}</span> }),
  col.accessor((o) => o.refunds.reduce((s, r) => s + r.amountFen, 0), { id: 'refund', header: () => <H k="refund" />, cell: (c) => <RefundCell o={c.row.original} /> }),
]);

function H({ k }: { k: string }) {
  const { t } = useTranslation();
  return <>{t(`history.columns.${k}`)}</>;
}
function DateCell({ iso }: { iso: string }) {
  const { i18n } = useTranslation();
  return <span title={formatDateTime(iso, i18n.language)}>{formatTime(iso, i18n.language)}</span>;
}
function RefundCell({ o }: { o: OrderRow }) {
  const total = o.refunds.reduce((s, r) => s + r.amountFen, 0);
  return total > 0 ? <span className="num tone-warn" title={o.refunds.map((r) => r.reason).join(' / ')}>{formatFen(total)}</span> : <span className="muted">—</span>;
}

/** Complainant and respondent side by side: their orders and refunds over the last 180 days. */
export function HistoryPanes({ bundle }: { bundle: CaseBundle }) {
  const filedMs = Date.parse(bundle.case.filedAt);
  const since = filedMs - HISTORY_DAYS * 86_400_000;
  const complainant = bundle.parties.find((p) => p.id === bundle.case.complainantId);
  const respondent = bundle.parties.find((p) => p.id === bundle.case.respondentId);
  return (
    <div className="history" data-testid="viewer-history">
      {complainant && <Pane party={complainant} role="complainant" bundle={bundle} since={since} atMs={filedMs} />}
      {respondent && <Pane party={respondent} role="respondent" bundle={bundle} since={since} atMs={filedMs} />}
    </div>
  );
}

function Pane({ party, role, bundle, since, atMs }: { party: Party; role: 'complainant' | 'respondent'; bundle: CaseBundle; since: number; atMs: number }) {
  const { t } = useTranslation();
  const orders = usePartyOrders(party.id, since);
  const disputed = useMemo(() => new Set(bundle.case.subject.orderIds), [bundle]);
  const data = useMemo(() => pinDisputed(orders ?? [], disputed), [orders, disputed]);
  const table = useTable({ features, columns, data, getRowId: (o: OrderRow) => o.id });
  const stats = partyStats(party, data, bundle, atMs);
  return (
    <section className="hpane" aria-label={t(`history.${role}`)}>
      <header className="hpane__head">
        <span className="hpane__role">{t(`history.${role}`)}</span>
        <strong>{party.displayName}</strong>
        <span className="muted">{t(`history.roles.${party.role}`)}</span>
      </header>
      <dl className="hpane__stats">
        <div>
          <dt>{t('history.orders')}</dt>
          <dd>{stats.orders}</dd>
        </div>
        <div>
          <dt>{t('history.refundRate')}</dt>
          <dd className={stats.refundRate !== null && stats.refundRate > 0.6 ? 'tone-bad' : undefined}>{stats.refundRate === null ? '—' : `${Math.round(stats.refundRate * 100)}%`}</dd>
        </div>
        <div>
          <dt>{t('history.complaints')}</dt>
          <dd>{stats.complaints}</dd>
        </div>
        <div>
          <dt>{t('history.accountAge')}</dt>
          <dd>{t('history.days', { n: stats.accountAgeDays })}</dd>
        </div>
        {stats.stars !== null && (
          <div>
            <dt>{t('history.stars')}</dt>
            <dd>{'★'.repeat(Math.round(stats.stars))}</dd>
          </div>
        )}
      </dl>
      <table className="htable">
        <colgroup>
          <col className="htable__date" />
          <col className="htable__order" />
          <col />
          <col />
          <col />
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
            <EvidenceRow key={row.id} id={row.id} disputed={disputed.has(row.id)}>
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
                {orders === undefined ? '' : t('history.noOrders')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

function EvidenceRow({ id, disputed, children }: { id: string; disputed: boolean; children: React.ReactNode }) {
  const { t } = useTranslation();
  const refKey = `order:${id}`;
  const hit = useHighlighted(refKey);
  return (
    <tr
      data-ref={refKey}
      tabIndex={-1}
      className={`${disputed ? 'is-disputed' : ''}${hit ? ' is-hit' : ''}`}
      title={disputed ? t('history.disputed') : undefined}
      data-disputed={disputed || undefined}
    >
      {children}
    </tr>
  );
}
