import { create } from 'zustand';
import type { Tab } from './evidenceRefs';

/** Case-view UI state: the evidence tab, what is highlighted, and which media are revealed. */
type CaseUiState = {
  tab: Tab;
  /** Keys (evidenceRefs.refKey) highlighted in the viewers, from the selected finding. */
  highlighted: ReadonlySet<string>;
  /** Index in the findings list of the selected finding, or null. */
  selectedFinding: number | null;
  /** Bumped on every jump, so jumping to the same finding again scrolls again. */
  jump: number;
  revealed: ReadonlySet<string>;
};

const useCaseUi = create<CaseUiState>(() => ({ tab: 'logistics', highlighted: new Set(), selectedFinding: null, jump: 0, revealed: new Set() }));

export const useTab = (): Tab => useCaseUi((s) => s.tab);
export const useHighlighted = (key: string): boolean => useCaseUi((s) => s.highlighted.has(key));
export const useHighlightSet = (): ReadonlySet<string> => useCaseUi((s) => s.highlighted);
export const useSelectedFinding = (): number | null => useCaseUi((s) => s.selectedFinding);
export const useJump = (): number => useCaseUi((s) => s.jump);
export const useRevealed = (id: string): boolean => useCaseUi((s) => s.revealed.has(id));

export const caseUi = {
  setTab: (tab: Tab) => useCaseUi.setState({ tab }),
  getTab: (): Tab => useCaseUi.getState().tab,
  jumpTo: (index: number, tab: Tab | null, keys: string[]) =>
    useCaseUi.setState((s) => ({ selectedFinding: index, highlighted: new Set(keys), tab: tab ?? s.tab, jump: s.jump + 1 })),
  getSelectedFinding: (): number | null => useCaseUi.getState().selectedFinding,
  toggleReveal: (id: string) =>
    useCaseUi.setState((s) => {
      const next = new Set(s.revealed);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return { revealed: next };
    }),
  revealAll: (ids: string[]) => useCaseUi.setState({ revealed: new Set(ids) }),
  /** A new case starts clean: first tab with evidence, nothing highlighted. */
  reset: (tab: Tab) => useCaseUi.setState({ tab, highlighted: new Set(), selectedFinding: null, revealed: new Set() }),
};
