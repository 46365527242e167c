import './badges.css';
import { useTranslation } from 'react-i18next';
import { useNow } from './clock';
import { compactSpan, formatDateTime } from './format';
import { leaseTone, slaTone } from './tones';

/** Time left to the SLA deadline, or past it; re-rendered once a minute by the shared clock. */
export function SlaCell({ dueAtMs }: { dueAtMs: number }) {
  const { t, i18n } = useTranslation();
  const now = useNow(60_000);
  const left = dueAtMs - now;
  return (
    <span className={`countdown countdown--${slaTone(dueAtMs, now)}`} title={formatDateTime(dueAtMs, i18n.language)}>
      {left < 0 ? t('workstation.overdue', { span: compactSpan(left) }) : t('workstation.left', { span: compactSpan(left) })}
    </span>
  );
}

/** Time left on the claim's lease, to the second; "no lease" when the case is not claimed. */
export function LeaseCell({ atMs }: { atMs: number | null }) {
  const { t, i18n } = useTranslation();
  const now = useNow(1000);
  if (atMs === null) return <span className="countdown countdown--idle">{t('workstation.noLease')}</span>;
  const left = atMs - now;
  return (
    <span className={`countdown countdown--${leaseTone(atMs, now)}`} title={formatDateTime(atMs, i18n.language)}>
      {left <= 0 ? t('workstation.leaseLost') : compactSpan(left)}
    </span>
  );
}
