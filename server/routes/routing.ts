import { routingCandidates, routingView, saveRoutingRule, saveSkills } from '../services/routing';
import { handlers, requireUser, type Deps } from './define';

/** Routing rules and skill profiles (admins edit, supervisors read), and "who would get this case?". */
export function routingHandlers(deps: Deps) {
  return handlers({
    routing: async () => routingView(deps.db),
    routingSaveRule: async ({ body, user }) => saveRoutingRule(deps.db, requireUser(user), body),
    routingSaveSkills: async ({ body, user }) => saveSkills(deps.db, requireUser(user), body),
    routingCandidates: async ({ query }) => routingCandidates(deps.db, query),
  });
}
