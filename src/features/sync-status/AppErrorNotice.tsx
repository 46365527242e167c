import './syncStatus.css';
import { useTranslation } from 'react-i18next';
import { dismissAppError, useAppError } from '../../data/ops';

/**
 * Main (or the browser-mode host) caught an error nothing else handled: it is logged, and the app goes
 * on. Said here, once, with where the log is, rather than failing silently.
 */
export function AppErrorNotice() {
  const { t } = useTranslation();
  const notice = useAppError();
  if (!notice) return null;
  return (
    <div className="app-error-notice" role="alert" data-testid="app-error-notice">
      <p className="app-error-notice__text">
        {t('appError.text', { message: notice.message })}
        {notice.logFile && <span className="muted"> {t('appError.logs', { path: notice.logFile })}</span>}
      </p>
      <button type="button" className="button button--small" onClick={dismissAppError}>
        {t('appError.dismiss')}
      </button>
    </div>
  );
}
