import './syncStatus.css';
import { useTranslation } from 'react-i18next';
import { useStartup } from '../../data/ops';

/**
 * Standalone mode's first start: the embedded backend imports the demo cases before the first claim,
 * which takes a while; this says what is happening and how far it got, instead of only "connecting".
 * Nothing once the backend is ready (or when a real backend is configured).
 */
export function StartupProgress() {
  const { t } = useTranslation();
  const startup = useStartup();
  if (!startup || startup.phase === 'ready') return null;
  if (startup.phase === 'failed') {
    return (
      <div className="startup-progress startup-progress--failed" role="alert" data-testid="startup-progress" data-phase="failed">
        <p className="startup-progress__title">{t('startup.failed')}</p>
        {startup.detail && <p className="startup-progress__detail mono">{startup.detail}</p>}
      </div>
    );
  }
  const seeding = startup.phase === 'seeding' && startup.total > 0;
  const percent = seeding ? Math.min(100, Math.round((startup.done / startup.total) * 100)) : null;
  return (
    <div className="startup-progress" role="status" aria-live="polite" data-testid="startup-progress" data-phase={startup.phase}>
      <p className="startup-progress__title">{t(`startup.${startup.phase}`, { done: startup.done, total: startup.total })}</p>
      {percent !== null ? (
        <progress className="startup-progress__bar" max={startup.total} value={startup.done} aria-label={t('startup.seedingLabel')}>
          {percent}%
        </progress>
      ) : (
        <progress className="startup-progress__bar" aria-label={t('startup.working')} />
      )}
      <p className="startup-progress__hint">{t('startup.hint')}</p>
    </div>
  );
}
