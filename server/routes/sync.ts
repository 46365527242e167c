import type { MutationResult } from '@common/api';
import { applyMutation, parseCursor, pull } from '../services/sync';
import { handlers, RawJson, requireUser, type Deps } from './define';

export function syncHandlers(deps: Deps) {
  return handlers({
    pull: async ({ query, user }) => new RawJson(await pull(deps.db, requireUser(user), parseCursor(query.cursor), query.limit, { part: deps.policies.pullPart(query.policySeq) })),
    push: async ({ body, user }) => {
      const ctx = { db: deps.db, policies: deps.policies, user: requireUser(user), recent: deps.recent };
      const results: MutationResult[] = [];
      // In order: a later mutation may depend on an earlier one (note, then decide).
      for (const m of body.mutations) results.push(await applyMutation(ctx, m));
      return { results };
    },
  });
}
