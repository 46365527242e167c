/**
 * Supervisor QA on the server, one module per concern: the decision population, sampling plans
 * (drawn by draw.ts), blind review, overrides, golden cases and the dashboard's records.
 */
export { loadDecisions, type DecisionRecord } from './population';
export { createPlan, listPlans, previewPlan } from './plans';
export { applyQaReview, blindView, openReviewCases, qaForPull } from './review';
export { overrideDecision } from './overrides';
export { insertGolden, listGolden, pickGolden, registerGolden, type Golden } from './golden';
export { qaRecords } from './records';
