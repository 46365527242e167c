import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { EVIDENCE_CATEGORY_LABELS, EVIDENCE_PARTIES, type CaseBundle, type CaseRoles, type EvidenceParty } from '@common/domain';
import type { Policy } from '@common/policy';
import { KeyHint } from '../../app/commands/KeyHint';
import { formatDay } from '../../ui/format';
import { categoriesFor, requestDeadline, requestProblems, toggleCategory, withChoice, type ActionProblem } from './actionModel';
import { actionForms, useRequestDraft, useShowActionProblems } from './actionStore';
import { ActionProblemLine } from './ActionProblemLine';

/** The roles of the complaint's two sides, from the bundle's parties (a missing one reads as a buyer). */
export function caseRoles(bundle: CaseBundle): CaseRoles {
  const role = (id: string) => bundle.parties.find((p) => p.id === id)?.role ?? 'user';
  return { complainant: role(bundle.case.complainantId), respondent: role(bundle.case.respondentId) };
}

/**
 * The evidence request as a form: the party (by role and name), what to supply (the kind's
 * categories), the deadline as a date (the business days of the case's policy), and the text the
 * parties get, always in Chinese: generated from the choices and editable; once edited, the
 * arbitrator's words are kept. Ctrl+Enter sends, Esc leaves a field and then the form.
 */
export function EvidenceRequestForm({ bundle, policy, problemRef }: { bundle: CaseBundle; policy: Policy; problemRef: (field: ActionProblem['field']) => (el: HTMLElement | null) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const draft = useRequestDraft();
  const show = useShowActionProblems();
  const first = useRef<HTMLInputElement>(null);
  // The deadline counts from the moment the form opened; the server's clock sets the binding one.
  const dueAt = useMemo(() => requestDeadline(new Date(), policy), [policy]);
  const roles = caseRoles(bundle);
  const kind = bundle.case.kind;
  const problems = show ? requestProblems(draft) : [];
  const problem = (field: ActionProblem['field']) => problems.find((p) => p.field === field);
  useEffect(() => {
    // The form takes the keyboard as it opens: arrows pick the party, Tab moves on.
    first.current?.focus();
  }, []);

  const name = (id: string) => bundle.parties.find((p) => p.id === id)?.displayName ?? '';
  const partyLabel = (p: EvidenceParty) =>
    p === 'both'
      ? t('decision.request.both')
      : t('decision.request.party', {
          role: t(`decision.request.roles.${roles[p]}`),
          name: name(p === 'complainant' ? bundle.case.complainantId : bundle.case.respondentId),
          side: t(`history.${p}`),
        });

  return (
    <div className="decision__section decision__action" role="group" aria-label={t('decision.actions.request_evidence')} data-testid="request-form">
      <div className="legend">{t('decision.actions.request_evidence')}</div>
      <fieldset className="action-choices" ref={problemRef('from')} aria-invalid={problem('from') ? true : undefined}>
        <legend className="small">{t('decision.request.from')}</legend>
        {EVIDENCE_PARTIES.map((p, i) => (
          <label key={p} className="option">
            <input
              ref={i === 0 ? first : undefined}
              type="radio"
              name="request-from"
              checked={draft.from === p}
              onChange={() => actionForms.setRequest(withChoice(draft, { from: p }, dueAt, roles))}
              data-testid={`request-from-${p}`}
            />
            <span>{partyLabel(p)}</span>
          </label>
        ))}
      </fieldset>
      <ActionProblemLine problem={problem('from')} />
      <fieldset className="action-choices" ref={problemRef('categories')} aria-invalid={problem('categories') ? true : undefined}>
        <legend className="small">{t('decision.request.categories')}</legend>
        {categoriesFor(kind).map((c) => (
          <label key={c} className="option">
            <input
              type="checkbox"
              checked={draft.categories.includes(c)}
              onChange={(e) => actionForms.setRequest(withChoice(draft, { categories: toggleCategory(draft.categories, c, e.target.checked, kind) }, dueAt, roles))}
              data-testid={`request-category-${c}`}
            />
            <span>{EVIDENCE_CATEGORY_LABELS[c][lang]}</span>
          </label>
        ))}
      </fieldset>
      <ActionProblemLine problem={problem('categories')} />
      <p className="small" data-testid="request-due" data-due-at={dueAt.toISOString()}>
        {t('decision.request.due', { date: formatDay(dueAt.getTime() - 1, i18n.language), days: policy.sla.merchantAnswerBusinessDays })}
      </p>
      <label className="small" htmlFor="request-text">
        {t('decision.request.textLabel')}
      </label>
      <textarea
        id="request-text"
        ref={problemRef('text')}
        className="textarea"
        rows={4}
        lang="zh-CN"
        value={draft.text}
        onChange={(e) => actionForms.setRequest({ ...draft, text: e.target.value, edited: true })}
        // Keyboard focus puts the caret at 0, where typing would split the generated sentence: start at the end.
        onFocus={(e) => e.currentTarget.setSelectionRange(e.currentTarget.value.length, e.currentTarget.value.length)}
        placeholder={t('decision.request.textPlaceholder')}
        data-testid="action-text"
      />
      <ActionProblemLine problem={problem('text')} />
      <p className="muted small">
        {t('decision.actionSend')} <KeyHint command="decision.commit" /> · {t('decision.actionCancel')} <kbd>Esc</kbd>
      </p>
    </div>
  );
}
