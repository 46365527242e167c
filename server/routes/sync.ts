import type { MutationResult } from '@common/api';
import { ApiError } from '../services/errors';
import { applyPush, parseCursor, pull } from '../services/sync';
import { handlers, RawJson, requireUser, type Deps } from './define';

export function syncHandlers(deps: Deps) {
  return handlers({
    pull: async ({ query, user }) =>
      new RawJson(
        await pull(
          deps.db,
          requireUser(user),
          parseCursor(query.cursor),
          query.limit,
          { part: deps.policies.pullPart(query.policySeq) },
          { part: await deps.snippets.pullPart(query.snippetsVersion) },
          { part: await deps.macros.pullPart(requireUser(user), query.macrosVersion) },
        ),
      ),
    push: async ({ body, user }) => {
      const ctx = { db: deps.db, policies: deps.policies, snippets: deps.snippets, macros: deps.macros, user: requireUser(user), recent: deps.recent };
      // An item without a usable clientId cannot be answered or replayed: the push is malformed, and
      // nothing of it is applied. Every other bad item is answered on its own below.
      body.mutations.forEach((m, i) => {
        if (m.type === 'invalid' && m.clientId === null) throw new ApiError(400, 'invalid_body', `body field mutations[${i}].clientId: a mutation needs a clientId (1–128 characters)`, `mutations[${i}].clientId`);
      });
      // In order, one result per item: a later mutation may depend on an earlier one (note, then decide).
      const results: MutationResult[] = await applyPush(ctx, body.mutations);
      return { results };
    },
  });
}
