import { caseViewTexts } from '../services/cases';
import { claimNextCases, releaseCases, renewLeases } from '../services/claims';
import { ApiError } from '../services/errors';
import { caseLinks } from '../services/links';
import { casePrecedents } from '../services/precedents';
import { blindView, openReviewCases } from '../services/qa';
import { caseTimeline } from '../services/timeline';
import { handlers, RawJson, requireUser, type Deps } from './define';

export function caseHandlers(deps: Deps) {
  return handlers({
    claim: async ({ body, user }) => new RawJson(await claimNextCases(deps, requireUser(user), body)),
    heartbeat: async ({ body, user }) => renewLeases(deps.db, requireUser(user).id, body.caseIds, deps.policies.current()),
    release: async ({ body, user }) => releaseCases(deps.db, requireUser(user).id, body.caseIds),
    caseById: async ({ params, user }) => {
      const u = requireUser(user);
      const row = await deps.db.selectFrom('cases').select(['id', 'assignee_id']).where('id', '=', params.caseId).executeTakeFirst();
      // A case an arbitrator does not hold answers exactly as a case that does not exist: a 403 would
      // tell them which ids are real.
      if (!row || (u.role === 'arbitrator' && row.assignee_id !== u.id)) throw new ApiError(404, 'not_found', `case ${params.caseId} not found`, 'caseId');
      const view = (await caseViewTexts(deps.db, [row.id])).get(row.id);
      if (!view) throw new ApiError(404, 'not_found', `case ${params.caseId} not found`, 'caseId');
      // Under the caller's open blind review: the case without its decision, claim and notes, as pull sends it.
      if ((await openReviewCases(deps.db, u, [row.id])).has(row.id)) return blindView(view);
      return new RawJson(view);
    },
    casePrecedents: async ({ params, user }) => casePrecedents(deps.db, requireUser(user), params.caseId),
    caseTimeline: async ({ params, user }) => caseTimeline(deps.db, requireUser(user), params.caseId),
    caseLinks: async ({ params, user }) => caseLinks(deps.db, requireUser(user), params.caseId),
  });
}
