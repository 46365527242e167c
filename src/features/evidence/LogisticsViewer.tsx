import './evidence.css';
import { useTranslation } from 'react-i18next';
import type { CaseBundle } from '@common/domain';
import { durationText, formatDateTime } from '../../ui/format';
import { EvidenceItem } from './EvidenceItem';
import { expectedWeightG, routeCities, scanRows } from './logisticsModel';

/**
 * Traces as timelines. Which scans are anomalous is not decided here: a scan is marked when a
 * finding of the assessment on screen points at it (EvidenceItem), with that finding's title.
 */
export function LogisticsViewer({ bundle }: { bundle: CaseBundle }) {
  const { t, i18n } = useTranslation();
  if (bundle.traces.length === 0) return <p className="viewer-empty">{t('evidence.noTraces')}</p>;
  const traces = [...bundle.traces].sort((a, b) => (a.direction === b.direction ? 0 : a.direction === 'outbound' ? -1 : 1));
  return (
    <div className="logistics" data-testid="viewer-logistics">
      {traces.map((trace) => {
        const expected = expectedWeightG(trace, bundle);
        return (
          <EvidenceItem key={`${trace.trackingNumber}-${trace.orderId}`} refKey={`trace:${trace.trackingNumber}`} className="trace">
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
              {scanRows(trace).map(({ event, gapMs }) => (
                <EvidenceItem as="li" key={event.seq} refKey={`trace_event:${trace.trackingNumber}:${event.seq}`} className={`scan scan--${event.status}`}>
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
