import '../../../ui/panel.css';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Policy } from '@common/policy';
import { appDb } from '../../../data/db';
import { useGoverningPolicy } from '../../../data/policies';
import { recordQaReview } from '../../../data/qaRepo';
import type { QaItemRow } from '../../../data/rows';
import { syncNow } from '../../../sync/syncStore';
import { DecisionForm } from '../../decision';
import { reviewProblems } from '../qaModel';
import { qaUi } from '../qaStore';
import { errorWords } from '../../../ui/errorWords';

/** The arbitrator's decision form, blind: the same keys, validated by the same rules (the note aside). */
export function ReviewPanel({ item }: { item: QaItemRow }) {
  const { t } = useTranslation();
  const draft = qaUi.useDraft();
  const busy = qaUi.useBusy();
  const locked = item.local === 'pending' || busy;
  // Reviewed under the case's governing version, like the decision it is compared with.
  const governing = useGoverningPolicy(item.case);
  const policy: Policy | null = governing && 'policy' in governing ? governing.policy : null;
  const { problems } = policy ? reviewProblems(draft, item.case, policy) : { problems: [{ field: 'verdict', message: t('workstation.policyMissing', { version: item.case.policyVersion }) }] };
  // A refused review is shown with what was sent, so it can be corrected and sent again.
  useEffect(() => {
    if (item.local === 'rejected' && item.review && qaUi.get().draft.verdict === null) {
      qaUi.setVerdict(item.review.verdict);
      for (const r of item.review.reasonCodes) qaUi.toggleReason(r);
      for (const r of item.review.remedies) qaUi.toggleRemedy(r);
      qaUi.setNote(item.feedback);
    }
  }, [item]);

  const commit = async () => {
    if (locked) return;
    const d = qaUi.get().draft;
    const built = policy ? reviewProblems(d, item.case, policy) : { facts: null, problems };
    if (!built.facts || built.problems.length) {
      qaUi.setShowProblems(true);
      return;
    }
    qaUi.setBusy(true);
    try {
      await recordQaReview(appDb(), item.itemId, built.facts, d.note);
      qaUi.setFocused(false);
      qaUi.setMessage(t('qa.saved', { id: item.externalId }));
      // Online, the comparison comes back with the push; offline it comes with the next sync.
      void syncNow().catch(() => undefined);
    } catch (e) {
      qaUi.setMessage(errorWords(e, t));
    } finally {
      qaUi.setBusy(false);
    }
  };

  return (
    <DecisionForm
      form={qaUi}
      kind={item.kind}
      policy={policy}
      title={t('qa.reviewTitle')}
      problems={problems}
      locked={locked}
      keysEnabled={!locked}
      pressedVerdict={item.local === 'pending' ? (item.review?.verdict ?? null) : draft.verdict}
      onCommit={() => void commit()}
      note={{ label: t('qa.feedback'), placeholder: t('qa.feedbackPlaceholder'), testId: 'qa-feedback', maxLength: 4000 }}
      commit={{ label: t('qa.commit'), testId: 'qa-commit', disabled: locked }}
      testIds={{ panel: 'qa-review-panel', verdictPrefix: 'qa-verdict-', message: 'qa-message' }}
      intro={
        <>
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
        </>
      }
    />
  );
}
