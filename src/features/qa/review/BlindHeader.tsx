import '../../../ui/casePage.css';
import '../../../ui/badges.css';
import { useTranslation } from 'react-i18next';
import { KIND_LABELS } from '@common/domain';
import { KeyHint } from '../../../app/commands/KeyHint';
import type { QaItemRow } from '../../../data/rows';
import { formatDateTime } from '../../../ui/format';
import { qaUi } from '../qaStore';

/** The case as the arbitrator filed it, without who decided it or how. */
export function BlindHeader({ item }: { item: QaItemRow }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const b = item.case.bundle;
  const party = (id: string) => b.parties.find((p) => p.id === id)?.displayName ?? id;
  return (
    <header className="case-head">
      <div className="case-head__title">
        <button type="button" className="button button--small" onClick={qaUi.close} aria-label={t('qa.backToList')}>
          ← <KeyHint command="case.back" />
        </button>
        <span className="kind-pill">{KIND_LABELS[item.kind][lang]}</span>
        <h1 id="case-title" className="case-head__h1">
          {b.case.title ?? item.externalId}
        </h1>
        <span className="mono muted">{item.externalId}</span>
        <span className="tag">{t('qa.blind')}</span>
        <span className="muted">{item.planName}</span>
      </div>
      <dl className="case-head__facts">
        <div>
          <dt>{t('workstation.complainant')}</dt>
          <dd>{party(b.case.complainantId)}</dd>
        </div>
        <div>
          <dt>{t('workstation.respondent')}</dt>
          <dd>{party(b.case.respondentId)}</dd>
        </div>
        <div>
          <dt>{t('workstation.filed')}</dt>
          <dd>{formatDateTime(b.case.filedAt, i18n.language)}</dd>
        </div>
      </dl>
      {b.case.complaintText && <p className="case-head__complaint">{b.case.complaintText}</p>}
    </header>
  );
}
