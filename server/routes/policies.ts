import { whatIfSlice } from '../services/whatIf';
import { handlers, requireUser, type Deps } from './define';

/** The policy registry (services/policies.ts): list, one version with its catalogue, publication; and the what-if (services/whatIf.ts). */
export function policyHandlers(deps: Deps) {
  return handlers({
    policies: async () => {
      await deps.policies.refresh();
      return deps.policies.listView();
    },
    policyVersion: async ({ params }) => deps.policies.view(params.version),
    publishPolicy: async ({ body, user }) => deps.policies.publish(body, requireUser(user).id),
    policyWhatIf: async ({ body }) => whatIfSlice(deps.db, deps.policies, body),
  });
}
