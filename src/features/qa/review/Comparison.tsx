import '../../../ui/panel.css';
import '../qa.css';
import { useTranslation } from 'react-i18next';
import { REMEDY_LABELS, VERDICT_LABELS } from '@common/domain';

import type { QaDecisionFacts } from '@common/qa';
import { useGoverningPolicy } from '../../../data/policies';
import type { QaItemRow } from '../../../data/rows';
import { GoldenForm } from './GoldenForm';
import { OverrideForm } from './OverrideForm';

/** After the review: both decisions side by side, what agrees, the feedback, and an override. */
export function Comparison({ item }: { item: QaItemRow }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const c = item.comparison!;
  const governing = useGoverningPolicy(item.case);
  const reasonLabel = (code: string) => {
    const rc = governing && 'policy' in governing ? governing.policy.reasonCodes[item.kind].find((r) => r.code === code) : undefined;
    return rc ? (lang === 'en' ? rc.en : rc.zh) : code;
  };
  const facts = (f: QaDecisionFacts) => ({
    verdict: VERDICT_LABELS[f.verdict][lang],
    remedies: f.remedies.map((r) => REMEDY_LABELS[r][lang]).join('、') || '—',
    reasonCodes: f.reasonCodes.map(reasonLabel).join('、') || '—',
  });
  const o = facts(c.original);
  const r = facts(c.review);
  const rows: Array<{ key: 'verdict' | 'remedies' | 'reasonCodes'; agrees: boolean }> = [
    { key: 'verdict', agrees: c.verdictAgrees },
    { key: 'remedies', agrees: c.remediesAgree },
    { key: 'reasonCodes', agrees: c.reasonCodesAgree },
  ];
  return (
    <aside className="decision qa-compare" aria-label={t('qa.comparison')} data-testid="qa-comparison">
      <header className="decision__head">
        <h2>{t('qa.comparison')}</h2>
        <span className="muted">{t('qa.comparedWith', { name: c.arbitratorName })}</span>
      </header>
      <table className="qa-table qa-compare__table">
        <thead>
          <tr>
            <th />
            <th>{t('qa.original')}</th>
            <th>{t('qa.yours')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, agrees }) => (
            <tr key={key} data-testid={`qa-compare-${key}`} data-agrees={agrees}>
              <th scope="row">{t(`qa.facts.${key}`)}</th>
              <td>{o[key]}</td>
              <td>{r[key]}</td>
              <td className={agrees ? 'tone-ok' : 'tone-bad'}>{agrees ? t('qa.agree') : t('qa.disagree')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="decision__section">
        <div className="legend">{t('qa.feedback')}</div>
        <p data-testid="qa-feedback-shown">{c.feedback || <span className="muted">{t('qa.noFeedback')}</span>}</p>
      </div>
      <p className="muted small">{t('qa.afterKeys')}</p>
      <OverrideForm item={item} />
      <GoldenForm item={item} />
    </aside>
  );
}
