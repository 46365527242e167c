import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CaseIdsRequestSchema, CaseViewSchema, ClaimRequestSchema, ClaimResponseSchema, HeartbeatResponseSchema, ReleaseResponseSchema } from '@common/api';
import { caseViewTexts } from '../services/cases';
import { claimNextCases, releaseCases, renewLeases } from '../services/claims';
import { ApiError } from '../services/errors';
import { defineRoute, RawJson, requireUser, type Deps } from './define';

const WORKERS = ['arbitrator', 'supervisor'] as const;

export function registerCaseRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    deps,
    { method: 'POST', url: '/v1/claims', summary: 'Claim the next N cases (priority, then dueAt, oldest first) with a lease', roles: WORKERS, body: ClaimRequestSchema, response: ClaimResponseSchema },
    async ({ body, user }) => new RawJson(await claimNextCases(deps, requireUser(user), body)),
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
