import { create } from 'zustand';
import type { Remedy, Verdict } from '@common/domain';
import { toggleIn } from '../decision/decisionModel';

export type QaView = 'review' | 'plans' | 'dashboard';
export type ReviewDraft = { verdict: Verdict | null; reasonCodes: string[]; remedies: Remedy[]; feedback: string };
export const EMPTY_REVIEW: ReviewDraft = { verdict: null, reasonCodes: [], remedies: [], feedback: '' };

/** QA page UI state only: which view, which item is selected or open, and the review being drafted. */
type QaUi = {
  view: QaView;
  selected: string | null;
  open: string | null;
  draft: ReviewDraft;
  focused: boolean;
  showProblems: boolean;
  busy: boolean;
  message: string | null;
};

const useQaUi = create<QaUi>(() => ({ view: 'review', selected: null, open: null, draft: EMPTY_REVIEW, focused: false, showProblems: false, busy: false, message: null }));

export const useQaView = (): QaView => useQaUi((s) => s.view);
export const useQaSelected = (): string | null => useQaUi((s) => s.selected);
export const useQaOpen = (): string | null => useQaUi((s) => s.open);
export const useReviewDraft = (): ReviewDraft => useQaUi((s) => s.draft);
export const useReviewFocused = (): boolean => useQaUi((s) => s.focused);
export const useReviewShowProblems = (): boolean => useQaUi((s) => s.showProblems);
export const useReviewBusy = (): boolean => useQaUi((s) => s.busy);
export const useQaMessage = (): string | null => useQaUi((s) => s.message);

const patch = (p: Partial<ReviewDraft>) => useQaUi.setState((s) => ({ draft: { ...s.draft, ...p } }));

export const qaUi = {
  get: (): QaUi => useQaUi.getState(),
  setView: (view: QaView) => useQaUi.setState({ view }),
  select: (selected: string | null) => useQaUi.setState({ selected }),
  /** Opening another item starts a fresh draft; reopening the same keeps what was chosen. */
  openItem: (id: string) => useQaUi.setState((s) => (s.open === id ? { open: id, selected: id } : { open: id, selected: id, draft: EMPTY_REVIEW, focused: false, showProblems: false, message: null })),
  close: () => useQaUi.setState({ open: null, focused: false }),
  setVerdict: (verdict: Verdict) => patch({ verdict }),
  toggleReason: (code: string) => patch({ reasonCodes: toggleIn(useQaUi.getState().draft.reasonCodes, code) }),
  toggleRemedy: (r: Remedy) => patch({ remedies: toggleIn(useQaUi.getState().draft.remedies, r) }),
  setFeedback: (feedback: string) => patch({ feedback }),
  setFocused: (focused: boolean) => useQaUi.setState({ focused }),
  setShowProblems: (showProblems: boolean) => useQaUi.setState({ showProblems }),
  setBusy: (busy: boolean) => useQaUi.setState({ busy }),
  setMessage: (message: string | null) => useQaUi.setState({ message }),
};
