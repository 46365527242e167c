import { createPlan, listGolden, listPlans, overrideDecision, previewPlan, qaRecords, registerGolden } from '../services/qa';
import { handlers, requireUser, type Deps } from './define';

/** Supervisor QA: sampling plans, golden cases, overrides and the dashboard's records. Blind reviews travel by sync push/pull. */
export function qaHandlers(deps: Deps) {
  return handlers({
    qaPreview: async ({ body, user }) => previewPlan(deps.db, requireUser(user), body),
    qaCreatePlan: async ({ body, user }) => createPlan(deps.db, requireUser(user), body),
    qaPlans: async ({ user }) => listPlans(deps.db, requireUser(user)),
    qaRegisterGolden: async ({ body, user }) => registerGolden(deps.db, deps.policies, requireUser(user), body),
    qaGolden: async () => ({ golden: await listGolden(deps.db) }),
    qaOverride: async ({ body, user }) => overrideDecision(deps.db, deps.policies, requireUser(user), body),
    qaRecords: async ({ query, user }) => qaRecords(deps.db, requireUser(user), query),
  });
}
