import type { FastifyInstance } from 'fastify';
import { PullQuerySchema, PullResponseSchema, PushRequestSchema, PushResponseSchema, type MutationResult } from '@common/api';
import { applyMutation, parseCursor, pull } from '../services/sync';
import { defineRoute, RawJson, requireUser, type Deps } from './define';

export function registerSyncRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    deps,
    { method: 'GET', url: '/v1/sync/pull', summary: 'Changes after a cursor, scoped to the caller, paged', roles: ['arbitrator', 'supervisor', 'admin'], query: PullQuerySchema, response: PullResponseSchema },
    async ({ query, user }) => new RawJson(await pull(deps.db, requireUser(user), parseCursor(query.cursor), query.limit)),
  );
  defineRoute(
    app,
    deps,
    { method: 'POST', url: '/v1/sync/push', summary: 'Apply ordered mutations, each once, each in its own transaction', roles: ['arbitrator', 'supervisor'], body: PushRequestSchema, response: PushResponseSchema },
    async ({ body, user }) => {
      const ctx = { db: deps.db, policy: deps.policy, user: requireUser(user), recent: deps.recent };
      const results: MutationResult[] = [];
      // In order: a later mutation may depend on an earlier one (note, then decide).
      for (const m of body.mutations) results.push(await applyMutation(ctx, m));
      return { results };
    },
  );
}
