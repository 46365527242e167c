import '../../ui/panel.css';
import './decision.css';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Snippet } from '@common/api';
import type { Policy } from '@common/policy';
import { CODE_LABELS, renderSnippet, snippetVars, type Assessment } from '@common/rules';
import { caseOrder, openNextOpen } from '../../app/caseOrder';
import { KeyHint, useKeyLabel } from '../../app/commands/KeyHint';
import { useCommand } from '../../app/commands/runtime';
import { useAppInfo } from '../../data/appInfo';
import { appDb } from '../../data/db';
import { enqueueMutation, recordDecision } from '../../data/outboxRepo';
import { useStillQueued, useUndoableDecisions } from '../../data/queries';
import { macrosFor, useAllMacros } from '../../data/macros';
import { snippetsFor, useAllSnippets } from '../../data/snippets';
import { isQuotaError } from '../../data/storageErrors';
import type { BundleRow, CaseRow } from '../../data/rows';
import { refKey } from '../../ui/evidenceHighlight';
import { describeRef } from '../../ui/evidenceWords';
import { DecisionForm } from './DecisionForm';
import { buildDecision, needsOverride } from './decisionModel';
import { assessmentSummary } from './liveAssessment';
import { decisionUi, useAction, useDraft, useMessageFor, type ActionMode } from './decisionStore';
import { escalationMutation, escalationProblems, requestDeadline, requestMutation, requestProblems, type ActionProblem } from './actionModel';
import { actionForms } from './actionStore';
import { EscalationForm } from './EscalationForm';
import { EvidenceRequestForm } from './EvidenceRequestForm';
import { OpenEvidenceRequest } from './OpenEvidenceRequest';
import { Problems } from './Problems';
import { RecordedDecision } from './RecordedDecision';
import { ReleaseConfirm } from './ReleaseConfirm';
import { errorWords } from '../../ui/errorWords';
import { PrecedentHintLine, usePrecedentHint } from './PrecedentHint';
import { MacroBar } from './MacroBar';
import { appendSnippet, cycleSnippet } from './snippetInsert';

/** How long a decision's write may take before the panel shows it is busy. */
const BUSY_AFTER_MS = 150;

/**
 * The arbitrator's decision panel: the decision form, plus note snippets (named, per kind, filled
 * with the case's parties, order and amount; the insert key cycles them), cited evidence (in
 * words), the eligibility override (upholding what the eligibility rules exclude needs a stated
 * reason), the side actions (request evidence, escalate, release after confirming), and for a
 * decided case the recorded decision. Committing re-assesses the case (`reassess`,
 * the rules at this instant), validates the decision against that assessment under the case's
 * governing policy, records both, and opens the next undecided case. Without the governing policy
 * on this machine yet (`policy` null) nothing can be committed.
 */
