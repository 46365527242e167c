import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ESCALATION_FORM_REASONS, ESCALATION_REASON_LABELS } from '@common/domain';
import { KeyHint } from '../../app/commands/KeyHint';
import { escalationProblems, type ActionProblem } from './actionModel';
import { actionForms, useEscalationDraft, useShowActionProblems } from './actionStore';
import { ActionProblemLine } from './ActionProblemLine';

/**
 * The escalation as a form: why the case goes to a supervisor (a category, required), and the
 * arbitrator's words (required for "other"). Sending without them says what is missing.
 */
export function EscalationForm({ problemRef }: { problemRef: (field: ActionProblem['field']) => (el: HTMLElement | null) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const draft = useEscalationDraft();
  const show = useShowActionProblems();
  const first = useRef<HTMLInputElement>(null);
  const problems = show ? escalationProblems(draft) : [];
  const problem = (field: ActionProblem['field']) => problems.find((p) => p.field === field);
  useEffect(() => {
    first.current?.focus();
  }, []);

  return (
    <div className="decision__section decision__action" role="group" aria-label={t('decision.actions.escalate')} data-testid="escalate-form">
      <div className="legend">{t('decision.actions.escalate')}</div>
      <fieldset className="action-choices" ref={problemRef('category')} aria-invalid={problem('category') ? true : undefined}>
        <legend className="small">{t('decision.escalate.category')}</legend>
        {ESCALATION_FORM_REASONS.map((r, i) => (
          <label key={r} className="option">
            <input
              ref={i === 0 ? first : undefined}
              type="radio"
              name="escalation-reason"
              checked={draft.category === r}
              onChange={() => actionForms.setEscalation({ category: r })}
              data-testid={`escalation-${r}`}
            />
            <span>{ESCALATION_REASON_LABELS[r][lang]}</span>
          </label>
        ))}
      </fieldset>
      <ActionProblemLine problem={problem('category')} />
      <label className="small" htmlFor="escalation-text">
        {t(draft.category === 'other' ? 'decision.escalate.textRequired' : 'decision.escalate.text')}
      </label>
      <textarea
        id="escalation-text"
        ref={problemRef('reason')}
        className="textarea"
        rows={2}
        value={draft.reason}
        onChange={(e) => actionForms.setEscalation({ reason: e.target.value })}
        placeholder={t('decision.escalate.placeholder')}
        data-testid="action-text"
      />
      <ActionProblemLine problem={problem('reason')} />
      <p className="muted small">
        {t('decision.actionSend')} <KeyHint command="decision.commit" /> · {t('decision.actionCancel')} <kbd>Esc</kbd>
      </p>
    </div>
  );
}
