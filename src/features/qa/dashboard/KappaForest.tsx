import {
  CartesianGrid,
  ComposedChart,
  ErrorBar,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTranslation } from 'react-i18next';
import { activeIndexOf } from './chartEvents';
import { ChartCard } from './ChartCard';
import type { ForestRow } from './dashboardModel';
import { AXIS_TICK, COLORS, num, pct, range, unitAxis } from './format';

const ROW_H = 30;

/**
 * Forest plot: one row per group, κ as a point with its 95% interval as whiskers. Groups where κ is
 * undefined keep their row (labelled n/a with the reason) so nobody silently drops out of the chart.
 */
export function KappaForest(props: {
  title: string;
  groupHeader: string;
  rows: ForestRow[];
  onDrill: (row: ForestRow) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const { rows } = props;
  const defined = rows.filter((r) => r.kappa !== null);
  // The axis spans the data: every point and whisker, negative κ included.
  const axis = unitAxis(defined.reduce((m, r) => Math.min(m, r.kappa ?? 0, r.interval?.[0] ?? 0), 0));
  const worst = [...defined].sort((a, b) => (a.kappa ?? 0) - (b.kappa ?? 0))[0];
  const caption =
    rows.length === 0
      ? t('qaDash.noData')
      : t('qaDash.forest.caption', {
          count: rows.length,
          na: rows.length - defined.length,
          worst: worst
            ? `${worst.label} (${num(worst.kappa)}, ${range(worst.interval, false)})`
            : t('qaDash.na'),
        });
  const data = rows.map((r) => ({
    ...r,
    display: r.kappa === null ? `${r.label} · ${t('qaDash.na')}` : r.label,
  }));
  return (
    <ChartCard
      testId={props.testId}
      title={props.title}
      caption={caption}
      chart={
        <ResponsiveContainer width="100%" height={Math.max(120, rows.length * ROW_H + 40)}>
          <ComposedChart
            layout="vertical"
            data={data}
            margin={{ top: 4, right: 16, bottom: 0, left: 8 }}
            accessibilityLayer={false}
            onClick={(state) => {
              const r = rows[activeIndexOf(state) ?? -1];
              if (r) props.onDrill(r);
            }}
          >
            <CartesianGrid stroke={COLORS.grid} horizontal={false} />
            <XAxis
              type="number"
              domain={axis.domain}
              ticks={axis.ticks}
              tick={AXIS_TICK}
              tickFormatter={(v: number) => num(v, 1)}
              stroke={COLORS.grid}
            />
            <YAxis
              type="category"
              dataKey="display"
              padding={{ top: 14, bottom: 14 }}
              tick={AXIS_TICK}
              width={120}
              stroke={COLORS.grid}
              interval={0}
            />
            <ReferenceLine x={0} stroke={COLORS.axis} strokeDasharray="3 3" />
            <Tooltip
              formatter={(_v, _n, item) => {
                const r = item.payload as ForestRow;
                return [`${num(r.kappa)} (${range(r.interval, false)}), n = ${r.n}`, 'κ'];
              }}
              contentStyle={{
                background: 'var(--surface)',
                border: '1px solid var(--border)',
                color: 'var(--text)',
              }}
            />
            <Line
              dataKey="kappa"
              stroke="none"
              dot={{ r: 5, fill: COLORS.kappa, stroke: COLORS.kappa }}
              activeDot={{ r: 6 }}
              isAnimationActive={false}
              cursor="pointer"
            >
              <ErrorBar
                dataKey="kappaError"
                direction="x"
                width={6}
                stroke={COLORS.kappa}
                strokeWidth={1.5}
              />
            </Line>
          </ComposedChart>
        </ResponsiveContainer>
      }
      table={
        <table className="qa-table">
          <thead>
            <tr>
              <th scope="col">{props.groupHeader}</th>
              <th scope="col">n</th>
              <th scope="col">{t('qaDash.summary.agreement')}</th>
              <th scope="col">κ</th>
              <th scope="col">{t('qaDash.forest.analytic')}</th>
              <th scope="col">{t('qaDash.forest.bootstrap')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('qaDash.drill.action')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td className="num">{r.n}</td>
                <td className="num">{pct(r.agreement.value)}</td>
                <td className="num">
                  {r.kappa === null
                    ? `${t('qaDash.na')} (${t(`qaDash.reasons.${r.reason ?? 'no_items'}`)})`
                    : num(r.kappa)}
                </td>
                <td className="num">{range(r.interval, false)}</td>
                <td className="num">{range(r.bootstrap, false)}</td>
                <td>
                  <button type="button" className="button button--small" onClick={() => props.onDrill(r)}>
                    {t('qaDash.drill.show')}
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
