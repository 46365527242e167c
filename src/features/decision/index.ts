/**
 * Deciding a case: the arbitrator's decision panel, and the decision form it shares with QA's
 * blind review (with the form's store actions and the draft model).
 */
export { DecisionForm, type DecisionFormProps } from './DecisionForm';
export { DecisionPanel } from './DecisionPanel';
export { assessmentOf, buildDecision, reasonOptions, remedyOptions, toggleCitation, withItem, withRemedy } from './decisionModel';
export { decisionUi, useDecisionFocused, useDraft } from './decisionStore';
export { assessmentSummary, findingKey, liveAssessment, sameFindings, type LiveAssessment } from './liveAssessment';
export { formStore, type FormDraft, type FormState, type FormStore } from './formStore';
export { useUndoCommand } from './useUndo';
export { UndoToast } from './UndoToast';
