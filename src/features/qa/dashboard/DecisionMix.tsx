import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { VERDICTS, type ComplaintKind } from '@common/domain';
import { activeIndexOf } from './chartEvents';
import { ChartCard, legendText } from './ChartCard';
import type { MixRow } from './dashboardModel';
import { AXIS_TICK, COLORS, kindLabel, pct, verdictLabel } from './format';

/** Verdicts per complaint kind, stacked; a click lists the re-reviewed pairs of that kind. */
export function DecisionMix({ rows, onDrill }: { rows: MixRow[]; onDrill: (kind: ComplaintKind) => void }) {
  const { t, i18n } = useTranslation();
  const total = rows.reduce((s, r) => s + r.total, 0);
  const upheld = rows.reduce((s, r) => s + r.upheld, 0);
  const data = rows.map((r) => ({ ...r, label: kindLabel(r.kind, i18n.language) }));
  return (
    <ChartCard
      testId="qa-mix"
      title={t('qaDash.mix.title')}
      caption={
        total === 0
          ? t('qaDash.noData')
          : t('qaDash.mix.caption', { total, kinds: rows.length, upheld: pct(upheld / total) })
      }
      chart={
        <ResponsiveContainer width="100%" height={Math.max(140, rows.length * 26 + 60)}>
          <BarChart
            layout="vertical"
            data={data}
            margin={{ top: 4, right: 16, bottom: 0, left: 8 }}
            accessibilityLayer={false}
            onClick={(state) => {
              const r = rows[activeIndexOf(state) ?? -1];
              if (r) onDrill(r.kind);
            }}
          >
            <CartesianGrid stroke={COLORS.grid} horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} stroke={COLORS.grid} />
            <YAxis
              type="category"
              dataKey="label"
              tick={AXIS_TICK}
              width={110}
              interval={0}
              stroke={COLORS.grid}
            />
            <Tooltip
              contentStyle={{
                background: 'var(--surface)',
                border: '1px solid var(--border)',
                color: 'var(--text)',
              }}
            />
            <Legend itemSorter={null} formatter={legendText} wrapperStyle={{ fontSize: 12 }} />
            {VERDICTS.map((v) => (
              <Bar
                key={v}
                dataKey={v}
                name={verdictLabel(v, i18n.language)}
                stackId="mix"
                fill={COLORS.verdict[v]}
                isAnimationActive={false}
                cursor="pointer"
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <table className="qa-table">
          <thead>
            <tr>
              <th scope="col">{t('qaDash.mix.kind')}</th>
              {VERDICTS.map((v) => (
                <th key={v} scope="col">
                  {verdictLabel(v, i18n.language)}
                </th>
              ))}
              <th scope="col">{t('qaDash.mix.total')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('qaDash.drill.action')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.map((r) => (
              <tr key={r.kind}>
                <th scope="row">{r.label}</th>
                {VERDICTS.map((v) => (
                  <td key={v} className="num">
                    {r[v]}
                  </td>
                ))}
                <td className="num">{r.total}</td>
                <td>
                  <button type="button" className="button button--small" onClick={() => onDrill(r.kind)}>
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
