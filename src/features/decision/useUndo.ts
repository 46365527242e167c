import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { caseOrder } from '../../app/caseOrder';
import { useCommand } from '../../app/commands/runtime';
import { openCase } from '../../app/router';
import { appDb } from '../../data/db';
import { undoDecision } from '../../data/outboxRepo';
import { useUndoableDecisions, type UndoableDecision } from '../../data/queries';
import { draftOf } from './decisionModel';
import { decisionUi } from './decisionStore';

/**
 * `U` anywhere in the workstation takes back the newest decision that has not left this machine,
 * and reopens its case with the draft as it was, so the arbitrator sees what was undone and can
 * change it. Returns the decisions undo may take back (newest first) and the undo itself, for the
 * toast that shows the window.
 */
export function useUndoCommand(): { undoable: UndoableDecision[] | undefined; undo: () => void } {
  const { t } = useTranslation();
  const undoable = useUndoableDecisions();
  const undo = useCallback(() => {
    const last = undoable?.[0];
    if (!last) return;
    undoDecision(appDb(), last.mutationId)
      .then(() => {
        caseOrder.markOpen(last.caseId);
        // The case reopens with the draft its decision was made from, not an empty one.
        decisionUi.restore(last.caseId, draftOf(last.decision));
        decisionUi.setMessage(t('decision.undone', { id: last.externalId }));
        openCase(last.caseId);
      })
      .catch((e: unknown) => decisionUi.setMessage(e instanceof Error ? e.message : String(e)));
  }, [undoable, t]);
  useCommand('app.undo', undo);
  return { undoable, undo };
}