export function DecisionPanel(props: { caseRow: CaseRow; bundleRow: BundleRow; policy: Policy | null; assessment: Assessment; reassess: () => Assessment }) {
  const { caseRow, bundleRow, policy, assessment, reassess } = props;
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const info = useAppInfo();
  const draft = useDraft();
  const showProblems = decisionUi.useShowProblems();
  const action = useAction();
  const busy = decisionUi.useBusy();
  const undoable = useUndoableDecisions();
  const undoKey = useKeyLabel('app.undo');
  const citeKey = useKeyLabel('case.cite');
  // The form's fields by name, so sending with a gap moves the keyboard to it.
  const fieldEls = useRef(new Map<ActionProblem['field'], HTMLElement>());
  const problemRef = (field: ActionProblem['field']) => (el: HTMLElement | null) => {
    if (el) fieldEls.current.set(field, el);
    else fieldEls.current.delete(field);
  };
  const overrideRef = useRef<HTMLTextAreaElement>(null);
  // Every snippet of the kind, for any verdict, and every macro's note of the kind are "not the
  // arbitrator's own words" (raw: the rule fills them), as the server counts them.
  const allSnippets = useAllSnippets();
  const allMacros = useAllMacros();
  const templates = useMemo(
    () => [...snippetsFor(allSnippets ?? [], caseRow.kind, null).map((s) => s.text), ...macrosFor(allMacros ?? [], caseRow.kind).flatMap((m) => (m.note ? [m.note] : []))],
    [allSnippets, allMacros, caseRow.kind],
  );
  const offered = useMemo(() => snippetsFor(allSnippets ?? [], caseRow.kind, draft.verdict), [allSnippets, caseRow.kind, draft.verdict]);
  const vars = useMemo(() => snippetVars(bundleRow.bundle), [bundleRow.bundle]);
  const insert = (s: Snippet) => decisionUi.setNote(appendSnippet(decisionUi.get().draft.note, renderSnippet(s.text, vars)));
  // "Saved, waiting to upload" is true only until the upload: then it goes.
  const messageFor = useMessageFor();
  const stillQueued = useStillQueued(messageFor);
  useEffect(() => {
    if (messageFor && stillQueued === false) decisionUi.clearIfFor(messageFor);
  }, [messageFor, stillQueued]);
  const failed = (e: unknown) => decisionUi.setMessage(isQuotaError(e) ? t('decision.storageFull') : errorWords(e, t));

  const recorded = caseRow.local !== 'open' || caseRow.status === 'decided';
  const decided = recorded || policy === null;
  const userId = info?.user?.id ?? null;

  // Validation is recomputed from the draft on every render: it is cheap and always current.
  const built = policy ? buildDecision(draft, { bundle: bundleRow.bundle, assessment, policy, userId, now: new Date(), mutationId: 'preview', snippets: templates }) : { decision: null, problems: [] };
  const problems = built.problems;
  const shown = showProblems ? problems : [];
  const overriding = needsOverride(draft.verdict, assessment);
  // Shown before commit and never blocking; whether it was on screen goes with the decision (QA reads it).
  const hint = usePrecedentHint(caseRow.id, decided ? null : draft.verdict);

  // Set while a decision is being written, before (or without) the busy state being drawn.
  const committing = useRef(false);
  const commit = async () => {
    if (busy || committing.current || decided || !policy) return;
    if (action) return submitAction();
    // Judged against the case as it stands now: a finding that appeared while the case was open
    // (time passes) is shown and may require a note before the decision can be recorded.
    const now = reassess();
    const result = buildDecision(decisionUi.get().draft, { bundle: bundleRow.bundle, assessment: now, policy, userId, now: new Date(Date.parse(now.at)), mutationId: crypto.randomUUID(), snippets: templates });
    if (result.decision) result.decision.assessment = assessmentSummary(now);
    if (!result.decision || result.problems.length) {
      decisionUi.setShowProblems(true);
      if (result.problems.some((p) => p.field === 'eligibilityOverride')) overrideRef.current?.focus();
      return;
    }
    const saving = recordDecision(appDb(), caseRow.id, result.decision, new Date(), caseRow, hint === undefined ? undefined : hint !== null);
    // The busy state is drawn only if the write takes a while. Drawn at once, React rendered it in
    // the keystroke's own task, ahead of the transaction's first request, and painted it while the
    // requests came back: 10–30 ms of a save that takes a few (traced in the workstation bench,
    // docs/performance.md). The ref keeps a second commit out meanwhile.
    committing.current = true;
    const showBusy = setTimeout(() => decisionUi.setBusy(true), BUSY_AFTER_MS);
    try {
      const saved = await saving;
      caseOrder.markDecided(caseRow.id);
      decisionUi.queued(t('decision.saved', { id: caseRow.externalId }), saved.mutationId);
      goNext();
    } catch (e) {
      failed(e);
    } finally {
      clearTimeout(showBusy);
      committing.current = false;
      decisionUi.setBusy(false);
    }
  };

  const goNext = () => openNextOpen(caseRow.id);

  const submitAction = async () => {
    const forms = actionForms.get();
    const gaps = action === 'escalate' ? escalationProblems(forms.escalation) : requestProblems(forms.request);
    if (gaps.length > 0) {
      // Never silently nothing: say what is missing and take the keyboard there.
      actionForms.setShowProblems(true);
      const el = fieldEls.current.get(gaps[0]!.field);
      (el?.querySelector<HTMLElement>('input') ?? el)?.focus();
      return;
    }
    decisionUi.setBusy(true);
    try {
      const clientId = crypto.randomUUID();
      // The server sets the binding deadline (business days of mainland China under the case's policy).
      const m =
        action === 'escalate'
          ? escalationMutation(forms.escalation, caseRow.id, clientId)
          : requestMutation(forms.request, caseRow.id, clientId, policy ? requestDeadline(new Date(), policy) : null);
      await enqueueMutation(appDb(), m);
      caseOrder.markDecided(caseRow.id);
      decisionUi.queued(t(action === 'escalate' ? 'decision.escalated' : 'decision.requested', { id: caseRow.externalId }), clientId);
      decisionUi.startAction(null);
      actionForms.reset();
      goNext();
    } catch (e) {
      failed(e);
    } finally {
      decisionUi.setBusy(false);
    }
  };

  const release = async () => {
    decisionUi.setConfirmingRelease(false);
    if (busy) return;
    decisionUi.setBusy(true);
    try {
      const clientId = crypto.randomUUID();
      await enqueueMutation(appDb(), { clientId, type: 'release', caseId: caseRow.id });
      caseOrder.markDecided(caseRow.id);
      decisionUi.queued(t('decision.released', { id: caseRow.externalId }), clientId);
      goNext();
    } catch (e) {
      failed(e);
    } finally {
      decisionUi.setBusy(false);
    }
  };

  useCommand('decision.template', () => {
    if (decided) return;
    decisionUi.setNote(cycleSnippet(decisionUi.get().draft.note, offered.map((s) => renderSnippet(s.text, vars))));
  });
  const startAction = (mode: Exclude<ActionMode, null>) => {
    if (decided) return;
    actionForms.open(caseRow.id);
    decisionUi.startAction(mode);
    // Decision mode, so Esc on the form's choices closes the form instead of leaving the case.
    decisionUi.setFocused(true);
  };
  useCommand('decision.escalate', () => startAction('escalate'));
  useCommand('decision.requestEvidence', () => startAction('request_evidence'));
  useCommand('decision.release', () => {
    if (!decided) decisionUi.setConfirmingRelease(true);
  });

  return (
    <>
      <DecisionForm
        form={decisionUi}
        kind={caseRow.kind}
        policy={policy}
        title={t('decision.title')}
        problems={problems}
        locked={decided}
        onCommit={() => void commit()}
        onLeave={() => {
          if (decisionUi.get().action) decisionUi.startAction(null);
        }}
        note={{ label: t('decision.note'), placeholder: t('decision.notePlaceholder'), testId: 'decision-note' }}
        commit={{ label: action ? t(`decision.actions.${action}`) : t('decision.commit'), testId: 'decision-commit', disabled: decided || busy }}
        testIds={{ panel: 'decision-panel', verdictPrefix: 'verdict-', message: 'decision-message' }}
        intro={
          <>
            {recorded && <RecordedDecision caseRow={caseRow} bundleRow={bundleRow} />}
            {bundleRow.evidenceRequest && <OpenEvidenceRequest request={bundleRow.evidenceRequest} bundle={bundleRow.bundle} pending={caseRow.local === 'pending'} />}
            <MacroBar caseRow={caseRow} bundleRow={bundleRow} policy={policy} locked={decided} />
          </>
        }
        verdictExtras={<PrecedentHintLine hint={hint} />}
        noteExtras={
          <>
            <div className="templates" data-testid="snippets">
              {offered.length === 0 ? (
                <span className="muted small">{t('decision.snippets.none')}</span>
              ) : (
                <>
                  <span className="muted small">
                    {t('decision.snippets.insert')} <KeyHint command="decision.template" />
                  </span>
                  {offered.map((s) => (
                    <button key={s.id} type="button" className="button button--small" disabled={decided} title={renderSnippet(s.text, vars)} onClick={() => insert(s)}>
                      {s.name}
                    </button>
                  ))}
                </>
              )}
            </div>
            <Problems problems={shown} section="note" />
          </>
        }
        footer={
          <>
            {!decided && problems.length > 0 && draft.verdict !== null && !showProblems && <span className="muted small">{t('decision.problemCount', { count: problems.length })}</span>}
            <div className="decision__more">
              <button type="button" className="button button--small" disabled={decided || busy} onClick={() => startAction('request_evidence')}>
                {t('decision.actions.request_evidence')} <KeyHint command="decision.requestEvidence" />
              </button>
              <button type="button" className="button button--small" disabled={decided || busy} onClick={() => startAction('escalate')}>
                {t('decision.actions.escalate')} <KeyHint command="decision.escalate" />
              </button>
              <button type="button" className="button button--small" disabled={decided || busy} onClick={() => decisionUi.setConfirmingRelease(true)} data-testid="release">
                {t('decision.actions.release')} <KeyHint command="decision.release" />
              </button>
            </div>
          </>
        }
        footerEnd={
          undoable &&
          undoable.length > 0 && (
            <p className="muted small" data-testid="undo-hint">
              {t('decision.undoHint', { key: undoKey, count: undoable.length, id: undoable[0]?.externalId ?? '' })}
            </p>
          )
        }
      >
        {overriding && !decided && (
          <div className="decision__section decision__override" data-testid="eligibility-override">
            <label className="legend" htmlFor="eligibility-override">
              {t('decision.override.title')}
            </label>
            <p className="small tone-bad">
              {t('decision.override.why', { reasons: assessment.eligibility.map((f) => CODE_LABELS[f.code][lang]).join(t('keys.listSeparator')) })}
            </p>
            <textarea
              id="eligibility-override"
              ref={overrideRef}
              className="textarea"
              rows={2}
              value={draft.override}
              onChange={(e) => decisionUi.setOverride(e.target.value)}
              placeholder={t('decision.override.placeholder')}
              data-testid="override-reason"
            />
            <Problems problems={shown} section="eligibilityOverride" />
          </div>
        )}
        <div className="decision__section">
          <div className="legend">{t('decision.cited', { count: draft.cited.length })}</div>
          {draft.cited.length === 0 ? (
            <p className="muted small">{t('decision.citeHint', { key: citeKey })}</p>
          ) : (
            <ul className="cited" data-testid="cited">
              {draft.cited
                .filter((r, i, all) => all.findIndex((x) => refKey(x) === refKey(r)) === i)
                .map((r) => (
                  <li key={refKey(r)} className="small">
                    {describeRef(r, bundleRow.bundle, t, i18n.language)}
                  </li>
                ))}
            </ul>
          )}
          <Problems problems={shown} section="citedEvidence" />
        </div>

        {action === 'request_evidence' && policy && <EvidenceRequestForm key={caseRow.id} bundle={bundleRow.bundle} policy={policy} problemRef={problemRef} />}
        {action === 'escalate' && <EscalationForm key={caseRow.id} problemRef={problemRef} />}
      </DecisionForm>
      <ReleaseConfirm externalId={caseRow.externalId} onConfirm={() => void release()} />
    </>
  );
}
