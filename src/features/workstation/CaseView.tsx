import '../../ui/casePage.css';
import '../../ui/badges.css';
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KIND_LABELS, STATUS_LABELS, type CaseBundle, type CaseStatus } from '@common/domain';
import type { Policy } from '@common/policy';
import { CODE_LABELS, type Assessment, type Finding } from '@common/rules';
import { caseOrder } from '../../app/caseOrder';
import { KeyHint } from '../../app/commands/KeyHint';
import { focusRegion, KEY_REGION_ATTR, setContexts, useCommand, useCommands } from '../../app/commands/runtime';
import { closeCase, openCase } from '../../app/router';
import { useGoverningPolicy } from '../../data/policies';
import { prefetchPrecedents } from '../../data/precedentsRepo';
import { prefetchBundles, useBundle, useCaseRow } from '../../data/queries';
import type { BundleRow, CaseRow } from '../../data/rows';
import { AnomalyContext, anomaliesOf } from '../../ui/anomalies';
import { LeaseCell, SlaCell } from '../../ui/Countdowns';
import { countByList } from '../../data/evidenceDiff';
import { refKey, setNewEvidence } from '../../ui/evidenceHighlight';
import { PaneBoundary } from '../../ui/PaneBoundary';
import { formatDateTime, formatFen, relativeTime } from '../../ui/format';
import { assessmentOf, DecisionPanel, decisionUi, liveAssessment, sameFindings, toggleCitation, useDecisionFocused, useDraft, type LiveAssessment } from '../decision';
import { CASE_TABS, ChatViewer, evidenceUi, LivestreamViewer, LogisticsViewer, MediaViewer, primaryTab, ReviewViewer, useJump, useSelectedFinding, useTab, type Tab } from '../evidence';
import { HistoryPanes } from '../history';
import { PrecedentsPanel } from '../precedents';
import { queueActions } from '../queue';
import { TimelineView } from '../timeline';
import { LinksPanel } from './clusters/LinksPanel';
import { QaNotices } from './QaNotices';
import { ShipByFact } from './ShipByFact';
import { firstTab, stepTab, tabCount } from './tabs';


