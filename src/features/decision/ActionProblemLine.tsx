import { useTranslation } from 'react-i18next';
import type { ActionProblem } from './actionModel';

/** What a request or escalation form still lacks at one field, in words, announced as it appears. */
export function ActionProblemLine({ problem }: { problem: ActionProblem | undefined }) {
  const { t } = useTranslation();
  return problem ? (
    <p className="problems" role="alert" data-testid="action-problem">
      {t(`decision.actionProblems.${problem.code}`)}
    </p>
  ) : null;
}
