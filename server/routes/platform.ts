import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AddEvidenceRequestSchema, AppealRequestSchema, CaseStateResponseSchema, EventsQuerySchema, EventsResponseSchema, QaSampleQuerySchema, QaSampleResponseSchema, WithdrawRequestSchema } from '@common/api';
import { sql } from 'kysely';
import type { ComplaintKind, Decision } from '@common/domain';
import { addEvidence, appeal, withdraw } from '../services/platform';
import { events, parseCursor } from '../services/sync';
import { defineRoute, requireUser, type Deps } from './define';

/** Platform integrations authenticate as admin accounts (service users). */
const PLATFORM = ['admin'] as const;
const ExternalIdParams = z.object({ externalId: z.string().min(1).max(128) });

export function registerPlatformRoutes(app: FastifyInstance, deps: Deps): void {
  const ctx = (actorId: string) => ({ db: deps.db, policy: deps.policy, actorId });
  defineRoute(
    app,
    deps,
    { method: 'POST', url: '/v1/platform/cases/:externalId/withdraw', summary: 'Complainant withdraws (serious kinds keep the penalty review)', roles: PLATFORM, params: ExternalIdParams, body: WithdrawRequestSchema, response: CaseStateResponseSchema },
    async ({ params, body, user }) => withdraw(ctx(requireUser(user).id), params.externalId, body.reason),
  );
  defineRoute(
    app,
    deps,
    { method: 'POST', url: '/v1/platform/cases/:externalId/evidence', summary: 'Append evidence; findings are recomputed and the holder sees it in pull', roles: PLATFORM, params: ExternalIdParams, body: AddEvidenceRequestSchema, response: CaseStateResponseSchema },
    async ({ params, body, user }) => addEvidence(ctx(requireUser(user).id), params.externalId, body),
  );
  defineRoute(
    app,
    deps,
    { method: 'POST', url: '/v1/platform/cases/:externalId/appeal', summary: 'Appeal a decision; a different arbitrator re-decides', roles: PLATFORM, params: ExternalIdParams, body: AppealRequestSchema, response: CaseStateResponseSchema },
    async ({ params, body, user }) => appeal(ctx(requireUser(user).id), params.externalId, body.byId, body.reason, body.filedAt ? new Date(body.filedAt) : new Date()),
  );
  defineRoute(app, deps, { method: 'GET', url: '/v1/events', summary: 'Decision / withdrawal / appeal feed for the platform', roles: PLATFORM, query: EventsQuerySchema, response: EventsResponseSchema }, async ({ query }) =>
    events(deps.db, parseCursor(query.cursor), query.limit),
  );
  defineRoute(
    app,
    deps,
    { method: 'GET', url: '/v1/qa/sample', summary: 'Random sample of decided cases for blind re-review (supervisors)', roles: ['supervisor'], query: QaSampleQuerySchema, response: QaSampleResponseSchema },
    async ({ query }) => {
      let q = deps.db.selectFrom('cases').select(['id', 'external_id', 'kind', 'decided_by', 'decision']).where('status', '=', 'decided');
      if (query.kind) q = q.where('kind', '=', query.kind);
      if (query.arbitratorId) q = q.where('decided_by', '=', query.arbitratorId);
      // Deterministic per seed, so a sample can be reproduced for calibration.
      const rows = await q.orderBy(sql`md5(id || ${String(query.seed)})`).limit(query.size).execute();
      return {
        cases: rows.map((r) => ({ caseId: r.id, externalId: r.external_id, kind: r.kind as ComplaintKind, decidedBy: r.decided_by ?? '', decision: r.decision as Decision })),
      };
    },
  );
}
