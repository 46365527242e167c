import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A chart with its text alternative: the caption summarises it in words, and the same numbers are
 * in a table (collapsed by default). The SVG itself is hidden from assistive technology, which
 * would otherwise read out axis ticks one by one.
 */
export function ChartCard(props: {
  title: string;
  caption: string;
  actions?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
  testId?: string;
  wide?: boolean;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const captionId = useId();
  return (
    <figure
      className={`qa-card${props.wide ? ' qa-card--wide' : ''}`}
      aria-labelledby={titleId}
      aria-describedby={captionId}
      data-testid={props.testId}
    >
      <div className="qa-card__head">
        <h2 className="qa-card__title" id={titleId}>
          {props.title}
        </h2>
        {props.actions}
      </div>
      <figcaption className="qa-card__caption" id={captionId}>
        {props.caption}
      </figcaption>
      <div className="qa-card__chart" aria-hidden="true">
        {props.chart}
      </div>
      <details className="qa-card__data">
        <summary>{t('qaDash.showTable')}</summary>
        {props.table}
      </details>
    </figure>
  );
}

/** Legend labels in the text colour: recharts colours them like their series, which fails contrast for light series. */
export function legendText(value: string): ReactNode {
  return <span style={{ color: 'var(--text-2)' }}>{value}</span>;
}
