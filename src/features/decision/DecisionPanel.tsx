import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { REMEDY_LABELS, VERDICT_LABELS, VERDICTS, type Verdict } from '@common/domain';
import { DEFAULT_POLICY } from '@common/policy';
import { caseOrder, openNextOpen } from '../../app/caseOrder';
import { useCommand, useCommands } from '../../app/commands/runtime';
import { useAppInfo } from '../../data/appInfo';
import { appDb } from '../../data/db';
import { enqueueMutation, recordDecision } from '../../data/outboxRepo';
import { useUndoableDecisions } from '../../data/queries';
import type { BundleRow, CaseRow } from '../../data/rows';
import { refKey } from '../../ui/evidenceHighlight';
import { assessmentOf, buildDecision, problemSection, reasonOptions, remedyOptions } from './decisionModel';
import { decisionUi, useAction, useActionText, useBusy, useDecisionFocused, useDecisionMessage, useDraft, useShowProblems } from './decisionStore';

const VERDICT_KEYS: Record<Verdict, string> = { upheld: 'Y', partially_upheld: 'P', rejected: 'N' };
const TEMPLATE_KEYS = ['t1', 't2', 't3'] as const;

/** Keyboard-first decision: verdict, reason codes, remedies, note, citations; one key commits. */
export function DecisionPanel({ caseRow, bundleRow }: { caseRow: CaseRow; bundleRow: BundleRow }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const info = useAppInfo();
  const draft = useDraft();
  const focused = useDecisionFocused();
  const showProblems = useShowProblems();
  const action = useAction();
  const actionText = useActionText();
  const busy = useBusy();
  const message = useDecisionMessage();
  const undoable = useUndoableDecisions();
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const actionRef = useRef<HTMLTextAreaElement>(null);
  const panelRef = useRef<HTMLElement>(null);

  const kind = caseRow.kind;
  const reasons = reasonOptions(DEFAULT_POLICY, kind);
  const remedies = remedyOptions(DEFAULT_POLICY, kind);
  const assessment = useMemo(() => assessmentOf(bundleRow.findings, bundleRow.eligibility, DEFAULT_POLICY.version), [bundleRow]);
  const decided = caseRow.local !== 'open' || caseRow.status === 'decided';
  const userId = info?.user?.id ?? null;

  // Validation is recomputed from the draft on every render: it is cheap and always current.
  const built = buildDecision(draft, { bundle: bundleRow.bundle, assessment, policy: DEFAULT_POLICY, userId, now: new Date(), mutationId: 'preview' });
  const problems = built.problems;
  const sectionProblems = (section: string) => problems.filter((p) => problemSection(p.field) === section);

  const commit = async () => {
    if (busy || decided) return;
    if (action) return submitAction();
    const result = buildDecision(decisionUi.get().draft, { bundle: bundleRow.bundle, assessment, policy: DEFAULT_POLICY, userId, now: new Date(), mutationId: crypto.randomUUID() });
    if (!result.decision || result.problems.length) {
      decisionUi.setShowProblems(true);
      return;
    }
    // The write is started before the busy state re-renders the panel, so IndexedDB works on it
    // while React does.
    const saving = recordDecision(appDb(), caseRow.id, result.decision, new Date(), caseRow);
    decisionUi.setBusy(true);
    try {
      await saving;
      caseOrder.markDecided(caseRow.id);
      decisionUi.setMessage(t('decision.saved', { id: caseRow.externalId }));
      goNext();
    } catch (e) {
      decisionUi.setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      decisionUi.setBusy(false);
    }
  };

  const goNext = () => openNextOpen(caseRow.id);

  const submitAction = async () => {
    const text = decisionUi.get().actionText.trim();
    if (!text) return;
    decisionUi.setBusy(true);
    try {
      const clientId = crypto.randomUUID();
      if (action === 'escalate') await enqueueMutation(appDb(), { clientId, type: 'escalate', caseId: caseRow.id, reason: text });
      else if (action === 'request_evidence') {
        const dueAt = new Date(Date.now() + DEFAULT_POLICY.sla.merchantAnswerBusinessDays * 86_400_000).toISOString();
        await enqueueMutation(appDb(), { clientId, type: 'request_evidence', caseId: caseRow.id, from: 'both', request: text, dueAt });
      }
      caseOrder.markDecided(caseRow.id);
      decisionUi.setMessage(t(action === 'escalate' ? 'decision.escalated' : 'decision.requested', { id: caseRow.externalId }));
      decisionUi.startAction(null, '');
      goNext();
    } catch (e) {
      decisionUi.setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      decisionUi.setBusy(false);
    }
  };

  const release = async () => {
    if (busy) return;
    decisionUi.setBusy(true);
    try {
      await enqueueMutation(appDb(), { clientId: crypto.randomUUID(), type: 'release', caseId: caseRow.id });
      caseOrder.markDecided(caseRow.id);
      decisionUi.setMessage(t('decision.released', { id: caseRow.externalId }));
      goNext();
    } catch (e) {
      decisionUi.setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      decisionUi.setBusy(false);
    }
  };

  const setVerdict = (v: Verdict) => {
    if (!decided) decisionUi.setVerdict(v);
  };
  useCommand('decision.upheld', () => setVerdict('upheld'));
  useCommand('decision.partial', () => setVerdict('partially_upheld'));
  useCommand('decision.rejected', () => setVerdict('rejected'));
  useCommand('decision.commit', () => void commit());
  useCommand('decision.focus', () => {
    decisionUi.setFocused(true);
    panelRef.current?.focus();
  });
  useCommand('decision.leave', () => {
    decisionUi.setFocused(false);
    if (decisionUi.get().action) decisionUi.startAction(null, '');
  });
  useCommand('decision.note', () => noteRef.current?.focus());
  useCommand('decision.template', () => {
    const v = decisionUi.get().draft.verdict ?? 'upheld';
    const current = decisionUi.get().draft.note;
    const options = TEMPLATE_KEYS.map((k) => t(`decision.templates.${v}.${k}`));
    const i = options.indexOf(current);
    decisionUi.setNote(options[(i + 1) % options.length] ?? '');
  });
  useCommand('decision.escalate', () => {
    decisionUi.startAction('escalate', '');
    queueMicrotask(() => actionRef.current?.focus());
  });
  useCommand('decision.requestEvidence', () => {
    decisionUi.startAction('request_evidence', t('decision.requestTemplate'));
    queueMicrotask(() => actionRef.current?.focus());
  });
  useCommand('decision.release', () => void release());
  const numbered: Record<string, () => void> = {};
  for (let n = 1; n <= 9; n++) {
    numbered[`decision.reason.${n}`] = () => {
      const rc = reasons[n - 1];
      if (rc && !decided) decisionUi.toggleReason(rc.code);
    };
    numbered[`decision.remedy.${n}`] = () => {
      const r = remedies[n - 1];
      if (r && !decided) decisionUi.toggleRemedy(r);
    };
  }
  useCommands(numbered);
  const citedKeys = new Set(draft.cited.map(refKey));

  return (
    <aside
      ref={panelRef}
      tabIndex={-1}
      className={`decision${focused ? ' is-focused' : ''}`}
      aria-label={t('decision.title')}
      data-testid="decision-panel"
      onFocus={() => decisionUi.setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) decisionUi.setFocused(false);
      }}
    >
      <header className="decision__head">
        <h2>{t('decision.title')}</h2>
        <span className="muted">{focused ? t('decision.modeOn') : t('decision.modeHint')}</span>
      </header>

      {decided && (
        <p className="decision__done" role="status" data-testid="decision-done">
          {t(`workstation.locals.${caseRow.local}`)} · {t('decision.alreadyDecided')}
        </p>
      )}

      <fieldset className="decision__section" disabled={decided}>
        <legend>{t('decision.verdict')}</legend>
        <div className="verdicts">
          {VERDICTS.map((v) => (
            <button key={v} type="button" className={`verdict verdict--${v}`} aria-pressed={draft.verdict === v} onClick={() => decisionUi.setVerdict(v)} data-testid={`verdict-${v}`}>
              <kbd>{VERDICT_KEYS[v]}</kbd>
              {VERDICT_LABELS[v][lang]}
            </button>
          ))}
        </div>
        <Problems list={showProblems ? sectionProblems('verdict') : []} />
      </fieldset>

      <fieldset className="decision__section" disabled={decided}>
        <legend>{t('decision.reasons')}</legend>
        <ul className="options">
          {reasons.map((rc, i) => {
            const fits = draft.verdict === null || rc.verdicts.includes(draft.verdict);
            return (
              <li key={rc.code}>
                <label className={`option${fits ? '' : ' option--unfit'}`}>
                  <input type="checkbox" checked={draft.reasonCodes.includes(rc.code)} onChange={() => decisionUi.toggleReason(rc.code)} />
                  {i < 9 && <kbd>{i + 1}</kbd>}
                  <span>{lang === 'en' ? rc.en : rc.zh}</span>
                </label>
              </li>
            );
          })}
        </ul>
        <Problems list={showProblems ? sectionProblems('reasonCodes') : []} />
      </fieldset>

      <fieldset className="decision__section" disabled={decided}>
        <legend>{t('decision.remedies')}</legend>
        <ul className="options options--inline">
          {remedies.map((r, i) => (
            <li key={r}>
              <label className="option">
                <input type="checkbox" checked={draft.remedies.includes(r)} onChange={() => decisionUi.toggleRemedy(r)} />
                {i < 9 && <kbd>⇧{i + 1}</kbd>}
                <span>{REMEDY_LABELS[r][lang]}</span>
              </label>
            </li>
          ))}
        </ul>
        <Problems list={showProblems ? sectionProblems('remedies') : []} />
      </fieldset>

      <fieldset className="decision__section" disabled={decided}>
        <legend>
          {t('decision.note')} <kbd>M</kbd>
        </legend>
        <textarea ref={noteRef} className="textarea" rows={3} value={draft.note} onChange={(e) => decisionUi.setNote(e.target.value)} placeholder={t('decision.notePlaceholder')} data-testid="decision-note" />
        <div className="templates">
          {TEMPLATE_KEYS.map((k) => (
            <button key={k} type="button" className="button button--small" onClick={() => decisionUi.setNote(t(`decision.templates.${draft.verdict ?? 'upheld'}.${k}`))}>
              {t(`decision.templateNames.${k}`)}
            </button>
          ))}
        </div>
        <Problems list={showProblems ? sectionProblems('note') : []} />
      </fieldset>

      <div className="decision__section">
        <div className="legend">{t('decision.cited', { count: draft.cited.length })}</div>
        {draft.cited.length === 0 ? (
          <p className="muted small">{t('decision.citeHint')}</p>
        ) : (
          <ul className="cited">
            {[...citedKeys].map((k) => (
              <li key={k} className="mono small">
                {k}
              </li>
            ))}
          </ul>
        )}
        <Problems list={showProblems ? sectionProblems('citedEvidence') : []} />
      </div>

      {action && (
        <div className="decision__section decision__action" role="group" aria-label={t(`decision.actions.${action}`)}>
          <div className="legend">{t(`decision.actions.${action}`)}</div>
          <textarea ref={actionRef} className="textarea" rows={3} value={actionText} onChange={(e) => decisionUi.setActionText(e.target.value)} placeholder={t('decision.actionPlaceholder')} data-testid="action-text" />
          <p className="muted small">{t('decision.actionConfirm')}</p>
        </div>
      )}

      <footer className="decision__foot">
        <button type="button" className="button button--primary" disabled={decided || busy} onClick={() => void commit()} data-testid="decision-commit">
          {action ? t(`decision.actions.${action}`) : t('decision.commit')} <kbd>{t('decision.commitKey')}</kbd>
        </button>
        {!decided && problems.length > 0 && draft.verdict !== null && !showProblems && <span className="muted small">{t('decision.problemCount', { count: problems.length })}</span>}
        <div className="decision__more">
          <button type="button" className="button button--small" disabled={decided || busy} onClick={() => decisionUi.startAction('request_evidence', t('decision.requestTemplate'))}>
            {t('decision.actions.request_evidence')} <kbd>⇧Q</kbd>
          </button>
          <button type="button" className="button button--small" disabled={decided || busy} onClick={() => decisionUi.startAction('escalate', '')}>
            {t('decision.actions.escalate')} <kbd>⇧E</kbd>
          </button>
          <button type="button" className="button button--small" disabled={decided || busy} onClick={() => void release()}>
            {t('decision.actions.release')} <kbd>⇧R</kbd>
          </button>
        </div>
        {message && (
          <p className="decision__message" role="status" data-testid="decision-message">
            {message}
          </p>
        )}
        {undoable && undoable.length > 0 && (
          <p className="muted small" data-testid="undo-hint">
            {t('decision.undoHint', { count: undoable.length, id: undoable[0]?.externalId ?? '' })}
          </p>
        )}
      </footer>
    </aside>
  );
}

function Problems({ list }: { list: { field: string; message: string }[] }) {
  const { t } = useTranslation();
  if (list.length === 0) return null;
  return (
    <div role="alert">
      <ul className="problems">
        {list.map((p, i) => (
          <li key={i}>
            {t(`decision.problems.${problemSection(p.field)}`, { defaultValue: p.message })}
            <span className="problems__detail">{p.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
