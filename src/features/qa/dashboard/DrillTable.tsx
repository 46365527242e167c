import { FlexRender, useTable } from '@tanstack/react-table';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrillRow } from './dashboardModel';
import { drillColumns, drillFeatures } from './drillColumns';

const rowId = (r: DrillRow): string => r.sampleId;

/** The pairs behind the clicked chart element; each row opens its case. */
export function DrillTable(props: {
  title: string;
  rows: DrillRow[];
  onOpenCase: (caseId: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const table = useTable({
    features: drillFeatures,
    columns: drillColumns,
    data: props.rows,
    getRowId: rowId,
  });
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Move focus to the list a click or button just opened, so keyboard and screen-reader users land on it.
  useEffect(() => headingRef.current?.focus(), [props.title]);
  return (
    <section className="qa-drill" aria-labelledby="qa-drill-title" data-testid="qa-drill">
      <div className="qa-card__head">
        <h2 className="qa-card__title" id="qa-drill-title" ref={headingRef} tabIndex={-1}>
          {props.title}{' '}
          <span className="muted">· {t('qaDash.drill.count', { count: props.rows.length })}</span>
        </h2>
        <button type="button" className="button button--small" onClick={props.onClose}>
          {t('qaDash.drill.close')}
        </button>
      </div>
      {props.rows.length === 0 ? (
        <p className="muted">{t('qaDash.drill.empty')}</p>
      ) : (
        <div className="qa-drill__scroll">
          <table className="qa-table qa-table--drill">
            <thead>
              {table.getHeaderGroups().map((g) => (
                <tr key={g.id}>
                  {g.headers.map((h) => (
                    <th key={h.id} scope="col">
                      <table.FlexRender header={h} />
                    </th>
                  ))}
                  <th scope="col">
                    <span className="visually-hidden">{t('qaDash.drill.action')}</span>
                  </th>
                </tr>
              ))}
            </thead>
            <tbody>
              {table.getRowModel().rows.map((row) => (
                <tr
                  key={row.id}
                  data-testid="qa-drill-row"
                  data-case-id={row.original.caseId}
                  className={row.original.agree ? undefined : 'is-disagreement'}
                >
                  {row.getAllCells().map((cell) => (
                    <td key={cell.id}>
                      <FlexRender cell={cell} />
                    </td>
                  ))}
                  <td>
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => props.onOpenCase(row.original.caseId)}
                    >
                      {t('qaDash.drill.open')}
                      <span className="visually-hidden"> {row.original.externalId}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
