import { sql } from 'kysely';
import type { ComplaintKind, Decision } from '@common/domain';
import { addEvidence, appeal, withdraw } from '../services/platform';
import { events, parseCursor } from '../services/sync';
import { handlers, requireUser, type Deps } from './define';

export function platformHandlers(deps: Deps) {
  const ctx = (actorId: string) => ({ db: deps.db, policies: deps.policies, actorId });
  return handlers({
    withdraw: async ({ params, body, user }) => withdraw(ctx(requireUser(user).id), params.externalId, body.reason),
    addEvidence: async ({ params, body, user }) => addEvidence(ctx(requireUser(user).id), params.externalId, body),
    appeal: async ({ params, body, user }) => appeal(ctx(requireUser(user).id), params.externalId, body.byId, body.reason, body.filedAt ? new Date(body.filedAt) : new Date()),
    events: async ({ query }) => events(deps.db, parseCursor(query.cursor), query.limit),
    qaSample: async ({ query, user }) => {
      const me = requireUser(user).id;
      // Never a case the caller is reviewing blind: the sample shows the decision and who made it.
      let q = deps.db
        .selectFrom('cases')
        .select(['id', 'external_id', 'kind', 'decided_by', 'decision'])
        .where('status', '=', 'decided')
        .where((eb) =>
          eb.not(eb.exists(eb.selectFrom('qa_items').select('qa_items.id').whereRef('qa_items.case_id', '=', 'cases.id').where('qa_items.supervisor_id', '=', me).where('qa_items.status', '=', 'open'))),
        );
      if (query.kind) q = q.where('kind', '=', query.kind);
      if (query.arbitratorId) q = q.where('decided_by', '=', query.arbitratorId);
      // Deterministic per seed, so a sample can be reproduced for calibration.
      const rows = await q.orderBy(sql`md5(id || ${String(query.seed)})`).limit(query.size).execute();
      return {
        cases: rows.map((r) => ({ caseId: r.id, externalId: r.external_id, kind: r.kind as ComplaintKind, decidedBy: r.decided_by ?? '', decision: r.decision as Decision })),
      };
    },
  });
}
