import { useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTranslation } from 'react-i18next';
import { proportion } from '@common/qa';
import { SegmentedControl } from '../../../ui/SegmentedControl';
import { activeIndexOf } from './chartEvents';
import { ChartCard } from './ChartCard';
import type { SlaPoint } from './dashboardModel';
import { AXIS_TICK, COLORS, pct } from './format';

type Mode = 'week' | 'arbitrator';

/** Share of decisions made by the SLA deadline, per week or per arbitrator, with Wilson whiskers. */
export function SlaAdherence(props: {
  byWeek: SlaPoint[];
  byArbitrator: SlaPoint[];
  onDrillArbitrator: (id: string, label: string) => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('week');
  const points = mode === 'week' ? props.byWeek : props.byArbitrator;
  const all = proportion(
    props.byWeek.reduce((s, p) => s + p.onTime.successes, 0),
    props.byWeek.reduce((s, p) => s + p.n, 0),
  );
  const drill = (p: SlaPoint | undefined) => {
    if (p && mode === 'arbitrator') props.onDrillArbitrator(p.key, p.label);
  };
  return (
    <ChartCard
      testId="qa-sla"
      title={t('qaDash.sla.title')}
      caption={
        all.n === 0
          ? t('qaDash.noData')
          : t('qaDash.sla.caption', {
              share: pct(all.value, 1),
              n: all.n,
              lower: pct(all.interval?.lower ?? null, 1),
              upper: pct(all.interval?.upper ?? null, 1),
            })
      }
      actions={
        <SegmentedControl<Mode>
          label={t('qaDash.sla.mode')}
          value={mode}
          onChange={setMode}
          options={[
            { value: 'week', label: t('qaDash.sla.byWeek') },
            { value: 'arbitrator', label: t('qaDash.sla.byArbitrator') },
          ]}
        />
      }
      chart={
        <ResponsiveContainer width="100%" height={240}>
          <BarChart
            data={points}
            margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
            accessibilityLayer={false}
            onClick={(s) => drill(points[activeIndexOf(s) ?? -1])}
          >
            <CartesianGrid stroke={COLORS.grid} vertical={false} />
            <XAxis
              dataKey="label"
              tick={AXIS_TICK}
              interval={0}
              tickFormatter={(l: string) => (mode === 'week' ? l.slice(5) : l)}
              stroke={COLORS.grid}
            />
            <YAxis
              domain={[0, 1]}
              tick={AXIS_TICK}
              tickFormatter={(v: number) => pct(v)}
              stroke={COLORS.grid}
              width={44}
            />
            <ReferenceLine y={all.value ?? 0} stroke={COLORS.axis} strokeDasharray="3 3" />
            <Tooltip
              formatter={(_v, _n, item) => {
                const p = item.payload as SlaPoint;
                return [`${pct(p.share, 1)} (${p.onTime.successes}/${p.n})`, t('qaDash.sla.onTime')];
              }}
              contentStyle={{
                background: 'var(--surface)',
                border: '1px solid var(--border)',
                color: 'var(--text)',
              }}
            />
            <Bar
              dataKey="share"
              fill={COLORS.agreement}
              isAnimationActive={false}
              cursor={mode === 'arbitrator' ? 'pointer' : 'default'}
              maxBarSize={36}
            >
              <ErrorBar dataKey="error" width={4} stroke={COLORS.axis} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <table className="qa-table">
          <thead>
            <tr>
              <th scope="col">{mode === 'week' ? t('qaDash.weekly.week') : t('qaDash.forest.arbitrator')}</th>
              <th scope="col">{t('qaDash.sla.decisions')}</th>
              <th scope="col">{t('qaDash.sla.onTime')}</th>
              <th scope="col">{t('qaDash.sla.share')}</th>
              <th scope="col">{t('qaDash.ci95')}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.key}>
                <th scope="row">{p.label}</th>
                <td className="num">{p.n}</td>
                <td className="num">{p.onTime.successes}</td>
                <td className="num">{pct(p.share, 1)}</td>
                <td className="num">
                  {p.onTime.interval
                    ? `${pct(p.onTime.interval.lower, 1)}–${pct(p.onTime.interval.upper, 1)}`
                    : '–'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
