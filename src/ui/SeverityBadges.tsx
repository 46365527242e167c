import './badges.css';
import { useTranslation } from 'react-i18next';

/** Counts per severity as compact badges; a zero count is not shown, an all-zero row says so. */
export function SeverityBadges({ counts }: { counts: { critical: number; warn: number; info: number } }) {
  const { t } = useTranslation();
  const parts = (['critical', 'warn', 'info'] as const).filter((s) => counts[s] > 0);
  if (parts.length === 0) return <span className="sev-none">{t('workstation.severities.none')}</span>;
  return (
    <span className="sev-badges">
      {parts.map((s) => (
        <span key={s} className={`sev-badge sev-badge--${s}`} title={t(`workstation.severities.${s}`)}>
          <span className="sev-badge__dot" aria-hidden="true" />
          <span className="visually-hidden">{t(`workstation.severities.${s}`)} </span>
          {counts[s]}
        </span>
      ))}
    </span>
  );
}
