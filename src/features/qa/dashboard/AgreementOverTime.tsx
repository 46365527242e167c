import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTranslation } from 'react-i18next';
import { ChartCard, legendText } from './ChartCard';
import type { WeekPoint } from './dashboardModel';
import { AXIS_TICK, COLORS, num, pct, range, unitAxis } from './format';
import { activeIndexOf } from './chartEvents';

/** Weekly verdict agreement and κ (lines, left axis) over the number of re-reviews (bars, right axis). */
export function AgreementOverTime({
  weeks,
  onDrill,
}: {
  weeks: WeekPoint[];
  onDrill: (week: string) => void;
}) {
  const { t } = useTranslation();
  const last = weeks.at(-1);
  const caption = last
    ? t('qaDash.weekly.caption', {
        weeks: weeks.length,
        week: last.week,
        agreement: pct(last.agreement),
        kappa: last.kappa === null ? t('qaDash.na') : num(last.kappa),
        n: last.n,
      })
    : t('qaDash.noData');
  const axis = unitAxis(Math.min(0, ...weeks.map((w) => w.kappa ?? 0)));
  return (
    <ChartCard
      wide
      testId="qa-weekly"
      title={t('qaDash.weekly.title')}
      caption={caption}
      chart={
        <ResponsiveContainer width="100%" height={260}>
          <ComposedChart
            data={weeks}
            margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
            accessibilityLayer={false}
            onClick={(state) => {
              const w = weeks[activeIndexOf(state) ?? -1];
              if (w) onDrill(w.week);
            }}
          >
            <CartesianGrid stroke={COLORS.grid} vertical={false} />
            <XAxis
              dataKey="week"
              tick={AXIS_TICK}
              tickFormatter={(w: string) => w.slice(5)}
              stroke={COLORS.grid}
            />
            <YAxis
              yAxisId="rate"
              domain={axis.domain}
              ticks={axis.ticks}
              tick={AXIS_TICK}
              tickFormatter={(v: number) => num(v, 1)}
              stroke={COLORS.grid}
              width={40}
            />
            <YAxis
              yAxisId="n"
              orientation="right"
              allowDecimals={false}
              tick={AXIS_TICK}
              stroke={COLORS.grid}
              width={36}
            />
            <Tooltip
              formatter={(value, name) =>
                name === t('qaDash.weekly.n')
                  ? String(value)
                  : name === t('qaDash.weekly.agreement')
                    ? pct(value as number)
                    : num(value as number)
              }
              contentStyle={{
                background: 'var(--surface)',
                border: '1px solid var(--border)',
                color: 'var(--text)',
              }}
            />
            <Legend itemSorter={null} formatter={legendText} wrapperStyle={{ fontSize: 12 }} />
            <Bar
              yAxisId="n"
              dataKey="n"
              name={t('qaDash.weekly.n')}
              fill={COLORS.volume}
              barSize={18}
              isAnimationActive={false}
              cursor="pointer"
            />
            <Line
              yAxisId="rate"
              dataKey="agreement"
              name={t('qaDash.weekly.agreement')}
              stroke={COLORS.agreement}
              strokeWidth={2}
              dot={{ r: 3 }}
              isAnimationActive={false}
            />
            <Line
              yAxisId="rate"
              dataKey="kappa"
              name={t('qaDash.weekly.kappa')}
              stroke={COLORS.kappa}
              strokeWidth={2}
              dot={{ r: 3 }}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      }
      table={
        <table className="qa-table">
          <thead>
            <tr>
              <th scope="col">{t('qaDash.weekly.week')}</th>
              <th scope="col">{t('qaDash.weekly.n')}</th>
              <th scope="col">{t('qaDash.weekly.agreement')}</th>
              <th scope="col">{t('qaDash.ci95')}</th>
              <th scope="col">{t('qaDash.weekly.kappa')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('qaDash.drill.action')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr key={w.week}>
                <th scope="row">{w.week}</th>
                <td className="num">{w.n}</td>
                <td className="num">{pct(w.agreement)}</td>
                <td className="num">{range(w.agreementInterval, true)}</td>
                <td className="num">
                  {w.kappa === null
                    ? `${t('qaDash.na')} (${t(`qaDash.reasons.${w.kappaReason ?? 'no_items'}`)})`
                    : num(w.kappa)}
                </td>
                <td>
                  <button type="button" className="button button--small" onClick={() => onDrill(w.week)}>
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