export function CaseView({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const row = useCaseRow(caseId);
  const bundle = useBundle(caseId);
  // The keyboard contexts belong to the case view, not to one case's body: the body is remounted
  // for every case (and absent while a bundle is read), and a key pressed in that gap must still
  // reach "next case". Set in the commit (layout effects), before any later key can arrive.
  const focused = useDecisionFocused();
  useLayoutEffect(() => setContexts(focused ? ['decision', 'case'] : ['case']), [focused]);
  useLayoutEffect(() => () => setContexts([]), []);
  useCommand('case.back', closeCase);
  useCommand('case.next', () => {
    const id = caseOrder.neighbour(caseId, 1);
    if (id) openCase(id);
  });
  useCommand('case.prev', () => {
    const id = caseOrder.neighbour(caseId, -1);
    if (id) openCase(id);
  });
  // Every case opens at the top (its parties, amount, SLA and eligibility on screen), whatever the
  // last one was scrolled to; and a key pressed next acts on this case, not on a control left focused.
  useLayoutEffect(() => {
    document.querySelector('[data-scroll-root]')?.scrollTo({ top: 0 });
    const active = document.activeElement;
    if (!(active instanceof HTMLElement) || active === document.body || !active.isConnected) focusRegion(null);
  }, [caseId]);
  // The decision form starts empty for this case in the commit itself: the keys are read by a window
  // listener, outside React's events, so a passive effect could run after the first verdict key and
  // wipe it (the workstation bench lost a verdict pressed right after the case appeared).
  useLayoutEffect(() => decisionUi.openCase(caseId), [caseId]);
  useEffect(() => queueActions.select(caseId), [caseId]);
  // Once this case is on screen, read the ones j, k and "commit and next" would open, and the one
  // after next: an arbitrator skimming with j presses it again before this read would be done.
  const loaded = row != null && bundle?.row != null;
  useEffect(() => {
    if (!loaded) return;
    const ahead = [...caseOrder.neighbours(caseId, [1, -1, 2]), caseOrder.nextOpen(caseId)];
    prefetchBundles(ahead);
    prefetchPrecedents(ahead);
  }, [caseId, loaded]);

  if (row === undefined || bundle === undefined) return null;
  if (row === null || bundle.row === null) {
    return (
      <section className="page" data-testid="page-case">
        <p className="form-error" role="alert">
          {bundle.error ?? t('workstation.caseMissing')}
        </p>
        <button type="button" className="button" onClick={closeCase}>
          {t('workstation.backToQueue')}
        </button>
      </section>
    );
  }
  return <CaseLoaded key={caseId} row={row} bundleRow={bundle.row} />;
}

/** The tab that shows an evidence item, from its ref key's type (`call:…` → chat). */
function tabOfKey(key: string): Tab {
  const type = key.slice(0, key.indexOf(':'));
  if (type === 'trace' || type === 'trace_event') return 'logistics';
  if (type === 'review') return 'review';
  if (type === 'session' || type === 'excerpt' || type === 'spec' || type === 'segment') return 'livestream';
  if (type === 'chat' || type === 'call') return 'chat';
  if (type === 'media') return 'media';
  return 'history';
}

/** Marks the re-assessment in the page's performance timeline (the workstation bench reads it). */
export const REASSESS_MEASURE = 'gavel:reassess';

/**
 * The case as the workstation judges it: `common/rules` under the governing policy at `at`, with
 * what appeared or went since the server's stored assessment. Without the governing policy on this
 * machine yet, the server's assessment is shown as it is.
 */
function useLiveAssessment(bundleRow: BundleRow, policy: Policy | null, at: number): LiveAssessment {
  return useMemo(() => {
    const stored = [...bundleRow.eligibility, ...bundleRow.findings];
    if (!policy) {
      const a = assessmentOf(bundleRow.findings, bundleRow.eligibility, '');
      return { assessment: a, all: stored, appeared: new Set(), gone: [] };
    }
    const t0 = performance.now();
    const live = liveAssessment(bundleRow.bundle, policy, at, stored);
    performance.measure(REASSESS_MEASURE, { start: t0, end: performance.now() });
    return live;
  }, [bundleRow, policy, at]);
}

function CaseLoaded({ row, bundleRow }: { row: CaseRow; bundleRow: BundleRow }) {
  const { t } = useTranslation();
  const b = bundleRow.bundle;
  const tab = useTab();
  const governing = useGoverningPolicy(row);
  const policy = governing && 'policy' in governing ? governing.policy : null;
  // Assessed when the case opens, and again at commit (DecisionPanel asks through `reassess`).
  const [at, setAt] = useState(() => Date.now());
  const live = useLiveAssessment(bundleRow, policy, at);
  const all: Finding[] = live.all;
  const reassess = useCallback((): Assessment => {
    const now = Date.now();
    const fresh = policy ? liveAssessment(b, policy, now, []).assessment : live.assessment;
    // The case is drawn again only when the findings moved (then the panel must show what the
    // decision is judged against). Redrawn on every commit, the whole case view rendered in the
    // keystroke's own task, ahead of the decision's write (docs/performance.md).
    if (!sameFindings(fresh, live.assessment)) setAt(now);
    return fresh;
  }, [b, policy, live.assessment]);
  const anomalies = useMemo(() => anomaliesOf(all, policy), [all, policy]);
  const newKeys = row.newKeys;
  useEffect(() => {
    evidenceUi.reset(firstTab(b));
  }, [b]);
  useEffect(() => {
    setNewEvidence(newKeys ?? []);
    return () => setNewEvidence([]);
  }, [newKeys]);
  const newByTab = new Map<Tab, number>();
  for (const k of newKeys ?? []) newByTab.set(tabOfKey(k), (newByTab.get(tabOfKey(k)) ?? 0) + 1);

  const jumpTo = (i: number) => {
    const f = all[i];
    if (!f) return;
    evidenceUi.jumpTo(i, primaryTab(f.refs), f.refs.map(refKey));
  };
  const findingCommands: Record<string, () => void> = {};
  for (let n = 1; n <= 9; n++) findingCommands[`case.finding.${n}`] = () => jumpTo(n - 1);
  useCommands(findingCommands);
  useCommand('case.nextTab', () => evidenceUi.setTab(stepTab(b, evidenceUi.getTab(), 1)));
  useCommand('case.prevTab', () => evidenceUi.setTab(stepTab(b, evidenceUi.getTab(), -1)));
  useCommand('case.history', () => evidenceUi.setTab('history'));
  useCommand('case.revealMedia', () => evidenceUi.revealAll(b.media.map((m) => m.id)));
  useCommand('case.cite', () => {
    const i = evidenceUi.getSelectedFinding();
    const f = i === null ? undefined : all[i];
    if (f) decisionUi.setCited(toggleCitation(decisionUi.get().draft.cited, f, refKey));
  });

  return (
    <section
      className="case-page"
      aria-labelledby="case-title"
      data-testid="page-case"
      data-case-id={row.id}
      data-kind={row.kind}
      tabIndex={-1}
      {...{ [KEY_REGION_ATTR]: 'case' }}
    >
      <CaseHeader row={row} bundle={b} eligibility={live.assessment.eligibility} />
      <QaNotices caseId={row.id} />
      {newKeys && newKeys.length > 0 && (
        <p className="new-evidence" role="status" data-testid="new-evidence" data-count={newKeys.length}>
          {t('workstation.newEvidence', {
            since: row.newSince ?? '?',
            lists: Object.entries(countByList(newKeys))
              .map(([list, count]) => t(`evidence.lists.${list}`, { count }))
              .join(t('workstation.listSeparator')),
          })}
        </p>
      )}
      {governing && 'missing' in governing && (
        <p className="form-error" role="alert" data-testid="policy-missing">
          {t('workstation.policyMissing', { version: governing.missing })}
        </p>
      )}
      <div className="case-body">
        <div className="case-main">
          <FindingsList findings={all} appeared={live.appeared} gone={live.gone} since={bundleRow.assessedAt ?? null} onJump={jumpTo} />
          <PaneBoundary pane="precedents" resetKey={row.id}>
            <PrecedentsPanel caseId={row.id} kind={row.kind} policy={policy} />
          </PaneBoundary>
          <PaneBoundary pane="links" resetKey={row.id}>
            <LinksPanel caseId={row.id} kind={row.kind} externalId={row.externalId} />
          </PaneBoundary>
          <div className="tabs" role="tablist" aria-label={t('evidence.tabs')}>
            {CASE_TABS.map((id) => (
              <button
                key={id}
                type="button"
                role="tab"
                id={`tab-${id}`}
                aria-selected={tab === id}
                aria-controls="evidence-panel"
                className={`tab${id !== 'timeline' && tabCount(b, id) === 0 ? ' tab--empty' : ''}`}
                onClick={() => evidenceUi.setTab(id)}
                data-testid={`tab-${id}`}
              >
                {t(`evidence.tab.${id}`)}
                {id !== 'timeline' && <span className="tab__count">{tabCount(b, id)}</span>}
                {id !== 'timeline' && (newByTab.get(id) ?? 0) > 0 && (
                  <span className="tab__new" data-testid={`tab-new-${id}`}>
                    +{newByTab.get(id)}
                  </span>
                )}
              </button>
            ))}
          </div>
          <AnomalyContext.Provider value={anomalies}>
          <div className="evidence-panel" role="tabpanel" id="evidence-panel" aria-labelledby={`tab-${tab}`}>
            <JumpScroller />
            {/* Each viewer fails alone: the tabs, the findings and the decision panel stay usable. */}
            <PaneBoundary pane={tab === 'history' ? 'history' : `viewer.${tab}`} resetKey={`${row.id}:${tab}`}>
              {tab === 'logistics' && <LogisticsViewer bundle={b} />}
              {tab === 'review' && <ReviewViewer bundle={b} />}
              {tab === 'livestream' && <LivestreamViewer bundle={b} />}
              {tab === 'chat' && <ChatViewer bundle={b} />}
              {tab === 'media' && <MediaViewer caseId={row.id} bundle={b} />}
              {tab === 'history' && <HistoryPanes bundle={b} />}
              {tab === 'timeline' && <TimelineView caseId={row.id} kind={row.kind} policy={policy} />}
            </PaneBoundary>
          </div>
          </AnomalyContext.Provider>
        </div>
        <PaneBoundary pane="decision" resetKey={row.id}>
          <DecisionPanel caseRow={row} bundleRow={bundleRow} policy={policy} assessment={live.assessment} reassess={reassess} />
        </PaneBoundary>
      </div>
    </section>
  );
}

/** After a jump, scroll the first highlighted item into view once the tab has rendered it. */
function JumpScroller() {
  const jump = useJump();
  const tab = useTab();
  useEffect(() => {
    if (jump === 0) return;
    const el = document.querySelector<HTMLElement>('.evidence-panel [data-hit="true"]');
    el?.scrollIntoView({ block: 'center' });
  }, [jump, tab]);
  return null;
}

function CaseHeader({ row, bundle, eligibility }: { row: CaseRow; bundle: CaseBundle; eligibility: Finding[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const party = (id: string) => bundle.parties.find((p) => p.id === id);
  const c = bundle.case;
  const status = STATUS_LABELS[row.status as CaseStatus] as { zh: string; en: string } | undefined;
  return (
    <header className="case-head">
      <div className="case-head__title">
        <button type="button" className="button button--small" onClick={closeCase} aria-label={t('workstation.backToQueue')}>
          ← <KeyHint command="case.back" />
        </button>
        <span className="kind-pill">{KIND_LABELS[row.kind][lang]}</span>
        <h1 id="case-title" className="case-head__h1" translate="no">
          {c.title ?? row.externalId}
        </h1>
        <span className="mono muted">{row.externalId}</span>
        <span className={`local-pill local-pill--${row.local}`}>{t(`workstation.locals.${row.local}`)}</span>
        <span className="muted">{status ? status[lang] : t(`workstation.extraStatus.${row.status === 'escalated' ? 'escalated' : 'unknown'}`)}</span>
      </div>
      <dl className="case-head__facts">
        <div>
          <dt>{t('workstation.complainant')}</dt>
          <dd>{party(c.complainantId)?.displayName ?? c.complainantId}</dd>
        </div>
        <div>
          <dt>{t('workstation.respondent')}</dt>
          <dd>{party(c.respondentId)?.displayName ?? c.respondentId}</dd>
        </div>
        {/* A review or a live session is not a payment: its complaint has no amount to show. */}
        {(c.subject.type === 'order' || row.amountFen > 0) && (
          <div data-testid="case-amount">
            <dt>{t('workstation.columns.amount')}</dt>
            <dd className="num">{formatFen(row.amountFen)}</dd>
          </div>
        )}
        <div>
          <dt>{t('workstation.filed')}</dt>
          <dd>
            {formatDateTime(row.filedAt, i18n.language)} <span className="muted">({relativeTime(Date.parse(row.filedAt), Date.now(), i18n.language)})</span>
          </dd>
        </div>
        <ShipByFact bundle={bundle} />
        <div>
          <dt>{t('workstation.columns.sla')}</dt>
          <dd>
            <SlaCell dueAtMs={row.dueAtMs} />
          </dd>
        </div>
        <div>
          <dt>{t('workstation.columns.lease')}</dt>
          <dd>
            <LeaseCell atMs={row.leaseExpiresAtMs} />
          </dd>
        </div>
        <div>
          <dt>{t('workstation.eligibility')}</dt>
          <dd className={eligibility.length ? 'tone-bad' : 'tone-ok'} data-testid="eligibility">
            {eligibility.length ? t('workstation.ineligible', { reasons: eligibility.map((f) => CODE_LABELS[f.code][lang]).join('、') }) : t('workstation.eligible')}
          </dd>
        </div>
      </dl>
      {c.complaintText && <p className="case-head__complaint">{c.complaintText}</p>}
    </header>
  );
}

function FindingsList({ findings, appeared, gone, since, onJump }: { findings: Finding[]; appeared: ReadonlySet<Finding>; gone: readonly Finding[]; since: string | null; onJump: (i: number) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const selected = useSelectedFinding();
  const draft = useDraft();
  const cited = new Set(draft.cited.map(refKey));
  const sinceText = since ? formatDateTime(since, i18n.language) : t('workstation.theImport');
  const goneList = gone.length > 0 && (
    <ul className="findings-gone" aria-label={t('workstation.goneSince', { since: sinceText })} data-testid="findings-gone">
      {gone.map((f, i) => (
        <li key={`${f.code}-${i}`} className="finding--gone" title={lang === 'en' ? f.message_en : f.message_zh}>
          <span className="tag">{t('workstation.goneTag')}</span> <s>{CODE_LABELS[f.code][lang]}</s>{' '}
          <span className="muted small">{t('workstation.goneSince', { since: sinceText })}</span>
        </li>
      ))}
    </ul>
  );
  if (findings.length === 0)
    return (
      <>
        <p className="findings findings--none muted">{t('workstation.noFindings')}</p>
        {goneList}
      </>
    );
  return (
    <>
    <ol className="findings" aria-label={t('workstation.findings')} data-testid="findings">
      {findings.map((f, i) => {
        const isCited = f.refs.length > 0 && f.refs.every((r) => cited.has(refKey(r)));
        return (
          <li key={`${f.code}-${i}`}>
            <button type="button" className={`finding finding--${f.severity}${selected === i ? ' is-selected' : ''}`} aria-current={selected === i || undefined} onClick={() => onJump(i)} data-testid="finding">
              {i < 9 && <KeyHint command={`case.finding.${i + 1}`} />}
              <span className={`sev-badge sev-badge--${f.severity}`}>{t(`workstation.severities.${f.severity}`)}</span>
              <span className="finding__code">{CODE_LABELS[f.code][lang]}</span>
              <span className="finding__msg">{lang === 'en' ? f.message_en : f.message_zh}</span>
              {appeared.has(f) && (
                <span className="tag tag--new" title={t('workstation.appearedSince', { since: sinceText })} data-testid="finding-appeared">
                  {t('workstation.appearedTag')}
                </span>
              )}
              {isCited && <span className="tag">{t('decision.citedTag')}</span>}
            </button>
          </li>
        );
      })}
    </ol>
    {goneList}
    </>
  );
}
