import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, MutationResult } from '@common/api';
import { bundle, call, decisionFor, makeEnv, PG_SKIP_REASON, seedUsers, type Engine, type Session, type TestEnv } from '../../testing/serverHarness';
import { describePgSkipped } from './pgSkip';

/**
 * Every push replayed 3× with shuffled duplicates leaves the same state as pushing once: the same
 * template of mutations runs once over one set of cases and with replays over a twin set, and the
 * twins must end identical.
 */
type Step = { kind: 'decide' | 'add_note' | 'release' | 'escalate' | 'request_evidence'; target: number };
const K = 4;

const engines: Engine[] = PG_SKIP_REASON ? ['pglite'] : ['pglite', 'postgres'];
describePgSkipped('push idempotency');
for (const engine of engines) {
  describe(`push idempotency on ${engine}`, () => {
    let env: TestEnv;
    let s: Record<string, Session>;
    let ext = 50_000;
    beforeAll(async () => {
      env = await makeEnv(engine);
      s = await seedUsers(env.app, ['arb1', 'admin']);
    });
    afterAll(async () => env?.close());

    const claimSet = async (): Promise<CaseView[]> => {
      // Earlier runs' released cases went back to the queue; take them out so the next K are ours.
      await env.database.db.updateTable('cases').set({ status: 'closed' }).where('leased', '=', false).where('status', 'in', ['queued', 'appealed']).execute();
      // Urgent + earliest due so these are exactly the next K in the queue.
      const bundles = Array.from({ length: K }, (_, i) => bundle(ext++, { priority: 'urgent', dueAt: `2020-01-0${i + 1}T00:00:00Z` }));
      await call(env.app, s.admin!, 'POST', '/v1/import', bundles);
      const got = (await call(env.app, s.arb1!, 'POST', '/v1/claims', { count: K })).json<{ cases: CaseView[] }>().cases;
      expect(got.map((c) => c.externalId)).toEqual(bundles.map((b) => b.case.externalId));
      return got;
    };
    const materialise = (steps: Step[], cases: CaseView[], prefix: string) =>
      steps.map((st, i) => {
        const c = cases[st.target]!;
        const clientId = `${prefix}-${i}`;
        switch (st.kind) {
          case 'decide':
            return { clientId, type: 'decide', caseId: c.id, decision: { ...decisionFor(c.kind, s.arb1!.userId, clientId), decidedAt: '2026-03-11T00:00:00Z' } };
          case 'add_note':
            return { clientId, type: 'add_note', caseId: c.id, text: `note ${i}` };
          case 'release':
            return { clientId, type: 'release', caseId: c.id };
          case 'escalate':
            return { clientId, type: 'escalate', caseId: c.id, reason: `why ${i}` };
          case 'request_evidence':
            return { clientId, type: 'request_evidence', caseId: c.id, from: 'both', request: `need ${i}`, dueAt: '2030-01-01T00:00:00Z' };
        }
      });
    const push = async (mutations: unknown[]) => {
      const r = await call(env.app, s.arb1!, 'POST', '/v1/sync/push', { mutations });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ results: MutationResult[] }>().results;
    };
    /** The case state with ids that legitimately differ between the twins taken out. */
    const snapshot = async (cases: CaseView[], prefix: string) => {
      const out: unknown[] = [];
      for (const c of cases) {
        const row = await env.database.db.selectFrom('cases').select(['status', 'queue', 'assignee_id', 'leased', 'lease_epoch', 'version', 'decision', 'decided_by', 'evidence_due_at']).where('id', '=', c.id).executeTakeFirstOrThrow();
        const notes = (await env.database.db.selectFrom('case_notes').select('text').where('case_id', '=', c.id).orderBy('id').execute()).map((n) => n.text);
        const changes = (await env.database.db.selectFrom('changes').select('type').where('case_id', '=', c.id).orderBy('seq').execute()).map((x) => x.type);
        out.push(JSON.parse(JSON.stringify({ ...row, notes, changes }).replaceAll(`${prefix}-`, 'M-')));
      }
      return out;
    };
    const normalise = (r: MutationResult, prefix: string, cases: CaseView[]) =>
      JSON.parse(JSON.stringify(r).replaceAll(`${prefix}-`, 'M-').replace(new RegExp(cases.map((c) => c.id).join('|'), 'g'), (id) => `case${cases.findIndex((c) => c.id === id)}`)) as unknown;

    it('3× replays with shuffled duplicates give identical state and results', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ kind: fc.constantFrom<Step['kind']>('decide', 'add_note', 'release', 'escalate', 'request_evidence'), target: fc.integer({ min: 0, max: K - 1 }) }), { minLength: 1, maxLength: 14 }),
          fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
          async (steps, rnd) => {
            run++;
            const once = await claimSet();
            const twin = await claimSet();
            const pa = `onceRun${run}`;
            const pb = `twinRun${run}`;
            const onceMuts = materialise(steps, once, pa);
            const onceResults = await push(onceMuts);

            // Each mutation three times; duplicates land at random later positions.
            const twinMuts = materialise(steps, twin, pb);
            const it = rnd[Symbol.iterator]();
            const r = () => it.next().value as number;
            const list: unknown[] = [];
            twinMuts.forEach((m) => {
              list.push(m);
              for (let d = 0; d < 2; d++) list.splice(list.length - Math.floor(r() * Math.min(3, list.length)), 0, m);
            });
            // Keep first occurrences in template order (duplicates only ever move later).
            const seen = new Set<string>();
            const firsts = list.filter((m) => {
              const id = (m as { clientId: string }).clientId;
              if (seen.has(id)) return false;
              seen.add(id);
              return true;
            });
            expect(firsts).toEqual(twinMuts);
            const byId = new Map<string, MutationResult>();
            for (let i = 0; i < list.length; ) {
              const n = 1 + Math.floor(r() * 5);
              for (const res of await push(list.slice(i, i + n))) {
                const prev = byId.get(res.clientId);
                if (prev) expect(res).toEqual(prev);
                else byId.set(res.clientId, res);
              }
              i += n;
            }
            // And a concurrent blast of the whole thing again: every answer is the stored one.
            const blast = await Promise.all([push(twinMuts), push([...twinMuts].reverse()), push(twinMuts)]);
            for (const res of blast.flat()) expect(res).toEqual(byId.get(res.clientId));

            expect(twinMuts.map((m) => normalise(byId.get(m.clientId)!, pb, twin))).toEqual(onceResults.map((x) => normalise(x, pa, once)));
            expect(await snapshot(twin, pb)).toEqual(await snapshot(once, pa));
          },
        ),
        { numRuns: engine === 'pglite' ? 12 : 20, seed: 7 },
      );
    }, 120_000);
  });
}
