import { create } from 'zustand';
import { formStore, type FormDraft, type FormState } from '../decision';

export type QaView = 'review' | 'plans' | 'dashboard';
/** A blind review: the decision form's draft, whose note is the feedback to the arbitrator. */
export type ReviewDraft = FormDraft;
export const EMPTY_REVIEW: ReviewDraft = { verdict: null, reasonCodes: [], remedies: [], note: '' };

/** QA page UI state only: which view, which item is selected or open, and the review being drafted. */
type QaUi = FormState<ReviewDraft> & {
  view: QaView;
  selected: string | null;
  open: string | null;
};

const useQaUi = create<QaUi>(() => ({ view: 'review', selected: null, open: null, draft: EMPTY_REVIEW, focused: false, showProblems: false, busy: false, message: null }));

export const useQaView = (): QaView => useQaUi((s) => s.view);
export const useQaSelected = (): string | null => useQaUi((s) => s.selected);
export const useQaOpen = (): string | null => useQaUi((s) => s.open);

export const qaUi = {
  ...formStore<ReviewDraft, QaUi>(useQaUi),
  get: (): QaUi => useQaUi.getState(),
  setView: (view: QaView) => useQaUi.setState({ view }),
  select: (selected: string | null) => useQaUi.setState({ selected }),
  /** Opening another item starts a fresh draft; reopening the same keeps what was chosen. */
  openItem: (id: string) => useQaUi.setState((s) => (s.open === id ? { open: id, selected: id } : { open: id, selected: id, draft: EMPTY_REVIEW, focused: false, showProblems: false, message: null })),
  close: () => useQaUi.setState({ open: null, focused: false }),
};
