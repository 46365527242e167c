import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import {
  QA_ERROR_KINDS,
  type ErrorTaxonomy,
  type GoldenAccuracy,
  type Proportion,
  type QaErrorKind,
} from '@common/qa';
import { ChartCard, legendText } from './ChartCard';
import { AXIS_TICK, COLORS, pct } from './format';

/** Golden-case accuracy (Wilson intervals) and how re-reviews and golden cases went wrong. */
export function GoldenAndErrors(props: {
  golden: GoldenAccuracy;
  errors: ErrorTaxonomy;
  onDrillError: (error: QaErrorKind, golden: boolean) => void;
  onDrillGolden: () => void;
}) {
  const { t } = useTranslation();
  const { golden, errors } = props;
  const data = QA_ERROR_KINDS.map((e) => ({
    error: e,
    label: t(`qaDash.errors.${e}`),
    reviewed: errors[e],
    golden: golden.errors[e],
  }));
  const caption =
    t('qaDash.errors.caption', {
      n: errors.n,
      agree: errors.agree,
      verdict: errors.wrong_verdict,
      remedy: errors.wrong_remedy,
      reason: errors.wrong_reason,
    }) +
    ' ' +
    (golden.n === 0
      ? t('qaDash.golden.none')
      : t('qaDash.golden.caption', {
          n: golden.n,
          verdict: pct(golden.verdict.value),
          full: pct(golden.full.value),
        }));
  return (
    <ChartCard
      testId="qa-errors"
      title={t('qaDash.errors.title')}
      caption={caption}
      actions={
        <div className="qa-golden" data-testid="qa-golden">
          <GoldenStat label={t('qaDash.golden.verdict')} p={golden.verdict} onClick={props.onDrillGolden} />
          <GoldenStat label={t('qaDash.golden.full')} p={golden.full} onClick={props.onDrillGolden} />
        </div>
      }
      chart={
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke={COLORS.grid} vertical={false} />
            <XAxis dataKey="label" tick={AXIS_TICK} stroke={COLORS.grid} />
            <YAxis allowDecimals={false} tick={AXIS_TICK} stroke={COLORS.grid} width={36} />
            <Tooltip
              contentStyle={{
                background: 'var(--surface)',
                border: '1px solid var(--border)',
                color: 'var(--text)',
              }}
            />
            <Legend itemSorter={null} formatter={legendText} wrapperStyle={{ fontSize: 12 }} />
            <Bar
              dataKey="reviewed"
              name={t('qaDash.errors.reviewed')}
              fill={COLORS.bad}
              isAnimationActive={false}
              cursor="pointer"
              maxBarSize={40}
              onClick={(d: { payload?: { error: QaErrorKind } }) =>
                d.payload && props.onDrillError(d.payload.error, false)
              }
            />
            <Bar
              dataKey="golden"
              name={t('qaDash.errors.golden')}
              fill={COLORS.verdict.partially_upheld}
              isAnimationActive={false}
              cursor="pointer"
              maxBarSize={40}
              onClick={(d: { payload?: { error: QaErrorKind } }) =>
                d.payload && props.onDrillError(d.payload.error, true)
              }
            />
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <table className="qa-table">
          <thead>
            <tr>
              <th scope="col">{t('qaDash.errors.kind')}</th>
              <th scope="col">{t('qaDash.errors.reviewed')}</th>
              <th scope="col">{t('qaDash.errors.golden')}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.error}>
                <th scope="row">{d.label}</th>
                <td className="num">
                  <button
                    type="button"
                    className="qa-link"
                    onClick={() => props.onDrillError(d.error, false)}
                  >
                    {d.reviewed}
                  </button>
                </td>
                <td className="num">
                  <button type="button" className="qa-link" onClick={() => props.onDrillError(d.error, true)}>
                    {d.golden}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

function GoldenStat({ label, p, onClick }: { label: string; p: Proportion; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="qa-stat qa-stat--button" onClick={onClick} disabled={p.n === 0}>
      <span className="qa-stat__label">{label}</span>
      <span className="qa-stat__value num">{pct(p.value, 1)}</span>
      <span className="qa-stat__sub num">
        {p.interval
          ? t('qaDash.ciRange', { lower: pct(p.interval.lower, 1), upper: pct(p.interval.upper, 1), n: p.n })
          : t('qaDash.golden.none')}
      </span>
    </button>
  );
}
