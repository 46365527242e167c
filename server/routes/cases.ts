import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CaseIdsRequestSchema, CaseViewSchema, ClaimRequestSchema, ClaimResponseSchema, HeartbeatResponseSchema, ReleaseResponseSchema } from '@common/api';
import { caseViewTexts, claimCases, countOfflineHeld, releaseCases, renewLeases, ROLE_QUEUES } from '../services/cases';
import { ApiError } from '../services/errors';
import { insertGolden, pickGolden } from '../services/qa';
import { defineRoute, RawJson, requireUser, type Deps } from './define';

const WORKERS = ['arbitrator', 'supervisor'] as const;

export function registerCaseRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    deps,
    { method: 'POST', url: '/v1/claims', summary: 'Claim the next N cases (priority, then dueAt, oldest first) with a lease', roles: WORKERS, body: ClaimRequestSchema, response: ClaimResponseSchema },
    async ({ body, user }) => {
      const u = requireUser(user);
      const allowed = ROLE_QUEUES[u.role];
      if (body.queue && !allowed.includes(body.queue)) throw new ApiError(403, 'forbidden', `role ${u.role} does not work the ${body.queue} queue`, 'queue');
      let count = body.count;
      if (body.mode === 'offline') count = Math.min(count, Math.max(0, deps.policy.leases.offlineMaxCases - (await countOfflineHeld(deps.db, u.id))));
      const queues = body.queue ? [body.queue] : allowed;
      // Golden cases (QA) take some of an arbitrator's places, at their configured rates.
      const golden = u.role === 'arbitrator' ? await pickGolden(deps.db, u.id, queues, count, deps.random) : [];
      const rows = await claimCases(deps.db, { userId: u.id, queues, count: count - golden.length, offline: body.mode === 'offline', policy: deps.policy });
      deps.recent.remember(rows);
      const views = rows.map((r) => r.view);
      for (const g of await insertGolden(deps.db, deps.policy, u.id, body.mode === 'offline', golden)) {
        deps.recent.remember([g]);
        views.splice(Math.floor(deps.random() * (views.length + 1)), 0, g.view);
      }
      return new RawJson(`{"cases":[${views.join(',')}]}`);
    },
  );
  defineRoute(app, deps, { method: 'POST', url: '/v1/claims/heartbeat', summary: 'Renew leases on held cases', roles: WORKERS, body: CaseIdsRequestSchema, response: HeartbeatResponseSchema }, async ({ body, user }) =>
    renewLeases(deps.db, requireUser(user).id, body.caseIds, deps.policy),
  );
  defineRoute(app, deps, { method: 'POST', url: '/v1/claims/release', summary: 'Hand held cases back to the queue', roles: WORKERS, body: CaseIdsRequestSchema, response: ReleaseResponseSchema }, async ({ body, user }) =>
    releaseCases(deps.db, requireUser(user).id, body.caseIds),
  );
  defineRoute(
    app,
    deps,
    { method: 'GET', url: '/v1/cases/:caseId', summary: 'One case; arbitrators see only cases they hold', roles: ['arbitrator', 'supervisor', 'admin'], params: z.object({ caseId: z.string().min(1).max(128) }), response: CaseViewSchema },
    async ({ params, user }) => {
      const u = requireUser(user);
      const row = await deps.db.selectFrom('cases').select(['id', 'assignee_id']).where('id', '=', params.caseId).executeTakeFirst();
      if (!row) throw new ApiError(404, 'not_found', `case ${params.caseId} not found`, 'caseId');
      if (u.role === 'arbitrator' && row.assignee_id !== u.id) throw new ApiError(403, 'forbidden', 'you do not hold this case', 'caseId');
      const view = (await caseViewTexts(deps.db, [row.id])).get(row.id);
      if (!view) throw new ApiError(404, 'not_found', `case ${params.caseId} not found`, 'caseId');
      return new RawJson(view);
    },
  );
}
