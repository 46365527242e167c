import { create } from 'zustand';
import type { EvidenceRef } from '@common/domain';
import { EMPTY_DRAFT, type Draft } from './decisionModel';
import { formStore, type FormState } from './formStore';

export type ActionMode = null | 'escalate' | 'request_evidence';

/** The draft for the open case, whether the panel has the keyboard, and a side action being written. */
type DecisionUi = FormState<Draft> & {
  caseId: string | null;
  /** The side action whose form is open (what is in it: actionStore). */
  action: ActionMode;
  /** The queued mutation the message is about ("saved, waiting to upload"): it goes once that has. */
  messageFor: string | null;
  confirmingRelease: boolean;
};

const useDecisionUi = create<DecisionUi>(() => ({ caseId: null, draft: EMPTY_DRAFT, focused: false, showProblems: false, action: null, confirmingRelease: false, busy: false, message: null, messageFor: null }));

const form = formStore<Draft, DecisionUi>(useDecisionUi);

export const useDraft = form.useDraft;
export const useDecisionFocused = form.useFocused;
export const useAction = (): ActionMode => useDecisionUi((s) => s.action);
export const useMessageFor = (): string | null => useDecisionUi((s) => s.messageFor);
export const useConfirmingRelease = (): boolean => useDecisionUi((s) => s.confirmingRelease);

export const decisionUi = {
  ...form,
  /** A different case gets a fresh draft; the same case keeps what was typed. */
  openCase: (caseId: string) => {
    if (useDecisionUi.getState().caseId !== caseId)
      useDecisionUi.setState({ caseId, draft: EMPTY_DRAFT, focused: false, showProblems: false, action: null, confirmingRelease: false, busy: false });
    // Another pair's store: nothing said about the previous one's work still applies.
    if (caseId === '') useDecisionUi.setState({ message: null, messageFor: null });
  },
  /** Undo: the case reopens with the draft its decision was made from, exactly as it was. */
  restore: (caseId: string, draft: Draft) =>
    useDecisionUi.setState({ caseId, draft, focused: false, showProblems: false, action: null, confirmingRelease: false, busy: false }),
  get: (): DecisionUi => useDecisionUi.getState(),
  /** A macro fills the draft whole (macroApply.ts): one update, so nothing renders half applied. */
  setDraft: (draft: Draft) => useDecisionUi.setState({ draft }),
  setCited: (cited: EvidenceRef[]) => useDecisionUi.setState((s) => ({ draft: { ...s.draft, cited } })),
  /** Why an ineligible complaint is upheld anyway; recorded in the decision as its eligibility override. */
  setOverride: (override: string) => useDecisionUi.setState((s) => ({ draft: { ...s.draft, override } })),
  startAction: (action: ActionMode) => useDecisionUi.setState({ action }),
  /** A message about a mutation waiting to upload; cleared (clearIfFor) when it has left the outbox. */
  queued: (message: string, clientId: string) => useDecisionUi.setState({ message, messageFor: clientId }),
  clearIfFor: (clientId: string) => {
    if (useDecisionUi.getState().messageFor === clientId) useDecisionUi.setState({ message: null, messageFor: null });
  },
  /** Release cannot be taken back, so it is confirmed first. */
  setConfirmingRelease: (confirmingRelease: boolean) => useDecisionUi.setState({ confirmingRelease }),
};
