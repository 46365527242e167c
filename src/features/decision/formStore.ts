import type { StoreApi, UseBoundStore } from 'zustand';
import type { Remedy, Verdict } from '@common/domain';
import { toggleIn, withItem, withRemedy } from './decisionModel';

/** What a decision form edits: the arbitrator's draft adds citations, QA's calls the note feedback. */
export type FormDraft = { verdict: Verdict | null; reasonCodes: string[]; remedies: Remedy[]; note: string };

/** A form's state: its draft, whether it has the keyboard, whether problems are shown, and the save. */
export type FormState<D extends FormDraft> = { draft: D; focused: boolean; showProblems: boolean; busy: boolean; message: string | null };

/** The hooks and actions DecisionForm works through, over whichever store holds the form. */
export type FormStore<D extends FormDraft> = {
  get: () => FormState<D>;
  useDraft: () => D;
  useFocused: () => boolean;
  useShowProblems: () => boolean;
  useBusy: () => boolean;
  useMessage: () => string | null;
  setVerdict: (verdict: Verdict) => void;
  toggleReason: (code: string) => void;
  toggleRemedy: (remedy: Remedy) => void;
  /** Keys set (or clear) a value; they never flip it, so repeating a key on a restored draft changes nothing. */
  setReason: (code: string, on: boolean) => void;
  setRemedy: (remedy: Remedy, on: boolean) => void;
  setNote: (note: string) => void;
  setFocused: (focused: boolean) => void;
  setShowProblems: (showProblems: boolean) => void;
  setBusy: (busy: boolean) => void;
  setMessage: (message: string | null) => void;
};

/**
 * The form's hooks and actions over a zustand store whose state includes a FormState: the
 * arbitrator's decision store and QA's page store each keep their own form, with the same actions.
 */
export function formStore<D extends FormDraft, S extends FormState<D>>(store: UseBoundStore<StoreApi<S>>): FormStore<D> {
  const set = (patch: Partial<FormState<D>>) => store.setState(patch as Partial<S>);
  const patchDraft = (patch: Partial<FormDraft>) => store.setState((s) => ({ draft: { ...s.draft, ...patch } }) as Partial<S>);
  return {
    get: () => store.getState(),
    useDraft: () => store((s) => s.draft),
    useFocused: () => store((s) => s.focused),
    useShowProblems: () => store((s) => s.showProblems),
    useBusy: () => store((s) => s.busy),
    useMessage: () => store((s) => s.message),
    setVerdict: (verdict) => patchDraft({ verdict }),
    toggleReason: (code) => patchDraft({ reasonCodes: toggleIn(store.getState().draft.reasonCodes, code) }),
    toggleRemedy: (remedy) => {
      const list = store.getState().draft.remedies;
      patchDraft({ remedies: withRemedy(list, remedy, !list.includes(remedy)) });
    },
    setReason: (code, on) => patchDraft({ reasonCodes: withItem(store.getState().draft.reasonCodes, code, on) }),
    setRemedy: (remedy, on) => patchDraft({ remedies: withRemedy(store.getState().draft.remedies, remedy, on) }),
    setNote: (note) => patchDraft({ note }),
    setFocused: (focused) => set({ focused }),
    setShowProblems: (showProblems) => set({ showProblems }),
    setBusy: (busy) => set({ busy }),
    setMessage: (message) => set({ message }),
  };
}
