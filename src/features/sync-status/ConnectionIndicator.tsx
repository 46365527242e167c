import { useTranslation } from 'react-i18next';
import { useConnection } from '../../data/appInfo';
import { StatusDot } from '../../ui/StatusDot';
import { connectionDetail, toneFor } from './connectionView';

/** Header chip: where the backend connection stands, with the full sentence as a tooltip. */
export function ConnectionIndicator() {
  const { t } = useTranslation();
  const connection = useConnection();
  const status = connection?.status ?? 'not_configured';
  const detail = connectionDetail(connection);
  return (
    <div
      className="chip"
      data-testid="connection-state"
      data-status={status}
      title={t(detail.key, detail.values)}
      aria-label={`${t('connection.label')}: ${t(`connection.${status}`)}`}
    >
      <StatusDot tone={toneFor(status)} />
      <span>{t(`connection.${status}`)}</span>
    </div>
  );
}

export function ConnectionSentence() {
  const { t } = useTranslation();
  const detail = connectionDetail(useConnection());
  return <span data-testid="connection-detail">{t(detail.key, detail.values)}</span>;
}
