import { create } from 'zustand';
import { setHighlighted } from '../../ui/evidenceHighlight';
import type { CaseTab, Tab } from './evidenceRefs';

/**
 * Evidence UI state for the open case: the tab, the selected finding, and which media are
 * revealed. What the selected finding highlights is in ui/evidenceHighlight (history rows follow
 * it too); a jump and a reset set both.
 */
type EvidenceUiState = {
  tab: CaseTab;
  /** Index in the findings list of the selected finding, or null. */
  selectedFinding: number | null;
  /** Bumped on every jump, so jumping to the same finding again scrolls again. */
  jump: number;
  revealed: ReadonlySet<string>;
};

const useEvidenceUi = create<EvidenceUiState>(() => ({ tab: 'logistics', selectedFinding: null, jump: 0, revealed: new Set() }));

export const useTab = (): CaseTab => useEvidenceUi((s) => s.tab);
export const useSelectedFinding = (): number | null => useEvidenceUi((s) => s.selectedFinding);
export const useJump = (): number => useEvidenceUi((s) => s.jump);
export const useRevealed = (id: string): boolean => useEvidenceUi((s) => s.revealed.has(id));

export const evidenceUi = {
  setTab: (tab: CaseTab) => useEvidenceUi.setState({ tab }),
  getTab: (): CaseTab => useEvidenceUi.getState().tab,
  /** Selects finding `index`, highlights `keys` (its refs) and shows `tab`, if given. */
  jumpTo: (index: number, tab: Tab | null, keys: string[]) => {
    setHighlighted(keys);
    useEvidenceUi.setState((s) => ({ selectedFinding: index, tab: tab ?? s.tab, jump: s.jump + 1 }));
  },
  getSelectedFinding: (): number | null => useEvidenceUi.getState().selectedFinding,
  toggleReveal: (id: string) =>
    useEvidenceUi.setState((s) => {
      const next = new Set(s.revealed);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return { revealed: next };
    }),
  revealAll: (ids: string[]) => useEvidenceUi.setState({ revealed: new Set(ids) }),
  /** A new case starts clean: first tab with evidence, nothing highlighted. */
  reset: (tab: Tab) => {
    setHighlighted([]);
    useEvidenceUi.setState({ tab, selectedFinding: null, revealed: new Set() });
  },
};
