import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KIND_LABELS, REMEDY_LABELS, VERDICT_LABELS, VERDICTS, type Verdict } from '@common/domain';
import { DEFAULT_POLICY } from '@common/policy';
import type { QaDecisionFacts } from '@common/qa';
import { CODE_LABELS, type Finding } from '@common/rules';
import { setContexts, useCommand, useCommands } from '../../app/commands/runtime';
import { appDb } from '../../data/db';
import { qaBackend, useQaItem, useQaItems } from '../../data/qaQueries';
import { recordQaReview } from '../../data/qaRepo';
import { assessmentFindings, type QaItemRow } from '../../data/rows';
import { syncNow } from '../../sync/syncStore';
import { formatDateTime } from '../../ui/format';
import { ChatViewer, LivestreamViewer, LogisticsViewer, MediaViewer, ReviewViewer, TABS, type Tab } from '../evidence';
import { reasonOptions, remedyOptions } from '../decision/decisionModel';
import { HistoryPanes } from '../history/HistoryPanes';
import { neighbour, reviewProblems } from './qaModel';
import { qaUi, useQaMessage, useReviewBusy, useReviewDraft, useReviewFocused, useReviewShowProblems } from './qaStore';

const VERDICT_KEYS: Record<Verdict, string> = { upheld: 'Y', partially_upheld: 'P', rejected: 'N' };

/** One blind re-review: the case without its decision, the review panel, then the comparison. */
export function QaReview({ itemId }: { itemId: string }) {
  const { t } = useTranslation();
  const item = useQaItem(itemId);
  const items = useQaItems();
  const focused = useReviewFocused();
  const ids = (items ?? []).map((i) => i.itemId);
  useLayoutEffect(() => setContexts(focused ? ['decision', 'case'] : ['case']), [focused]);
  useCommand('case.back', qaUi.close);
  useCommand('case.next', () => {
    const id = neighbour(ids, itemId, 1);
    if (id && id !== itemId) qaUi.openItem(id);
  });
  useCommand('case.prev', () => {
    const id = neighbour(ids, itemId, -1);
    if (id && id !== itemId) qaUi.openItem(id);
  });
  if (item === undefined) return null;
  if (item === null)
    return (
      <section className="page" data-testid="qa-review">
        <p className="form-error" role="alert">
          {t('qa.itemMissing')}
        </p>
      </section>
    );
  return (
    <section className="case-page qa-review" aria-labelledby="case-title" data-testid="qa-review" data-item-id={item.itemId} data-kind={item.kind} data-state={item.local}>
      <BlindHeader item={item} />
      <div className="case-body">
        <div className="case-main">
          <BlindEvidence item={item} />
        </div>
        {item.local === 'reviewed' && item.comparison ? <Comparison item={item} /> : <ReviewPanel key={item.itemId} item={item} />}
      </div>
    </section>
  );
}

