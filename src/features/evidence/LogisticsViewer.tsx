import './evidence.css';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CaseBundle } from '@common/domain';
import { DEFAULT_POLICY } from '@common/policy';
import { useNow } from '../../ui/clock';
import { durationText, formatDateTime } from '../../ui/format';
import { EvidenceItem } from './EvidenceItem';
import { expectedWeightG, routeCities, scanRows, type ScanAnomaly } from './logisticsModel';

export function LogisticsViewer({ bundle }: { bundle: CaseBundle }) {
  const { t, i18n } = useTranslation();
  const now = useNow(60_000);
  if (bundle.traces.length === 0) return <p className="viewer-empty">{t('evidence.noTraces')}</p>;
  const traces = [...bundle.traces].sort((a, b) => (a.direction === b.direction ? 0 : a.direction === 'outbound' ? -1 : 1));
  return (
    <div className="logistics" data-testid="viewer-logistics">
      {traces.map((trace) => {
        const expected = expectedWeightG(trace, bundle);
        const rows = scanRows(trace, expected, DEFAULT_POLICY.thresholds, now);
        return (
          <EvidenceItem key={trace.trackingNumber} refKey={`trace:${trace.trackingNumber}`} className="trace">
            <header className="trace__head">
              <span className={`dir-pill dir-pill--${trace.direction}`}>{t(`evidence.direction.${trace.direction}`)}</span>
              <strong>{trace.carrier}</strong>
              <span className="mono">{trace.trackingNumber}</span>
              <span className="trace__meta">
                {t('evidence.order')} <span className="mono">{trace.orderId}</span>
                {trace.declaredWeightG !== undefined && <> · {t('evidence.declared', { g: trace.declaredWeightG })}</>}
                {expected !== null && <> · {t('evidence.expected', { g: expected })}</>}
              </span>
            </header>
            <ol className="route-strip" aria-label={t('evidence.route')}>
              {routeCities(trace).map((c, i) => (
                <li key={`${c}-${i}`}>{c}</li>
              ))}
            </ol>
            <ol className="timeline">
              {rows.map(({ event, gapMs, anomalies }) => (
                <EvidenceItem as="li" key={event.seq} refKey={`trace_event:${trace.trackingNumber}:${event.seq}`} className={`scan scan--${event.status}${anomalies.length ? ' scan--anomaly' : ''}`}>
                  <span className="scan__dot" aria-hidden="true" />
                  <div className="scan__main">
                    <div className="scan__line">
                      <span className="scan__time">{formatDateTime(event.at, i18n.language)}</span>
                      <span className="scan__city">{event.city}</span>
                      <span className="scan__status">{t(`evidence.status.${event.status}`)}</span>
                      {event.weightGrams !== undefined && <span className="scan__weight">{event.weightGrams} g</span>}
                      <span className="scan__seq mono">#{event.seq}</span>
                    </div>
                    {event.description && <div className="scan__desc">{event.description}</div>}
                    {anomalies.map((a, i) => (
                      <div key={i} className="anomaly" role="note">
                        {anomalyText(a, t)}
                      </div>
                    ))}
                  </div>
                  {gapMs !== null && <span className="scan__gap">{gapMs < 0 ? `−${durationText(gapMs)}` : `+${durationText(gapMs)}`}</span>}
                </EvidenceItem>
              ))}
            </ol>
          </EvidenceItem>
        );
      })}
    </div>
  );
}

function anomalyText(a: ScanAnomaly, t: TFunction): string {
  switch (a.kind) {
    case 'impossible_transit':
      return t('evidence.anomaly.transit', { from: a.fromCity, speed: a.speedKmh === 'instant' ? '∞' : a.speedKmh });
    case 'weight_shortfall':
      return t('evidence.anomaly.weight', { measured: a.measuredG, expected: a.expectedG, percent: a.percent });
    case 'delivered_before_pickup':
      return t('evidence.anomaly.beforePickup');
    case 'time_backwards':
      return t('evidence.anomaly.backwards');
    case 'no_movement':
      return t('evidence.anomaly.noMovement', { hours: a.idleHours });
  }
}
