import { caseViewTexts, claimCases, countOfflineHeld, releaseCases, renewLeases, ROLE_QUEUES } from '../services/cases';
import { ApiError } from '../services/errors';
import { insertGolden, pickGolden } from '../services/qa';
import { handlers, RawJson, requireUser, type Deps } from './define';

export function caseHandlers(deps: Deps) {
  return handlers({
    claim: async ({ body, user }) => {
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
    heartbeat: async ({ body, user }) => renewLeases(deps.db, requireUser(user).id, body.caseIds, deps.policy),
    release: async ({ body, user }) => releaseCases(deps.db, requireUser(user).id, body.caseIds),
    caseById: async ({ params, user }) => {
      const u = requireUser(user);
      const row = await deps.db.selectFrom('cases').select(['id', 'assignee_id']).where('id', '=', params.caseId).executeTakeFirst();
      if (!row) throw new ApiError(404, 'not_found', `case ${params.caseId} not found`, 'caseId');
      if (u.role === 'arbitrator' && row.assignee_id !== u.id) throw new ApiError(403, 'forbidden', 'you do not hold this case', 'caseId');
      const view = (await caseViewTexts(deps.db, [row.id])).get(row.id);
      if (!view) throw new ApiError(404, 'not_found', `case ${params.caseId} not found`, 'caseId');
      return new RawJson(view);
    },
  });
}
