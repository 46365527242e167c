import './workstation.css';
import { useTranslation } from 'react-i18next';
import { REMEDY_LABELS, VERDICT_LABELS } from '@common/domain';
import { useQaNotices } from '../../data/qaQueries';
import { formatDateTime } from '../../ui/format';

/** On an arbitrator's case: a supervisor's feedback on the decision, or its override. */
export function QaNotices({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const notices = useQaNotices(caseId);
  if (!notices || notices.length === 0) return null;
  return (
    <section className="qa-notices" aria-label={t('qa.notices.title')} data-testid="qa-notices">
      {notices.map((n) => (
        <div key={n.id} className={`qa-notice qa-notice--${n.type}`} data-testid={`qa-notice-${n.type}`}>
          <strong>{t(`qa.notices.${n.type}`, { name: n.byName })}</strong> <span className="muted small">{formatDateTime(n.at, i18n.language)}</span>
          <p>{n.note}</p>
          {n.type === 'override' && n.decision && n.previous && (
            <p className="small">
              {t('qa.notices.changed', {
                from: VERDICT_LABELS[n.previous.verdict][lang],
                to: VERDICT_LABELS[n.decision.verdict][lang],
                remedies: n.decision.remedies.map((r) => REMEDY_LABELS[r][lang]).join('、'),
              })}
            </p>
          )}
        </div>
      ))}
    </section>
  );
}
