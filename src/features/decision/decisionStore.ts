import { create } from 'zustand';
import type { EvidenceRef, Remedy, Verdict } from '@common/domain';
import { EMPTY_DRAFT, toggleIn, type Draft } from './decisionModel';

export type ActionMode = null | 'escalate' | 'request_evidence';

/** The draft for the open case, whether the panel has the keyboard, and a side action being written. */
type DecisionUi = { caseId: string | null; draft: Draft; focused: boolean; showProblems: boolean; action: ActionMode; actionText: string; busy: boolean; message: string | null };

const useDecisionUi = create<DecisionUi>(() => ({ caseId: null, draft: EMPTY_DRAFT, focused: false, showProblems: false, action: null, actionText: '', busy: false, message: null }));

export const useDraft = (): Draft => useDecisionUi((s) => s.draft);
export const useDecisionFocused = (): boolean => useDecisionUi((s) => s.focused);
export const useShowProblems = (): boolean => useDecisionUi((s) => s.showProblems);
export const useAction = (): ActionMode => useDecisionUi((s) => s.action);
export const useActionText = (): string => useDecisionUi((s) => s.actionText);
export const useBusy = (): boolean => useDecisionUi((s) => s.busy);
export const useDecisionMessage = (): string | null => useDecisionUi((s) => s.message);

const patchDraft = (p: Partial<Draft>) => useDecisionUi.setState((s) => ({ draft: { ...s.draft, ...p } }));

export const decisionUi = {
  /** A different case gets a fresh draft; the same case keeps what was typed. */
  openCase: (caseId: string) => {
    if (useDecisionUi.getState().caseId !== caseId)
      useDecisionUi.setState({ caseId, draft: EMPTY_DRAFT, focused: false, showProblems: false, action: null, actionText: '', busy: false });
  },
  get: (): DecisionUi => useDecisionUi.getState(),
  setVerdict: (verdict: Verdict) => patchDraft({ verdict }),
  toggleReason: (code: string) => patchDraft({ reasonCodes: toggleIn(useDecisionUi.getState().draft.reasonCodes, code) }),
  toggleRemedy: (r: Remedy) => patchDraft({ remedies: toggleIn(useDecisionUi.getState().draft.remedies, r) }),
  setNote: (note: string) => patchDraft({ note }),
  setCited: (cited: EvidenceRef[]) => patchDraft({ cited }),
  setFocused: (focused: boolean) => useDecisionUi.setState({ focused }),
  setShowProblems: (showProblems: boolean) => useDecisionUi.setState({ showProblems }),
  startAction: (action: ActionMode, text: string) => useDecisionUi.setState({ action, actionText: text }),
  setActionText: (actionText: string) => useDecisionUi.setState({ actionText }),
  setBusy: (busy: boolean) => useDecisionUi.setState({ busy }),
  setMessage: (message: string | null) => useDecisionUi.setState({ message }),
};