function BlindHeader({ item }: { item: QaItemRow }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const b = item.case.bundle;
  const party = (id: string) => b.parties.find((p) => p.id === id)?.displayName ?? id;
  return (
    <header className="case-head">
      <div className="case-head__title">
        <button type="button" className="button button--small" onClick={qaUi.close} aria-label={t('qa.backToList')}>
          ← <kbd>Esc</kbd>
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

function BlindEvidence({ item }: { item: QaItemRow }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const b = item.case.bundle;
  const { findings, eligibility } = assessmentFindings(item.case.assessment);
  const all: Finding[] = [...eligibility, ...findings];
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
      <div className="evidence-panel" role="tabpanel">
        {tab === 'logistics' && <LogisticsViewer bundle={b} />}
        {tab === 'review' && <ReviewViewer bundle={b} />}
        {tab === 'livestream' && <LivestreamViewer bundle={b} findings={all} />}
        {tab === 'chat' && <ChatViewer bundle={b} />}
        {tab === 'media' && <MediaViewer caseId={item.caseId} bundle={b} />}
        {tab === 'history' && <HistoryPanes bundle={b} />}
      </div>
    </>
  );
}

/** The same keys as the arbitrator's decision panel: Y/P/N, D then digits and ⇧digits, M, Ctrl+Enter. */
function ReviewPanel({ item }: { item: QaItemRow }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const draft = useReviewDraft();
  const focused = useReviewFocused();
  const showProblems = useReviewShowProblems();
  const busy = useReviewBusy();
  const message = useQaMessage();
  const panelRef = useRef<HTMLElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const reasons = reasonOptions(DEFAULT_POLICY, item.kind);
  const remedies = remedyOptions(DEFAULT_POLICY, item.kind);
  const locked = item.local === 'pending' || busy;
  const { problems } = reviewProblems(draft, item.case, DEFAULT_POLICY);
  // A refused review is shown with what was sent, so it can be corrected and sent again.
  useEffect(() => {
    if (item.local === 'rejected' && item.review && qaUi.get().draft.verdict === null) {
      qaUi.setVerdict(item.review.verdict);
      for (const r of item.review.reasonCodes) qaUi.toggleReason(r);
      for (const r of item.review.remedies) qaUi.toggleRemedy(r);
      qaUi.setFeedback(item.feedback);
    }
  }, [item]);

  const commit = async () => {
    if (locked) return;
    const d = qaUi.get().draft;
    const built = reviewProblems(d, item.case, DEFAULT_POLICY);
    if (!built.facts || built.problems.length) {
      qaUi.setShowProblems(true);
      return;
    }
    qaUi.setBusy(true);
    try {
      await recordQaReview(appDb(), item.itemId, built.facts, d.feedback);
      qaUi.setFocused(false);
      qaUi.setMessage(t('qa.saved', { id: item.externalId }));
      // Online, the comparison comes back with the push; offline it comes with the next sync.
      void syncNow().catch(() => undefined);
    } catch (e) {
      qaUi.setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      qaUi.setBusy(false);
    }
  };
  const enabled = !locked;
  useCommand('decision.upheld', () => qaUi.setVerdict('upheld'), enabled);
  useCommand('decision.partial', () => qaUi.setVerdict('partially_upheld'), enabled);
  useCommand('decision.rejected', () => qaUi.setVerdict('rejected'), enabled);
  useCommand('decision.commit', () => void commit(), enabled);
  useCommand(
    'decision.focus',
    () => {
      qaUi.setFocused(true);
      panelRef.current?.focus();
    },
    enabled,
  );
  useCommand('decision.leave', () => qaUi.setFocused(false));
  useCommand('decision.note', () => noteRef.current?.focus(), enabled);
  const numbered: Record<string, () => void> = {};
  for (let n = 1; n <= 9; n++) {
    numbered[`decision.reason.${n}`] = () => {
      const rc = reasons[n - 1];
      if (rc && !locked) qaUi.toggleReason(rc.code);
    };
    numbered[`decision.remedy.${n}`] = () => {
      const r = remedies[n - 1];
      if (r && !locked) qaUi.toggleRemedy(r);
    };
  }
  useCommands(numbered);

  return (
    <aside
      ref={panelRef}
      tabIndex={-1}
      className={`decision${focused ? ' is-focused' : ''}`}
      aria-label={t('qa.reviewTitle')}
      data-testid="qa-review-panel"
      onFocus={() => qaUi.setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) qaUi.setFocused(false);
      }}
    >
      <header className="decision__head">
        <h2>{t('qa.reviewTitle')}</h2>
        <span className="muted">{focused ? t('decision.modeOn') : t('decision.modeHint')}</span>
      </header>
      <p className="muted small">{t('qa.blindHint')}</p>
      {item.local === 'pending' && (
        <p className="decision__done" role="status" data-testid="qa-pending">
          {t('qa.pending')}
        </p>
      )}
      {item.local === 'rejected' && (
        <p className="form-error" role="alert" data-testid="qa-rejected">
          {t('qa.rejected', { reason: item.error ?? '' })}
        </p>
      )}
      <fieldset className="decision__section" disabled={locked}>
        <legend>{t('decision.verdict')}</legend>
        <div className="verdicts">
          {VERDICTS.map((v) => (
            <button key={v} type="button" className={`verdict verdict--${v}`} aria-pressed={(item.local === 'pending' ? item.review?.verdict : draft.verdict) === v} onClick={() => qaUi.setVerdict(v)} data-testid={`qa-verdict-${v}`}>
              <kbd>{VERDICT_KEYS[v]}</kbd>
              {VERDICT_LABELS[v][lang]}
            </button>
          ))}
        </div>
        {showProblems && <Problems list={problems.filter((p) => p.field === 'verdict')} />}
      </fieldset>
      <fieldset className="decision__section" disabled={locked}>
        <legend>{t('decision.reasons')}</legend>
        <ul className="options">
          {reasons.map((rc, i) => (
            <li key={rc.code}>
              <label className={`option${draft.verdict === null || rc.verdicts.includes(draft.verdict) ? '' : ' option--unfit'}`}>
                <input type="checkbox" checked={draft.reasonCodes.includes(rc.code)} onChange={() => qaUi.toggleReason(rc.code)} />
                {i < 9 && <kbd>{i + 1}</kbd>}
                <span>{lang === 'en' ? rc.en : rc.zh}</span>
              </label>
            </li>
          ))}
        </ul>
        {showProblems && <Problems list={problems.filter((p) => p.field.startsWith('reasonCodes'))} />}
      </fieldset>
      <fieldset className="decision__section" disabled={locked}>
        <legend>{t('decision.remedies')}</legend>
        <ul className="options options--inline">
          {remedies.map((r, i) => (
            <li key={r}>
              <label className="option">
                <input type="checkbox" checked={draft.remedies.includes(r)} onChange={() => qaUi.toggleRemedy(r)} />
                {i < 9 && <kbd>⇧{i + 1}</kbd>}
                <span>{REMEDY_LABELS[r][lang]}</span>
              </label>
            </li>
          ))}
        </ul>
        {showProblems && <Problems list={problems.filter((p) => p.field.startsWith('remedies'))} />}
      </fieldset>
      <fieldset className="decision__section" disabled={locked}>
        <legend>
          {t('qa.feedback')} <kbd>M</kbd>
        </legend>
        <textarea ref={noteRef} className="textarea" rows={3} value={draft.feedback} onChange={(e) => qaUi.setFeedback(e.target.value)} placeholder={t('qa.feedbackPlaceholder')} data-testid="qa-feedback" maxLength={4000} />
      </fieldset>
      <footer className="decision__foot">
        <button type="button" className="button button--primary" disabled={locked} onClick={() => void commit()} data-testid="qa-commit">
          {t('qa.commit')} <kbd>{t('decision.commitKey')}</kbd>
        </button>
        {message && (
          <p className="decision__message" role="status" data-testid="qa-message">
            {message}
          </p>
        )}
      </footer>
    </aside>
  );
}

