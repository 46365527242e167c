import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PaneBoundary } from '../../../ui/PaneBoundary';
import { buildCalibrationPack, pairsToCsv, type DecisionFact, type ReviewPair } from '@common/qa';
import { AgreementOverTime } from './AgreementOverTime';
import { buildDashboardModel, drillPairs, type DrillTarget, type ForestRow } from './dashboardModel';
import { DecisionMix } from './DecisionMix';
import { downloadText, exportFileName } from './download';
import { DrillTable } from './DrillTable';
import { kindLabel, num, pct, range } from './format';
import { GoldenAndErrors } from './GoldenAndErrors';
import { KappaForest } from './KappaForest';
import { SlaAdherence } from './SlaAdherence';
import './dashboard.css';

export type QaDashboardProps = {
  /** Re-reviewed and golden pairs to analyse (already filtered to what the supervisor may see). */
  pairs: ReviewPair[];
  /** Decisions for the decision-mix and SLA charts. */
  decisions: DecisionFact[];
  /** Called with a case id when a drill-down row's "Open" is pressed. */
  onOpenCase: (caseId: string) => void;
  /** Clock for export file names and the pack's generatedAt (tests pass a fixed one). */
  now?: () => Date;
};

/** Supervisor QA dashboard: agreement over time, κ per arbitrator and kind, decision mix, SLA, golden accuracy, errors. */
export function QaDashboard({ pairs, decisions, onOpenCase, now = () => new Date() }: QaDashboardProps) {
  const { t, i18n } = useTranslation();
  const model = useMemo(() => buildDashboardModel(pairs, decisions), [pairs, decisions]);
  const [target, setTarget] = useState<DrillTarget | null>(null);
  const drillRows = useMemo(() => (target ? drillPairs(pairs, target) : []), [pairs, target]);

  const drillTitle = (d: DrillTarget): string => {
    switch (d.type) {
      case 'arbitrator':
        return t('qaDash.drill.arbitrator', { name: d.label });
      case 'kind':
        return t('qaDash.drill.kind', { kind: kindLabel(d.kind, i18n.language) });
      case 'week':
        return t('qaDash.drill.week', { week: d.week });
      case 'error':
        return t(d.golden ? 'qaDash.drill.errorGolden' : 'qaDash.drill.error', {
          error: t(`qaDash.errors.${d.error}`),
        });
      case 'golden':
        return t('qaDash.drill.goldenAll');
      case 'disagreements':
        return t('qaDash.drill.disagreements');
    }
  };

  const exportCsv = () =>
    downloadText(exportFileName('qa-pairs', now(), 'csv'), pairsToCsv(pairs), 'text/csv;charset=utf-8');
  const exportPack = () => {
    const at = now();
    const pack = buildCalibrationPack(pairs, at.toISOString());
    downloadText(
      exportFileName('calibration-pack', at, 'json'),
      `${JSON.stringify(pack, null, 2)}\n`,
      'application/json',
    );
  };

  if (pairs.length === 0 && decisions.length === 0) {
    return (
      <div className="qa-dashboard" data-testid="qa-dashboard">
        <p className="muted">{t('qaDash.empty')}</p>
      </div>
    );
  }

  const overall = model.overall;
  const onArbitrator = (r: ForestRow) => setTarget({ type: 'arbitrator', id: r.key, label: r.label });
  return (
    <div className="qa-dashboard" data-testid="qa-dashboard">
      <div className="qa-dashboard__bar">
        <dl className="qa-stats" aria-label={t('qaDash.summary.label')}>
          <Stat label={t('qaDash.summary.reviewed')} value={String(model.counts.reviewed)} />
          <Stat
            label={t('qaDash.summary.agreement')}
            value={pct(overall.verdictAgreement.value, 1)}
            sub={
              overall.verdictAgreement.interval
                ? t('qaDash.ciRange', {
                    lower: pct(overall.verdictAgreement.interval.lower, 1),
                    upper: pct(overall.verdictAgreement.interval.upper, 1),
                    n: overall.n,
                  })
                : undefined
            }
          />
          <Stat
            label={t('qaDash.summary.kappa')}
            value={overall.kappa.kappa === null ? t('qaDash.na') : num(overall.kappa.kappa)}
            sub={
              overall.kappa.kappa === null
                ? t(`qaDash.reasons.${overall.kappa.reason ?? 'no_items'}`)
                : `${t('qaDash.ci95')} ${range(overall.kappa.interval ? [overall.kappa.interval.lower, overall.kappa.interval.upper] : null, false)}`
            }
          />
          <Stat label={t('qaDash.summary.fullAgreement')} value={pct(overall.fullAgreement.value, 1)} />
          <Stat label={t('qaDash.summary.golden')} value={String(model.counts.golden)} />
          <Stat label={t('qaDash.summary.decisions')} value={String(model.counts.decisions)} />
        </dl>
        <div className="qa-dashboard__actions">
          <button
            type="button"
            className="button button--small"
            onClick={() => setTarget({ type: 'disagreements' })}
            disabled={model.counts.disagreements === 0}
          >
            {t('qaDash.summary.disagreements', { count: model.counts.disagreements })}
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={exportCsv}
            disabled={pairs.length === 0}
            data-testid="qa-export-csv"
          >
            {t('qaDash.export.csv')}
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={exportPack}
            disabled={model.counts.disagreements === 0}
            data-testid="qa-export-pack"
          >
            {t('qaDash.export.pack')}
          </button>
        </div>
      </div>

      {target && (
        <DrillTable
          title={drillTitle(target)}
          rows={drillRows}
          onOpenCase={onOpenCase}
          onClose={() => setTarget(null)}
        />
      )}

      <div className="qa-grid">
        <PaneBoundary pane="qaCard">
          <AgreementOverTime weeks={model.weekly} onDrill={(week) => setTarget({ type: 'week', week })} />
        </PaneBoundary>
        <PaneBoundary pane="qaCard">
          <KappaForest
            testId="qa-forest-arbitrator"
            title={t('qaDash.forest.titleArbitrator')}
            groupHeader={t('qaDash.forest.arbitrator')}
            rows={model.arbitrators}
            onDrill={onArbitrator}
          />
        </PaneBoundary>
        <PaneBoundary pane="qaCard">
          <KappaForest
            testId="qa-forest-kind"
            title={t('qaDash.forest.titleKind')}
            groupHeader={t('qaDash.mix.kind')}
            rows={model.kinds.map((r) => ({
              ...r,
              label: kindLabel(r.key as ReviewPair['kind'], i18n.language),
            }))}
            onDrill={(r) => setTarget({ type: 'kind', kind: r.key as ReviewPair['kind'] })}
          />
        </PaneBoundary>
        <PaneBoundary pane="qaCard">
          <DecisionMix rows={model.decisionMix} onDrill={(kind) => setTarget({ type: 'kind', kind })} />
        </PaneBoundary>
        <PaneBoundary pane="qaCard">
          <SlaAdherence
            byWeek={model.slaByWeek}
            byArbitrator={model.slaByArbitrator}
            onDrillArbitrator={(id, label) => setTarget({ type: 'arbitrator', id, label })}
          />
        </PaneBoundary>
        <PaneBoundary pane="qaCard">
          <GoldenAndErrors
            golden={model.golden}
            errors={model.errors}
            onDrillError={(error, golden) => setTarget({ type: 'error', error, golden })}
            onDrillGolden={() => setTarget({ type: 'golden' })}
          />
        </PaneBoundary>
      </div>
    </div>
  );
}

function Stat({ label, value, sub }: { label: string; value: string; sub?: string | undefined }) {
  return (
    <div className="qa-stat">
      <dt className="qa-stat__label">{label}</dt>
      <dd className="qa-stat__value num">{value}</dd>
      {sub && <dd className="qa-stat__sub num">{sub}</dd>}
    </div>
  );
}
