import { create } from 'zustand';
import { EMPTY_ESCALATION, EMPTY_REQUEST, type EscalationDraft, type RequestDraft } from './actionModel';

/**
 * The evidence request and escalation being filled in, for one case. Which form is open is the
 * decision store's `action`; this holds what is in it, and whether its gaps are being shown.
 */
type ActionForms = { caseId: string | null; request: RequestDraft; escalation: EscalationDraft; showProblems: boolean };

const useActionForms = create<ActionForms>(() => ({ caseId: null, request: EMPTY_REQUEST, escalation: EMPTY_ESCALATION, showProblems: false }));

export const useRequestDraft = (): RequestDraft => useActionForms((s) => s.request);
export const useEscalationDraft = (): EscalationDraft => useActionForms((s) => s.escalation);
export const useShowActionProblems = (): boolean => useActionForms((s) => s.showProblems);

export const actionForms = {
  get: (): ActionForms => useActionForms.getState(),
  /** A form opens empty for a new case, and as it was left for the same one. */
  open: (caseId: string) => {
    if (useActionForms.getState().caseId !== caseId) useActionForms.setState({ caseId, request: EMPTY_REQUEST, escalation: EMPTY_ESCALATION, showProblems: false });
  },
  /** After sending: nothing of it is carried to the next form. */
  reset: () => useActionForms.setState({ caseId: null, request: EMPTY_REQUEST, escalation: EMPTY_ESCALATION, showProblems: false }),
  setRequest: (request: RequestDraft) => useActionForms.setState({ request }),
  setEscalation: (patch: Partial<EscalationDraft>) => useActionForms.setState((s) => ({ escalation: { ...s.escalation, ...patch } })),
  setShowProblems: (showProblems: boolean) => useActionForms.setState({ showProblems }),
};