function Problems({ list }: { list: { field: string; message: string }[] }) {
  if (list.length === 0) return null;
  return (
    <div role="alert">
      <ul className="problems">
        {list.map((p, i) => (
          <li key={i}>{p.message}</li>
        ))}
      </ul>
    </div>
  );
}

/** After the review: both decisions side by side, what agrees, the feedback, and an override. */
function Comparison({ item }: { item: QaItemRow }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const c = item.comparison!;
  const reasonLabel = (code: string) => {
    const rc = DEFAULT_POLICY.reasonCodes[item.kind].find((r) => r.code === code);
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

function OverrideForm({ item }: { item: QaItemRow }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{ busy: boolean; done: string | null; error: string | null }>({ busy: false, done: null, error: null });
  const clientId = useRef(crypto.randomUUID());
  const c = item.comparison!;
  if (c.verdictAgrees && c.remediesAgree && c.reasonCodesAgree) return null;
  const submit = async () => {
    if (!reason.trim() || state.busy) return;
    setState({ busy: true, done: null, error: null });
    try {
      const res = await qaBackend.override({ clientId: clientId.current, caseId: item.caseId, itemId: item.itemId, decision: { ...c.review, note: '' }, reason: reason.trim() });
      setState({ busy: false, done: t('qa.overridden', { id: item.externalId, version: res.caseVersion }), error: null });
    } catch (e) {
      setState({ busy: false, done: null, error: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <div className="decision__section" data-testid="qa-override">
      <div className="legend">{t('qa.override')}</div>
      <p className="muted small">{t('qa.overrideHint')}</p>
      <textarea className="textarea" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('qa.overrideReason')} disabled={state.done !== null} data-testid="qa-override-reason" maxLength={4000} />
      <button type="button" className="button button--danger" disabled={!reason.trim() || state.busy || state.done !== null} onClick={() => void submit()} data-testid="qa-override-submit">
        {t('qa.overrideSubmit')}
      </button>
      {state.done && (
        <p className="decision__message" role="status" data-testid="qa-override-done">
          {state.done}
        </p>
      )}
      {state.error && (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      )}
    </div>
  );
}

/** A reviewed case can become a golden case, with this review as its known answer. */
function GoldenForm({ item }: { item: QaItemRow }) {
  const { t } = useTranslation();
  const [rate, setRate] = useState('0.05');
  const [state, setState] = useState<{ busy: boolean; done: string | null; error: string | null }>({ busy: false, done: null, error: null });
  const c = item.comparison!;
  const submit = async () => {
    if (state.busy) return;
    setState({ busy: true, done: null, error: null });
    try {
      const g = await qaBackend.registerGolden({ caseId: item.caseId, answer: c.review, rate: Number(rate) });
      setState({ busy: false, done: t('qa.golden.registered', { pct: Math.round(g.rate * 1000) / 10 }), error: null });
    } catch (e) {
      const field = (e as { field?: string }).field;
      setState({ busy: false, done: null, error: `${e instanceof Error ? e.message : String(e)}${field ? ` (${field})` : ''}` });
    }
  };
  return (
    <div className="decision__section" data-testid="qa-golden-form">
      <div className="legend">{t('qa.golden.title')}</div>
      <p className="muted small">{t('qa.golden.hint')}</p>
      <label className="qa-field">
        <span>{t('qa.golden.rate')}</span>
        <input className="input qa-count" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} disabled={state.done !== null} />
      </label>
      <button type="button" className="button button--small" disabled={state.busy || state.done !== null} onClick={() => void submit()} data-testid="qa-golden-submit">
        {t('qa.golden.submit')}
      </button>
      {state.done && (
        <p className="decision__message" role="status">
          {state.done}
        </p>
      )}
      {state.error && (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      )}
    </div>
  );
}
