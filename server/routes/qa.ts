import type { FastifyInstance } from 'fastify';
import {
  QaGoldenListSchema,
  QaGoldenRequestSchema,
  QaGoldenViewSchema,
  QaOverrideRequestSchema,
  QaOverrideResponseSchema,
  QaPlanCreatedSchema,
  QaPlanListSchema,
  QaPlanRequestSchema,
  QaPreviewResponseSchema,
  QaRecordsQuerySchema,
  QaRecordsResponseSchema,
} from '@common/api';
import { createPlan, listGolden, listPlans, overrideDecision, previewPlan, qaRecords, registerGolden } from '../services/qa';
import { defineRoute, requireUser, type Deps } from './define';

/** Supervisor QA: sampling plans, golden cases, overrides and the dashboard's records. Blind reviews travel by sync push/pull. */
const QA = ['supervisor', 'admin'] as const;

export function registerQaRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, { method: 'POST', url: '/v1/qa/plans/preview', summary: 'What a sampling plan would draw now (strata, counts, first items); records nothing', roles: QA, body: QaPlanRequestSchema, response: QaPreviewResponseSchema }, async ({ body, user }) =>
    previewPlan(deps.db, requireUser(user), body),
  );
  defineRoute(
    app,
    deps,
    { method: 'POST', url: '/v1/qa/plans', summary: 'Record a sampling plan with its seed and draw; drawn decisions become blind review items', roles: QA, body: QaPlanRequestSchema, response: QaPlanCreatedSchema, status: 201 },
    async ({ body, user }) => createPlan(deps.db, requireUser(user), body),
  );
  defineRoute(app, deps, { method: 'GET', url: '/v1/qa/plans', summary: 'Recorded sampling plans (a supervisor sees the ones it made or reviews)', roles: QA, response: QaPlanListSchema }, async ({ user }) =>
    listPlans(deps.db, requireUser(user)),
  );
  defineRoute(app, deps, { method: 'POST', url: '/v1/qa/golden', summary: 'Register a golden case (known answer) inserted into claims at a rate', roles: QA, body: QaGoldenRequestSchema, response: QaGoldenViewSchema, status: 201 }, async ({ body, user }) =>
    registerGolden(deps.db, deps.policy, requireUser(user), body),
  );
  defineRoute(app, deps, { method: 'GET', url: '/v1/qa/golden', summary: 'Golden cases with how often they were inserted and answered correctly', roles: QA, response: QaGoldenListSchema }, async () => ({
    golden: await listGolden(deps.db),
  }));
  defineRoute(
    app,
    deps,
    { method: 'POST', url: '/v1/qa/overrides', summary: "Overturn a decision with a reason: event, audit row, and a notice in the arbitrator's pull", roles: ['supervisor'], body: QaOverrideRequestSchema, response: QaOverrideResponseSchema },
    async ({ body, user }) => overrideDecision(deps.db, deps.policy, requireUser(user), body),
  );
  defineRoute(app, deps, { method: 'GET', url: '/v1/qa/records', summary: 'Review pairs and decision facts for the QA dashboard, most recent first', roles: QA, query: QaRecordsQuerySchema, response: QaRecordsResponseSchema }, async ({ query }) =>
    qaRecords(deps.db, query),
  );
}
