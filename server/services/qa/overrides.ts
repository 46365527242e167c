/** QA overrides: a supervisor replaces an arbitrator's decision, with an event, an audit row and a notice. */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { QaOverrideRequestSchema, QaOverrideResponse } from '@common/api';
import type { CaseBundle, Decision } from '@common/domain';
import type { z } from 'zod';
import type { DB } from '../../db/schema';
import type { PolicyRegistry } from '../policies';
import { appendAudit } from '../audit';
import { stateOf } from '../cases';
import { checkDecision, type StoredAssessment } from '../engine';
import { ApiError } from '../errors';
import { factsOf, type User } from './facts';

type OverrideRequest = z.output<typeof QaOverrideRequestSchema>;

/**
 * A supervisor overturns a decision: the case carries the new decision, the platform's feed gets an
 * `overridden` event, the audit log a row, and the deciding arbitrator a notice in pull. Idempotent
 * per (supervisor, clientId).
 */
export async function overrideDecision(db: Kysely<DB>, policies: PolicyRegistry, user: User, req: OverrideRequest): Promise<QaOverrideResponse> {
  const replay = async () => (await db.selectFrom('mutations').select('result').where('user_id', '=', user.id).where('client_id', '=', req.clientId).executeTakeFirst())?.result as QaOverrideResponse | undefined;
  const prior = await replay();
  if (prior) return prior;
  try {
    return await db.transaction().execute(async (trx) => {
      const c = await trx.selectFrom('cases').selectAll().where('id', '=', req.caseId).forUpdate().executeTakeFirst();
      if (!c) throw new ApiError(404, 'not_found', `case ${req.caseId} not found`, 'caseId');
      if (!c.decision || (c.status !== 'decided' && c.status !== 'closed')) throw new ApiError(409, 'conflict', `only a decided case can be overridden (case is ${c.status})`, 'caseId');
      if (req.itemId) {
        const item = await trx.selectFrom('qa_items').select(['id', 'case_id']).where('id', '=', req.itemId).executeTakeFirst();
        if (!item || item.case_id !== c.id) throw new ApiError(400, 'invalid_body', `itemId ${req.itemId} is not a QA item of this case`, 'itemId');
      }
      const previous = c.decision as Decision;
      const policy = await policies.forCase(c);
      const decision: Decision = {
        verdict: req.decision.verdict,
        remedies: req.decision.remedies,
        reasonCodes: req.decision.reasonCodes,
        note: req.decision.note || req.reason,
        citedEvidence: [],
        decidedBy: user.id,
        decidedAt: new Date().toISOString(),
        policyVersion: policy.version,
        mutationId: req.clientId,
      };
      const issues = checkDecision(c.bundle as CaseBundle, c.findings as StoredAssessment, decision, policy);
      if (issues.length) throw new ApiError(400, 'invalid_body', issues.map((i) => i.message).join('; '), issues[0]!.path);
      const next = await trx.updateTable('cases').set({ decision: JSON.stringify(decision), version: sql<number>`version + 1`, updated_at: new Date() }).where('id', '=', c.id).returningAll().executeTakeFirstOrThrow();
      const id = randomUUID();
      const arbitratorId = c.decided_by ?? previous.decidedBy;
      await trx.insertInto('qa_overrides').values({ id, case_id: c.id, supervisor_id: user.id, arbitrator_id: arbitratorId, item_id: req.itemId ?? null, reason: req.reason, previous: JSON.stringify(factsOf(previous)), decision: JSON.stringify(decision) }).execute();
      await trx
        .insertInto('changes')
        .values({ case_id: c.id, type: 'overridden', holder_id: arbitratorId, former_holder_id: null, payload: JSON.stringify({ decision, status: next.status, reason: req.reason, previous: factsOf(previous) }) })
        .execute();
      await appendAudit(trx, { actorId: user.id, action: 'case.override', caseId: c.id, before: stateOf(c), after: { ...stateOf(next), reason: req.reason, overrideId: id } });
      const res: QaOverrideResponse = { overrideId: id, caseId: c.id, caseVersion: next.version, previous: factsOf(previous), decision };
      await trx.insertInto('mutations').values({ user_id: user.id, client_id: req.clientId, type: 'qa_override', case_id: c.id, result: JSON.stringify(res) }).execute();
      return res;
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      const again = await replay();
      if (again) return again;
    }
    throw err;
  }
}
