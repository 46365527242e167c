import { supervisorReassign, supervisorRelease, workforceView } from '../services/workforce';
import { handlers, requireUser, type Deps } from './define';

/** The supervisor's workforce view and its actions on holdings (release, reassign). */
export function workforceHandlers(deps: Deps) {
  return handlers({
    workforce: async ({ query }) => workforceView(deps.db, query),
    workforceRelease: async ({ body, user }) => supervisorRelease(deps.db, requireUser(user), body),
    workforceReassign: async ({ body, user }) => supervisorReassign(deps.db, deps.policies.current(), requireUser(user), body),
  });
}
