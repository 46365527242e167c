/**
 * Drill-down columns, defined once at module scope (TanStack Table re-derives its models when
 * column identity changes). The "open" action is rendered by DrillTable, which has the callback.
 */
import { createColumnHelper, tableFeatures } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import type { Verdict } from '@common/domain';
import type { QaErrorKind } from '@common/qa';
import { formatDateTime } from '../../../ui/format';
import type { DrillRow } from './dashboardModel';
import { kindLabel, verdictLabel } from './format';

export const drillFeatures = tableFeatures({});
const col = createColumnHelper<typeof drillFeatures, DrillRow>();

export const drillColumns = col.columns([
  col.accessor('externalId', {
    id: 'case',
    header: () => <Header id="case" />,
    cell: (c) => <span className="mono">{c.row.original.externalId}</span>,
  }),
  col.accessor('kind', {
    id: 'kind',
    header: () => <Header id="kind" />,
    cell: (c) => <Kind row={c.row.original} />,
  }),
  col.accessor('arbitratorName', {
    id: 'arbitrator',
    header: () => <Header id="arbitrator" />,
    cell: (c) => c.row.original.arbitratorName,
  }),
  col.accessor((r) => r.original.verdict, {
    id: 'original',
    header: () => <Header id="original" />,
    cell: (c) => <VerdictText verdict={c.row.original.original.verdict} />,
  }),
  col.accessor((r) => r.review.verdict, {
    id: 'review',
    header: () => <Header id="review" />,
    cell: (c) => <ReviewCell row={c.row.original} />,
  }),
  col.accessor('errors', {
    id: 'errors',
    header: () => <Header id="errors" />,
    cell: (c) => <Errors errors={c.row.original.errors} />,
  }),
  col.accessor('decidedAt', {
    id: 'decidedAt',
    header: () => <Header id="decidedAt" />,
    cell: (c) => <When iso={c.row.original.decidedAt} />,
  }),
]);

type ColumnId = 'case' | 'kind' | 'arbitrator' | 'original' | 'review' | 'errors' | 'decidedAt';

function Header({ id }: { id: ColumnId }) {
  const { t } = useTranslation();
  return <>{t(`qaDash.drill.columns.${id}`)}</>;
}

function Kind({ row }: { row: DrillRow }) {
  const { i18n } = useTranslation();
  return <>{kindLabel(row.kind, i18n.language)}</>;
}

function VerdictText({ verdict }: { verdict: Verdict }) {
  const { i18n } = useTranslation();
  return <>{verdictLabel(verdict, i18n.language)}</>;
}

function ReviewCell({ row }: { row: DrillRow }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {verdictLabel(row.review.verdict, i18n.language)}
      {row.golden && <span className="qa-tag qa-tag--golden">{t('qaDash.drill.golden')}</span>}
    </>
  );
}

function Errors({ errors }: { errors: QaErrorKind[] }) {
  const { t } = useTranslation();
  if (errors.length === 0) return <span className="qa-tag qa-tag--ok">{t('qaDash.drill.agree')}</span>;
  return (
    <>
      {errors.map((e) => (
        <span key={e} className="qa-tag qa-tag--bad">
          {t(`qaDash.errors.${e}`)}
        </span>
      ))}
    </>
  );
}

function When({ iso }: { iso: string }) {
  const { i18n } = useTranslation();
  return <span className="num">{formatDateTime(iso, i18n.language)}</span>;
}
