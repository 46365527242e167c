import '../../../ui/casePage.css';
import '../../../ui/badges.css';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CODE_LABELS, type Finding } from '@common/rules';
import { useCommand } from '../../../app/commands/runtime';
import { useGoverningPolicy } from '../../../data/policies';
import { assessmentFindings, type QaItemRow } from '../../../data/rows';
import { AnomalyContext, anomaliesOf } from '../../../ui/anomalies';
import { ChatViewer, LivestreamViewer, LogisticsViewer, MediaViewer, ReviewViewer, TABS, type Tab } from '../../evidence';
import { HistoryPanes } from '../../history';

/** The findings and the evidence tabs, as the arbitrator saw them. */
export function BlindEvidence({ item }: { item: QaItemRow }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const b = item.case.bundle;
  const all: Finding[] = useMemo(() => {
    const { findings, eligibility } = assessmentFindings(item.case.assessment);
    return [...eligibility, ...findings];
  }, [item.case.assessment]);
  const governing = useGoverningPolicy(item.case);
  const anomalies = useMemo(() => anomaliesOf(all, governing && 'policy' in governing ? governing.policy : null), [all, governing]);
  const [tab, setTab] = useState<Tab>(b.traces.length ? 'logistics' : b.reviews.length ? 'review' : b.sessions.length || b.excerpts.length ? 'livestream' : b.chats.length || b.calls.length ? 'chat' : 'history');
  useCommand('case.nextTab', () => setTab((x) => TABS[(TABS.indexOf(x) + 1) % TABS.length]!));
  useCommand('case.prevTab', () => setTab((x) => TABS[(TABS.indexOf(x) + TABS.length - 1) % TABS.length]!));
  useCommand('case.history', () => setTab('history'));
  return (
    <>
      {all.length === 0 ? (
        <p className="findings findings--none muted">{t('workstation.noFindings')}</p>
      ) : (
        <ol className="findings" aria-label={t('workstation.findings')}>
          {all.map((f, i) => (
            <li key={`${f.code}-${i}`}>
              <div className={`finding finding--${f.severity}`}>
                <span className={`sev-badge sev-badge--${f.severity}`}>{t(`workstation.severities.${f.severity}`)}</span>
                <span className="finding__code">{CODE_LABELS[f.code][lang]}</span>
                <span className="finding__msg">{lang === 'en' ? f.message_en : f.message_zh}</span>
              </div>
            </li>
          ))}
        </ol>
      )}
      <div className="tabs" role="tablist" aria-label={t('evidence.tabs')}>
        {TABS.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className="tab" onClick={() => setTab(id)}>
            {t(`evidence.tab.${id}`)}
          </button>
        ))}
      </div>
      <AnomalyContext.Provider value={anomalies}>
      <div className="evidence-panel" role="tabpanel">
        {tab === 'logistics' && <LogisticsViewer bundle={b} />}
        {tab === 'review' && <ReviewViewer bundle={b} />}
        {tab === 'livestream' && <LivestreamViewer bundle={b} />}
        {tab === 'chat' && <ChatViewer bundle={b} />}
        {tab === 'media' && <MediaViewer caseId={item.caseId} bundle={b} />}
        {tab === 'history' && <HistoryPanes bundle={b} />}
      </div>
      </AnomalyContext.Provider>
    </>
  );
}
