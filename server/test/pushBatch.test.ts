import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type KyselyPlugin, type RawBuilder } from 'kysely';
import type { CaseView, MutationResult } from '@common/api';
import { applyPush, type PushItem } from '../services/sync';
import { bundle, call, decisionFor, makeEnv, PG_SKIP_REASON, seedUsers, type Engine, type Session, type TestEnv } from '../../testing/serverHarness';
import { describePgSkipped } from './pgSkip';

/**
 * A push from the sync engine is a batch (up to 200 items), written in one statement per run of
 * decisions; each item still gets its own result, a replayed clientId its stored answer, a malformed
 * item its own rejection, and a conflict its own conflict, with no row written twice.
 */
const engines: Engine[] = PG_SKIP_REASON ? ['pglite'] : ['pglite', 'postgres'];
describePgSkipped('push batches');
for (const engine of engines) {
  describe(`push batches on ${engine}`, () => {
    let env: TestEnv;
    let s: Record<string, Session>;
    let ext = 70_000;
    beforeAll(async () => {
      env = await makeEnv(engine);
      s = await seedUsers(env.app, ['arb1', 'arb2', 'admin']);
    });
    afterAll(async () => env?.close());

    /** `n` new cases at the head of the queue, claimed by `who`. */
    const claim = async (who: Session, n: number): Promise<CaseView[]> => {
      await env.database.db.updateTable('cases').set({ status: 'closed' }).where('leased', '=', false).where('status', 'in', ['queued', 'appealed']).execute();
      const bundles = Array.from({ length: n }, (_, i) => bundle(ext++, { priority: 'urgent', dueAt: `2020-01-${String(i + 1).padStart(2, '0')}T00:00:00Z` }));
      expect((await call(env.app, s.admin!, 'POST', '/v1/import', bundles)).statusCode).toBe(200);
      const got = (await call(env.app, who, 'POST', '/v1/claims', { count: n })).json<{ cases: CaseView[] }>().cases;
      expect(got).toHaveLength(n);
      return got;
    };
    const decide = (c: CaseView, clientId: string, userId = s.arb1!.userId) => ({ clientId, type: 'decide', caseId: c.id, decision: decisionFor(c.kind, userId, clientId) });
    const push = async (who: Session, mutations: unknown[]) => {
      const r = await call(env.app, who, 'POST', '/v1/sync/push', { mutations });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ results: MutationResult[] }>().results;
    };
    /** Rows of `table` on these cases matching `where` (a fixed SQL condition). */
    const count = async (table: 'mutations' | 'changes' | 'audit_log', where: RawBuilder<unknown>, caseIds: string[]) =>
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where} and case_id in (${sql.join(caseIds)})`.execute(env.database.db)).rows[0]!.n;
    const mine = () => sql`user_id = ${s.arb1!.userId}`;
    const decided = sql`type = 'decided'`;

    it('answers a good decision, a replay, a malformed item and conflicts each on its own, and a replayed batch writes nothing', async () => {
      const [a, b, c, d] = await claim(s.arb1!, 4);
      const [other] = await claim(s.arb2!, 1);
      // A decided before the batch: its clientId is replayed in it, and a new decision on it conflicts.
      const [first] = await push(s.arb1!, [decide(a!, 'pb-a')]);
      expect(first).toMatchObject({ clientId: 'pb-a', status: 'applied', caseId: a!.id });
      const batch = [
        decide(b!, 'pb-b'),
        decide(a!, 'pb-a'), // replay of the push above
        { clientId: 'pb-bad', type: 'decide', caseId: c!.id, decision: { verdict: 'maybe' } }, // malformed
        decide(a!, 'pb-a2'), // A is decided already
        decide(other!, 'pb-other'), // held by arb2
        decide(c!, 'pb-c'),
        decide(b!, 'pb-b'), // the same clientId twice in one batch
        decide(c!, 'pb-c2'), // after pb-c in the same batch: already decided
        { ...decide(d!, 'pb-d'), decision: { ...decisionFor(d!.kind, s.arb1!.userId, 'pb-d'), policyVersion: 'no-such-version' } }, // not the case's governing policy
      ];
      const results = await push(s.arb1!, batch);
      expect(results.map((r) => [r.clientId, r.status, 'reason' in r ? r.reason : null])).toEqual([
        ['pb-b', 'applied', null],
        ['pb-a', 'applied', null],
        ['pb-bad', 'rejected', 'invalid_request'],
        ['pb-a2', 'conflict', 'already_decided'],
        ['pb-other', 'conflict', 'claimed_by_other'],
        ['pb-c', 'applied', null],
        ['pb-b', 'applied', null],
        ['pb-c2', 'conflict', 'already_decided'],
        ['pb-d', 'rejected', 'invalid_decision'],
      ]);
      expect(results[1]).toEqual(first); // the stored answer, the case version included
      expect(results[6]).toEqual(results[0]);
      const ids = [a!.id, b!.id, c!.id, d!.id, other!.id];
      const state = async () => ({
        cases: await env.database.db.selectFrom('cases').select(['id', 'status', 'version', 'decided_by']).where('id', 'in', ids).orderBy('id').execute(),
        // One mutation row per distinct clientId: pb-a, pb-b, pb-a2, pb-other, pb-c, pb-c2, pb-d on
        // the cases, and pb-bad stored without one.
        mutations: await count('mutations', mine(), ids),
        malformed: (await sql<{ n: number }>`select count(*)::int as n from mutations where ${mine()} and client_id = 'pb-bad' and case_id is null`.execute(env.database.db)).rows[0]!.n,
        decidedChanges: await count('changes', decided, ids),
        decideAudits: await count('audit_log', sql`action = 'case.decide'`, ids),
      });
      const after = await state();
      expect(after.cases.filter((r) => r.status === 'decided').map((r) => r.id).sort()).toEqual([a!.id, b!.id, c!.id].sort());
      expect(after.cases.find((r) => r.id === other!.id)?.decided_by).toBeNull();
      expect(after).toMatchObject({ mutations: 7, malformed: 1, decidedChanges: 3, decideAudits: 3 });
      // The whole batch again (a lost answer, retried): the same results, and not one row more.
      expect(await push(s.arb1!, batch)).toEqual(results);
      expect(await state()).toEqual(after);
    });

    it('two identical batches at once apply each decision once and answer alike', async () => {
      const cases = await claim(s.arb1!, 6);
      const batch = cases.map((c, i) => decide(c, `pb-race-${i}`));
      const [x, y] = await Promise.all([push(s.arb1!, batch), push(s.arb1!, batch)]);
      expect(x).toEqual(y);
      expect(x.every((r) => r.status === 'applied')).toBe(true);
      const ids = cases.map((c) => c.id);
      expect(await count('changes', decided, ids)).toBe(6);
      expect(await count('mutations', mine(), ids)).toBe(6);
    });

    it('writes a run of decisions in one statement, not one per mutation', async () => {
      const n = 20;
      const cases = await claim(s.arb1!, n);
      let statements = 0;
      const counter: KyselyPlugin = { transformQuery: (a) => a.node, transformResult: (a) => (statements++, Promise.resolve(a.result)) };
      const deps = env.app.gavel.deps;
      const ctx = { db: deps.db.withPlugin(counter), policies: deps.policies, snippets: deps.snippets, user: { id: s.arb1!.userId, role: 'arbitrator' as const }, recent: deps.recent };
      const items = cases.map((c, i) => decide(c, `pb-one-${i}`)) as PushItem[];
      const results = await applyPush(ctx, items);
      expect(results.map((r) => r.status)).toEqual(Array(n).fill('applied'));
      // The stored-results lookup (and the read of cases not just claimed here) and the batch write.
      expect(statements).toBeLessThanOrEqual(3);
      expect(await count('changes', decided, cases.map((c) => c.id))).toBe(n);
    });
  });
}
