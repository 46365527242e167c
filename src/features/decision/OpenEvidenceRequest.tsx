import { useTranslation } from 'react-i18next';
import { EVIDENCE_CATEGORY_LABELS, type CaseBundle, type EvidenceRequest } from '@common/domain';
import { useNow } from '../../ui/clock';
import { formatDateTime } from '../../ui/format';
import { timeLeft } from './actionModel';
import { caseRoles } from './EvidenceRequestForm';

/**
 * The evidence request a case is waiting on: who was asked for what, the text they got, and the
 * time left to the deadline (counting down by the minute; overdue says so).
 */
export function OpenEvidenceRequest({ request, bundle, pending }: { request: EvidenceRequest; bundle: CaseBundle; pending: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const now = useNow(60_000);
  const dueMs = Date.parse(request.dueAt);
  const left = timeLeft(dueMs, now);
  const roles = caseRoles(bundle);
  const who = request.from === 'both' ? t('decision.request.both') : t(`decision.request.roles.${roles[request.from]}`);
  const span = t('decision.openRequest.span', { days: left.days, hours: left.hours, minutes: left.minutes });
  return (
    <div className="decision__section open-request" data-testid="open-request" data-due-at={request.dueAt}>
      <div className="legend">{t('decision.openRequest.title')}</div>
      <p className="small">
        {t('decision.openRequest.from', { who })}
        {request.categories.length > 0 && ` · ${request.categories.map((c) => EVIDENCE_CATEGORY_LABELS[c][lang]).join(t('keys.listSeparator'))}`}
      </p>
      <p className={left.overdue ? 'small tone-bad' : 'small'} data-testid="open-request-countdown">
        {t(left.overdue ? 'decision.openRequest.overdue' : 'decision.openRequest.left', { span, due: formatDateTime(dueMs, i18n.language) })}
      </p>
      {pending && (
        <p className="small muted" data-testid="open-request-pending">
          {t('decision.openRequest.pending')}
        </p>
      )}
      <blockquote className="request-text small" lang="zh-CN">
        {request.request}
      </blockquote>
    </div>
  );
}
