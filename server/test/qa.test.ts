import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { CaseView, DecisionEvent, MutationResult, PullResponse, QaPlanCreated, QaPlanMethod, QaPopulation, QaPreviewResponse, QaRecordsResponse } from '@common/api';
import type { DecisionFact } from '@common/qa';
import { PullResponseSchema, QaPlanCreatedSchema, QaRecordsResponseSchema } from '@common/api';
import { routeList } from '@common/api/routes';
import { DEFAULT_POLICY } from '@common/policy';
import { SeededRandom } from '@common/qa/stats';
import type { Verdict } from '@common/domain';
import { buildApp } from '../app';
import { openDatabase } from '../db/database';
import { loadDecisions, pickGolden } from '../services/qa';
import { allocate, draw, rankOf, type Candidate } from '../services/qa/draw';
import { eligible } from '../services/qa/population';
import { drawSql } from '../services/qa/sample';
import { seedDecisions } from '../demo/decisions';
import { seedCases, startServer } from '../start';
import { call, decisionFor, PG_SKIP_REASON, freshPgUrl, seedUsers, type Session } from '../../testing/serverHarness';
import { describePgSkipped } from './pgSkip';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database';

/** A seeded uniform source so golden insertion is reproducible in tests. */
function seeded(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

describe('QA draw (pure)', () => {
  const cands: Candidate[] = Array.from({ length: 200 }, (_, i) => ({
    key: `case-${i}:m-${i}`,
    caseId: `case-${i}`,
    externalId: `EXT-${i}`,
    kind: i % 3 === 0 ? 'quality' : 'abnormal_order',
    arbitratorId: `arb${i % 4}`,
    verdict: (['upheld', 'partially_upheld', 'rejected'] as Verdict[])[i % 3]!,
    decidedAt: '2026-01-01T00:00:00.000Z',
  }));
  const keys = (xs: Array<{ key: string }>) => xs.map((x) => x.key);

  it('same seed ⇒ same draw whatever the input order; another seed ⇒ another draw', () => {
    const shuffled = [...cands].sort((a, b) => (a.key.length * 31 + a.key.charCodeAt(6)) % 7 - ((b.key.length * 31 + b.key.charCodeAt(6)) % 7)).reverse();
    const m = { type: 'random' as const, size: 25 };
    expect(keys(draw(shuffled, m, 11).items)).toEqual(keys(draw(cands, m, 11).items));
    expect(new Set(keys(draw(cands, m, 12).items))).not.toEqual(new Set(keys(draw(cands, m, 11).items)));
    const s = { type: 'stratified' as const, by: 'arbitrator' as const, size: 30, allocation: { type: 'proportional' as const } };
    expect(keys(draw(shuffled, s, 3).items)).toEqual(keys(draw(cands, s, 3).items));
  });

  it("rankOf is PostgreSQL's hashtextextended, low 48 bits (values computed by PostgreSQL 15)", () => {
    // select hashtextextended(k, s) & 281474976710655: last blocks of several lengths, UTF-8, seed 0 and a large seed.
    const known: Array<[number, string, number]> = [
      [0, '', 201647236728429],
      [77, '', 142559756269577],
      [1, 'a', 181293606779971],
      [77, 'abcd', 15488489319021],
      [2147483646, 'abcdefghijk', 247082158572419],
      [1, 'abcdefghijkl', 259559447029847],
      [77, 'qa-12345:m-12345', 37138572687901],
      [0, '中文键:m-1', 157186605747727],
      [2147483646, 'x'.repeat(37), 170019098480909],
      [0, 'abcdefgh', 33138006727731],
    ];
    for (const [seed, key, want] of known) expect(rankOf(seed, key), `${seed} ${key}`).toBe(want);
  });

  it('allocations: proportional by largest remainder, equal with caps, explicit capped; totals add up', () => {
    const sizes = new Map([
      ['a', 50],
      ['b', 30],
      ['c', 20],
    ]);
    expect(Object.fromEntries(allocate(sizes, 10, { type: 'proportional' }, 1))).toEqual({ a: 5, b: 3, c: 2 });
    const p = allocate(sizes, 7, { type: 'proportional' }, 1);
    expect([...p.values()].reduce((x, y) => x + y, 0)).toBe(7);
    const capped = new Map([
      ['a', 1],
      ['b', 10],
      ['c', 10],
    ]);
    expect(Object.fromEntries(allocate(capped, 9, { type: 'equal' }, 1))).toEqual({ a: 1, b: 4, c: 4 });
    expect([...allocate(capped, 100, { type: 'equal' }, 1).values()].reduce((x, y) => x + y, 0)).toBe(21);
    expect(Object.fromEntries(allocate(capped, 0, { type: 'explicit', counts: { a: 5, b: 2 } }, 1))).toEqual({ a: 1, b: 2, c: 0 });
    for (const seed of [1, 2, 3, 4, 5]) {
      const d = draw(cands, { type: 'stratified', by: 'kind', size: 30, allocation: { type: 'equal' } }, seed);
      expect(d.items.length).toBe(30);
      expect(d.strata.map((x) => x.allocated)).toEqual([15, 15]);
      for (const st of d.strata) expect(d.items.filter((i) => i.stratum === st.key).length).toBe(st.allocated);
    }
  });
});

describe('standalone demo history', () => {
  it('seeds decisions by the demo arbitrators except the excluded (signed-in) one, only when asked', async () => {
    const withHistory = await startServer({ dataDir: null, seed: 60, logger: false, demoAccounts: true, demoDecisions: { exclude: ['arbitrator1'] } });
    try {
      const all = await loadDecisions(withHistory.app.gavel.deps.db);
      const users = await withHistory.app.gavel.deps.db.selectFrom('users').select(['id', 'username']).execute();
      const who = new Set(all.map((d) => users.find((u) => u.id === d.arbitratorId)?.username));
      expect([...who].sort()).toEqual(['arbitrator2', 'arbitrator3']);
      expect(all.length).toBe(20);
    } finally {
      await withHistory.close();
    }
    const plain = await startServer({ dataDir: null, seed: 5, logger: false, demoAccounts: true });
    try {
      expect(await loadDecisions(plain.app.gavel.deps.db)).toEqual([]);
    } finally {
      await plain.close();
    }
  }, 60_000);
});

type Env = { app: FastifyInstance; database: Database; close: () => Promise<void> };
async function makeQaEnv(engine: 'pglite' | 'postgres'): Promise<Env> {
  let release = () => {};
  let database: Database;
  if (engine === 'postgres') {
    const fresh = await freshPgUrl();
    release = fresh.release;
    database = await openDatabase({ url: fresh.url, poolSize: 8 });
  } else database = await openDatabase({});
  const app = await buildApp({ db: database.db, engine: database.engine, policy: DEFAULT_POLICY, logger: false, background: false, random: seeded(99) });
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
      release();
    },
  };
}

const engines: Array<'pglite' | 'postgres'> = PG_SKIP_REASON ? ['pglite'] : ['pglite', 'postgres'];
describePgSkipped('supervisor QA');
for (const engine of engines) {
  describe(`supervisor QA on ${engine}`, () => {
    let env: Env;
    let s: Record<string, Session>;
    const names: Record<string, string> = {};
    beforeAll(async () => {
      env = await makeQaEnv(engine);
      s = await seedUsers(env.app, ['arb1', 'arb2', 'sup1', 'admin']);
      s.arb3 = (await seedUsers(env.app, ['arb3'])).arb3!;
      for (const [k, v] of Object.entries(s)) names[v.userId] = k;
      await seedCases(env.app, 240, 5, s.admin!.userId, new Date('2026-03-01T00:00:00Z'));
      await seedDecisions(env.database.db, env.app.gavel.deps.policies, { perArbitrator: 30, seed: 3 });
    }, 120_000);
    afterAll(async () => env?.close());

    const post = async <T>(who: Session, url: string, body: unknown, status = 200): Promise<T> => {
      const r = await call(env.app, who, 'POST', url, body);
      expect(r.statusCode, r.body).toBe(status);
      return r.json<T>();
    };
    const pullAll = async (who: Session, from = '0.0'): Promise<{ pages: PullResponse[]; text: string; cursor: string }> => {
      const pages: PullResponse[] = [];
      let text = '';
      let cursor = from;
      for (let i = 0; i < 50; i++) {
        const r = await call(env.app, who, 'GET', `/v1/sync/pull?cursor=${cursor}&limit=1000`);
        expect(r.statusCode, r.body).toBe(200);
        text += r.body;
        const page = PullResponseSchema.parse(r.json());
        pages.push(page);
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      return { pages, text, cursor };
    };

    it('seeded history: decisions by three arbitrators, with a spread of verdicts and some fast ones', async () => {
      const all = await loadDecisions(env.database.db);
      expect(all.length).toBeGreaterThanOrEqual(60);
      expect(new Set(all.map((d) => d.arbitratorId)).size).toBe(3);
      expect(new Set(all.map((d) => d.verdict)).size).toBe(3);
      expect(all.some((d) => d.handlingSeconds < 15)).toBe(true);
      expect(all.some((d) => d.handlingSeconds > 40)).toBe(true);
    });

    it('preview records nothing and is reproducible; create records the seed and the same draw; another seed draws differently', async () => {
      const plan = { name: 'weekly random', method: { type: 'random', size: 20 }, seed: 4242 };
      const a = await post<QaPreviewResponse>(s.sup1!, '/v1/qa/plans/preview', plan);
      const b = await post<QaPreviewResponse>(s.sup1!, '/v1/qa/plans/preview', plan);
      expect(a.total).toBe(20);
      expect(a.items.map((i) => i.decisionKey)).toEqual(b.items.map((i) => i.decisionKey));
      expect(a.items.every((i) => i.itemId === null)).toBe(true);
      expect((await env.database.db.selectFrom('qa_plans').select('id').execute()).length).toBe(0);
      const other = await post<QaPreviewResponse>(s.sup1!, '/v1/qa/plans/preview', { ...plan, seed: 4243 });
      expect(new Set(other.items.map((i) => i.decisionKey))).not.toEqual(new Set(a.items.map((i) => i.decisionKey)));
      const created = QaPlanCreatedSchema.parse(await post<QaPlanCreated>(s.sup1!, '/v1/qa/plans', plan, 201));
      expect(created.seed).toBe(4242);
      expect(created.items.map((i) => i.decisionKey)).toEqual(a.items.map((i) => i.decisionKey));
      expect(created.items.every((i) => typeof i.itemId === 'string')).toBe(true);
      // A plan without a seed gets one, and says which.
      const unseeded = await post<QaPreviewResponse>(s.sup1!, '/v1/qa/plans/preview', { name: 'x', method: { type: 'random', size: 3 } });
      expect(Number.isInteger(unseeded.seed)).toBe(true);
      const listed = (await call(env.app, s.sup1!, 'GET', '/v1/qa/plans')).json<{ plans: Array<{ id: string; seed: number; drawn: number }> }>().plans;
      expect(listed.find((p) => p.id === created.id)).toMatchObject({ seed: 4242, drawn: 20 });
    });

    it('stratified: proportional, equal and explicit allocations add up per stratum', async () => {
      const prop = await post<QaPreviewResponse>(s.sup1!, '/v1/qa/plans/preview', { name: 's', method: { type: 'stratified', by: 'arbitrator', size: 30, allocation: { type: 'proportional' } }, seed: 1 });
      expect(prop.total).toBe(30);
      expect(prop.strata.length).toBe(3);
      expect(prop.strata.map((x) => x.label).sort()).toEqual(['arb1', 'arb2', 'arb3']);
      expect(prop.strata.reduce((x, st) => x + st.allocated, 0)).toBe(30);
      for (const st of prop.strata) expect(Math.abs(st.allocated - (30 * st.population) / prop.population)).toBeLessThan(1);
      const eq = await post<QaPreviewResponse>(s.sup1!, '/v1/qa/plans/preview', { name: 's', method: { type: 'stratified', by: 'verdict', size: 12, allocation: { type: 'equal' } }, seed: 1 });
      expect(eq.strata.map((x) => x.allocated)).toEqual([4, 4, 4]);
      const arb1 = s.arb1!.userId;
      const ex = await post<QaPreviewResponse>(s.sup1!, '/v1/qa/plans/preview', { name: 's', method: { type: 'stratified', by: 'arbitrator', allocation: { type: 'explicit', counts: { [arb1]: 5, nobody: 3 } } }, seed: 1 });
      expect(ex.total).toBe(5);
      expect(ex.strata.find((x) => x.key === 'nobody')).toEqual({ key: 'nobody', population: 0, allocated: 0 });
      expect(ex.items.every((i) => i.arbitratorId === arb1)).toBe(true);
    });

    it('targeted: fast decisions, decisions against a critical finding, decisions overturned on appeal', async () => {
      const all = await loadDecisions(env.database.db);
      const fast = await post<QaPreviewResponse>(s.sup1!, '/v1/qa/plans/preview', { name: 't', method: { type: 'targeted', target: 'fast', maxSeconds: 15, size: 1000 }, seed: 1 });
      expect(fast.total).toBe(all.filter((d) => d.handlingSeconds < 15).length);
      expect(fast.total).toBeGreaterThan(0);
      const byKey = new Map(all.map((d) => [d.key, d]));
      expect(fast.items.every((i) => byKey.get(i.decisionKey)!.handlingSeconds < 15)).toBe(true);
      const crit = await post<QaPreviewResponse>(s.sup1!, '/v1/qa/plans/preview', { name: 't', method: { type: 'targeted', target: 'against_critical', size: 1000 }, seed: 1 });
      expect(crit.total).toBe(all.filter((d) => d.againstCritical).length);
      expect(crit.items.every((i) => byKey.get(i.decisionKey)!.againstCritical)).toBe(true);

      // Appeal one of arb1's decisions; arb2 re-decides it with another verdict.
      const victim = all.find((d) => d.arbitratorId === s.arb1!.userId && d.verdict !== 'rejected')!;
      const before = await post<QaPreviewResponse>(s.sup1!, '/v1/qa/plans/preview', { name: 't', method: { type: 'targeted', target: 'overturned_on_appeal', size: 10 }, seed: 1 });
      expect(before.total).toBe(0);
      await env.database.db.updateTable('cases').set({ decided_at: new Date() }).where('id', '=', victim.caseId).execute();
      await post(s.admin!, `/v1/platform/cases/${victim.externalId}/appeal`, { byId: 'party-x', reason: 'disagree' });
      await env.database.db.updateTable('cases').set({ priority: 3, due_at: '2000-01-01T00:00:00Z' }).where('id', '=', victim.caseId).execute();
      const claimed = await post<{ cases: CaseView[] }>(s.arb2!, '/v1/claims', { count: 1, queue: 'appeals' });
      expect(claimed.cases[0]!.id).toBe(victim.caseId);
      const rc = DEFAULT_POLICY.reasonCodes[victim.kind].find((r) => r.verdicts.includes('rejected'))!;
      const res = await post<{ results: MutationResult[] }>(s.arb2!, '/v1/sync/push', {
        mutations: [{ clientId: 'appeal-redecide', type: 'decide', caseId: victim.caseId, decision: { verdict: 'rejected', remedies: ['no_action'], reasonCodes: [rc.code], note: 'on appeal', decidedBy: s.arb2!.userId, decidedAt: new Date().toISOString(), policyVersion: DEFAULT_POLICY.version, mutationId: 'appeal-redecide' } }],
      });
      expect(res.results[0]!.status, JSON.stringify(res.results[0])).toBe('applied');
      const after = await post<QaPreviewResponse>(s.sup1!, '/v1/qa/plans/preview', { name: 't', method: { type: 'targeted', target: 'overturned_on_appeal', size: 10 }, seed: 1 });
      expect(after.items.map((i) => i.decisionKey)).toEqual([victim.key]);
    });

    let plan: QaPlanCreated;
    it('blind: the supervisor pull carries the items and the cases without the original decision', async () => {
      plan = await post<QaPlanCreated>(s.sup1!, '/v1/qa/plans', { name: 'blind', method: { type: 'stratified', by: 'arbitrator', size: 9, allocation: { type: 'equal' } }, seed: 77 }, 201);
      const { pages, text } = await pullAll(s.sup1!);
      const items = pages.flatMap((p) => p.qa?.items ?? []).filter((i) => i.planId === plan.id);
      expect(items.length).toBe(9);
      const all = await loadDecisions(env.database.db);
      for (const it of items) {
        expect(it.status).toBe('open');
        expect(it.comparison).toBeNull();
        expect(it.case.decision).toBeNull();
        expect(it.case.bundle.case.decision).toBeNull();
        expect(it.case.claim).toBeNull();
        // Neither the item nor the ordinary change entry for its case carries the decision anywhere.
        const original = all.find((d) => d.caseId === it.caseId)!;
        expect(text).not.toContain(original.decision.mutationId);
        const latest = pages.flatMap((p) => p.changes).filter((c) => c.caseId === it.caseId).at(-1)!;
        expect(latest.access === 'visible' && latest.case.decision).toBeNull();
      }
      // Another supervisor's or an arbitrator's pull gets no items.
      expect((await pullAll(s.arb1!)).pages.flatMap((p) => p.qa?.items ?? [])).toEqual([]);
    });

    it('blind on every route that can show a case: case view, records, sample, pull (the decision, its author and its note never reach the reviewer)', async () => {
      // An item left open for review (the tests below review items 0–2) whose case still carries the
      // sampled decision: the targeted test above re-decides one case on appeal, and the sample may
      // hold that case (its ids are random), which would change what the admin sees at the end.
      const decisions = await loadDecisions(env.database.db);
      const current = new Map((await sql<{ id: string; m: string | null }>`select id, decision ->> 'mutationId' as m from cases`.execute(env.database.db)).rows.map((r) => [r.id, r.m]));
      const open = plan.items.slice(3).find((i) => current.get(i.caseId) === decisions.find((d) => d.key === i.decisionKey)?.decision.mutationId);
      if (!open) throw new Error('no open plan item whose case still carries its sampled decision');
      const original = decisions.find((d) => d.key === open.decisionKey)!;
      const query: Partial<Record<string, string>> = {
        '/v1/sync/pull': '?limit=1000',
        '/v1/qa/sample': '?size=1000',
        '/v1/qa/records': '?limit=20000',
        // "Who would get this case?" about the case under review.
        '/v1/routing/candidates': `?caseId=${open.caseId}`,
      };
      const revealing = ['decision', 'verdict', 'decidedBy', 'arbitratorId', 'original', 'claim'];
      /** Every object that is about this case and names something of its decision. */
      const leaks = (value: unknown, found: string[] = [], path = ''): string[] => {
        if (Array.isArray(value)) value.forEach((v, i) => leaks(v, found, `${path}[${i}]`));
        else if (value !== null && typeof value === 'object') {
          const o = value as Record<string, unknown>;
          if (o.caseId === open.caseId || o.id === open.caseId)
            for (const k of revealing) if (o[k] !== undefined && o[k] !== null) found.push(`${path}.${k}`);
          if ((o.caseId === open.caseId || o.id === open.caseId) && Array.isArray(o.notes) && o.notes.length > 0) found.push(`${path}.notes`);
          for (const [k, v] of Object.entries(o)) leaks(v, found, `${path}.${k}`);
        }
        return found;
      };
      // A route answering bytes (demo media files) carries no case to leak.
      const supervisorReads = routeList.filter((r) => r.method === 'GET' && r.roles !== 'public' && r.roles.includes('supervisor') && !r.produces);
      expect(supervisorReads.map((r) => r.path)).toEqual(expect.arrayContaining(['/v1/cases/:caseId', '/v1/qa/records', '/v1/qa/sample', '/v1/sync/pull']));
      // Routes about one case's past, how similar cases went (precedents) or how its linked cases stand
      // (their decisions) refuse its blind reviewer outright, naming the review.
      const refusedWhileBlind = new Set(['/v1/cases/:caseId/timeline', '/v1/cases/:caseId/precedents', '/v1/cases/:caseId/links']);
      for (const r of supervisorReads) {
        const res = await call(env.app, s.sup1!, 'GET', r.path.replace(':caseId', open.caseId).replace(':version', DEFAULT_POLICY.version) + (query[r.path] ?? ''));
        if (refusedWhileBlind.has(r.path)) {
          expect(res.statusCode, `${r.path}: ${res.body.slice(0, 200)}`).toBe(403);
          expect(res.json(), r.path).toMatchObject({ error: { code: 'forbidden', field: 'caseId' } });
          expect(res.body, r.path).not.toContain(original.decision.mutationId);
          continue;
        }
        expect(res.statusCode, `${r.path}: ${res.body.slice(0, 200)}`).toBe(200);
        expect(res.body, r.path).not.toContain(original.decision.mutationId);
        expect(leaks(res.json()), r.path).toEqual([]);
      }
      // Before the review the admin (not reviewing) sees it all: the checks above can fail.
      const asAdmin = await call(env.app, s.admin!, 'GET', `/v1/cases/${open.caseId}`);
      expect(asAdmin.body).toContain(original.decision.mutationId);
      expect(leaks(asAdmin.json())).not.toEqual([]);
    });

    it('qa_review push: comparison in the answer, idempotent on replay, once per item, feedback reaches the arbitrator', async () => {
      const first = plan.items[0]!;
      const rec = (await loadDecisions(env.database.db)).find((d) => d.key === first.decisionKey)!;
      const rc = DEFAULT_POLICY.reasonCodes[rec.kind].find((r) => r.verdicts.includes('rejected'))!;
      const review = { verdict: 'rejected', remedies: ['no_action'], reasonCodes: [rc.code] };
      const m = { clientId: 'qa-1', type: 'qa_review', caseId: first.caseId, itemId: first.itemId, review, feedback: '请复核物流证据 / check the trace again' };
      const r1 = await post<{ results: MutationResult[] }>(s.sup1!, '/v1/sync/push', { mutations: [m] });
      const r2 = await post<{ results: MutationResult[] }>(s.sup1!, '/v1/sync/push', { mutations: [m, m] });
      expect(r1.results[0]).toMatchObject({ status: 'applied', comparison: { verdictAgrees: rec.verdict === 'rejected', original: { verdict: rec.verdict }, review: { verdict: 'rejected' } } });
      expect(r2.results).toEqual([r1.results[0], r1.results[0]]);
      const audits = await env.database.db.selectFrom('audit_log').select('id').where('action', '=', 'qa.review').where('case_id', '=', first.caseId).execute();
      expect(audits.length).toBe(1);
      const again = await post<{ results: MutationResult[] }>(s.sup1!, '/v1/sync/push', { mutations: [{ ...m, clientId: 'qa-2' }] });
      expect(again.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid_state' });
      const byArb = await post<{ results: MutationResult[] }>(s.arb1!, '/v1/sync/push', { mutations: [{ ...m, clientId: 'qa-3', itemId: plan.items[1]!.itemId, caseId: plan.items[1]!.caseId }] });
      expect(byArb.results[0]).toMatchObject({ status: 'rejected', reason: 'not_holder' });
      const bad = await post<{ results: MutationResult[] }>(s.sup1!, '/v1/sync/push', { mutations: [{ ...m, clientId: 'qa-4', itemId: plan.items[1]!.itemId, caseId: plan.items[1]!.caseId, review: { ...review, reasonCodes: ['NOPE'] } }] });
      expect(bad.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid_decision', issues: [{ path: 'review.reasonCodes[0]' }] });

      // The supervisor's next pull reveals the comparison; the case is no longer blind.
      const sup = await pullAll(s.sup1!);
      const item = sup.pages.flatMap((p) => p.qa?.items ?? []).filter((i) => i.itemId === first.itemId).at(-1)!;
      expect(item.status).toBe('reviewed');
      expect(item.comparison?.original.verdict).toBe(rec.verdict);
      // The arbitrator who decided sees the feedback note on the case.
      const arbName = names[first.arbitratorId]!;
      const arb = await pullAll(s[arbName]!);
      const notice = arb.pages.flatMap((p) => p.qa?.notices ?? []).find((n) => n.caseId === first.caseId);
      expect(notice).toMatchObject({ type: 'feedback', note: m.feedback, byId: s.sup1!.userId });
      expect(arb.pages.flatMap((p) => p.changes).some((c) => c.caseId === first.caseId && c.types.includes('qa_feedback'))).toBe(true);
    });

    it('override: event on the feed, audit row, the arbitrator sees it; replay-safe; arbitrators forbidden', async () => {
      const target = plan.items[2]!;
      const rec = (await loadDecisions(env.database.db)).find((d) => d.key === target.decisionKey)!;
      const verdict: Verdict = rec.verdict === 'rejected' ? 'upheld' : 'rejected';
      const rc = DEFAULT_POLICY.reasonCodes[rec.kind].find((r) => r.verdicts.includes(verdict))!;
      const remedies = verdict === 'rejected' ? ['no_action'] : [DEFAULT_POLICY.remediesByKind[rec.kind].find((x) => x !== 'no_action')!];
      const body = { clientId: 'ov-1', caseId: target.caseId, itemId: target.itemId, decision: { verdict, remedies, reasonCodes: [rc.code], note: '' }, reason: '证据不支持原判 / evidence does not support it' };
      const { cursor } = await pullAll(s[names[target.arbitratorId]!]!);
      const evBefore = (await call(env.app, s.admin!, 'GET', '/v1/events?limit=1000')).json<{ events: DecisionEvent[] }>().events.length;
      const a = await post<{ overrideId: string; decision: { verdict: string } }>(s.sup1!, '/v1/qa/overrides', body);
      const b = await post<{ overrideId: string }>(s.sup1!, '/v1/qa/overrides', body);
      expect(b.overrideId).toBe(a.overrideId);
      expect(a.decision.verdict).toBe(verdict);
      const feed = (await call(env.app, s.admin!, 'GET', '/v1/events?limit=1000')).json<{ events: DecisionEvent[] }>().events;
      expect(feed.length).toBe(evBefore + 1);
      expect(feed.at(-1)).toMatchObject({ type: 'overridden', caseId: target.caseId, decision: { verdict } });
      expect(await env.database.db.selectFrom('audit_log').select('id').where('action', '=', 'case.override').where('case_id', '=', target.caseId).execute()).toHaveLength(1);
      // A pull holds back changes newer than the oldest transaction still running (the server's own
      // background writes among them), so the override may arrive one pull later: as a desk sees it.
      let arb = await pullAll(s[names[target.arbitratorId]!]!, cursor);
      // Up to 20 s: on a loaded two-core machine the server's background writes can hold it back past 5 s.
      for (let i = 0; i < 200 && !arb.pages.some((p) => p.changes.some((c) => c.caseId === target.caseId)); i++) {
        await new Promise((r) => setTimeout(r, 100));
        arb = await pullAll(s[names[target.arbitratorId]!]!, cursor);
      }
      const ch = arb.pages.flatMap((p) => p.changes).find((c) => c.caseId === target.caseId)!;
      expect(ch.types).toContain('overridden');
      expect(ch.access === 'visible' && ch.case.decision?.verdict).toBe(verdict);
      expect(arb.pages.flatMap((p) => p.qa?.notices ?? []).find((n) => n.type === 'override')).toMatchObject({ caseId: target.caseId, note: body.reason, previous: { verdict: rec.verdict }, decision: { verdict } });
      const forbidden = await call(env.app, s.arb1!, 'POST', '/v1/qa/overrides', { ...body, clientId: 'ov-2' });
      expect(forbidden.statusCode).toBe(403);
      const open = await env.database.db.selectFrom('cases').select('id').where('status', '=', 'queued').executeTakeFirstOrThrow();
      const notDecided = await call(env.app, s.sup1!, 'POST', '/v1/qa/overrides', { ...body, clientId: 'ov-3', caseId: open.id, itemId: undefined });
      expect(notDecided.statusCode).toBe(409);
      const badRc = await call(env.app, s.sup1!, 'POST', '/v1/qa/overrides', { ...body, clientId: 'ov-4', decision: { ...body.decision, reasonCodes: ['NOPE'] } });
      expect(badRc.statusCode).toBe(400);
      expect(badRc.json()).toMatchObject({ error: { field: 'decision.reasonCodes[0]' } });
    }, 60_000);

    it('golden cases: inserted at the configured rate (seeded), indistinguishable, scored against the answer, kept off the event feed', async () => {
      // The rate, checked loosely over many simulated arbitrators with a seeded source.
      const template = await env.database.db.selectFrom('cases').select(['id', 'kind']).where('status', '=', 'queued').where('queue', '=', 'merchant').executeTakeFirstOrThrow();
      const code = (DEFAULT_POLICY.reasonCodes as Record<string, Array<{ code: string; verdicts: string[] }>>)[template.kind]!.find((r) => r.verdicts.includes('rejected'))!.code;
      const golden = await post<{ id: string }>(s.sup1!, '/v1/qa/golden', { caseId: template.id, answer: { verdict: 'rejected', remedies: ['no_action'], reasonCodes: [code] }, rate: 0.25 }, 201);
      const rnd = seeded(5);
      let hits = 0;
      const trials = 800;
      for (let i = 0; i < trials; i++) hits += (await pickGolden(env.database.db, `sim-${i}`, ['merchant', 'consumer'], 1, rnd)).length;
      expect(hits / trials).toBeGreaterThan(0.2);
      expect(hits / trials).toBeLessThan(0.3);
      // Not offered for a queue its kind does not belong to.
      expect(await pickGolden(env.database.db, 'sim-x', ['appeals'], 50, rnd)).toEqual([]);

      // A real claim: arb3 takes cases until the golden one arrives (each place is 25%).
      let goldenCase: CaseView | undefined;
      const seen: CaseView[] = [];
      for (let i = 0; i < 20 && !goldenCase; i++) {
        const got = await post<{ cases: CaseView[] }>(s.arb3!, '/v1/claims', { count: 5, queue: 'merchant' });
        seen.push(...got.cases);
        const ids = (await env.database.db.selectFrom('qa_golden_cases').select('case_id').execute()).map((r) => r.case_id);
        goldenCase = got.cases.find((c) => ids.includes(c.id));
      }
      expect(goldenCase).toBeDefined();
      const g = goldenCase!;
      // Indistinguishable: the same keys, the same externalId pattern, no marker anywhere the arbitrator reads.
      const other = seen.find((c) => c.id !== g.id)!;
      expect(Object.keys(g).sort()).toEqual(Object.keys(other).sort());
      expect(g.externalId).toMatch(/^EXT-\d+-\d{8}$/);
      expect(g.status).toBe('claimed');
      const arbPull = await pullAll(s.arb3!);
      expect(arbPull.text.toLowerCase()).not.toContain('golden');
      expect(arbPull.pages.flatMap((p) => p.changes).find((c) => c.caseId === g.id)?.access).toBe('visible');
      // Only once per arbitrator: further claims never bring the same golden case again.
      const more = await post<{ cases: CaseView[] }>(s.arb3!, '/v1/claims', { count: 30, queue: 'merchant' });
      expect((await env.database.db.selectFrom('qa_golden_cases').select('case_id').where('arbitrator_id', '=', s.arb3!.userId).execute()).length).toBe(1);
      void more;

      // Decided against the answer: scored as a golden pair; the platform never hears of it.
      const upheld = (DEFAULT_POLICY.reasonCodes as Record<string, Array<{ code: string; verdicts: string[] }>>)[g.kind]!.find((r) => r.verdicts.includes('upheld'))!.code;
      const remedy = DEFAULT_POLICY.remediesByKind[g.kind].find((x) => x !== 'no_action')!;
      const res = await post<{ results: MutationResult[] }>(s.arb3!, '/v1/sync/push', {
        mutations: [{ clientId: 'g-1', type: 'decide', caseId: g.id, decision: { verdict: 'upheld', remedies: [remedy], reasonCodes: [upheld], note: 'n', decidedBy: s.arb3!.userId, decidedAt: new Date().toISOString(), policyVersion: DEFAULT_POLICY.version, mutationId: 'g-1' } }],
      });
      expect(res.results[0]!.status, JSON.stringify(res.results[0])).toBe('applied');
      const feed = (await call(env.app, s.admin!, 'GET', '/v1/events?limit=1000')).json<{ events: DecisionEvent[] }>().events;
      expect(feed.some((e) => e.caseId === g.id)).toBe(false);
      const records = QaRecordsResponseSchema.parse((await call(env.app, s.sup1!, 'GET', '/v1/qa/records')).json<QaRecordsResponse>());
      const pair = records.pairs.find((p) => p.golden && p.caseId === g.id)!;
      expect(pair).toMatchObject({ arbitratorId: s.arb3!.userId, planId: null, original: { verdict: 'upheld' }, review: { verdict: 'rejected' } });
      // Golden decisions are not in the decision facts or in sampling populations.
      expect(records.decisions.some((d) => d.caseId === g.id)).toBe(false);
      const listed = (await call(env.app, s.sup1!, 'GET', '/v1/qa/golden')).json<{ golden: Array<{ id: string; inserted: number; decided: number; correct: number }> }>().golden;
      expect(listed.find((x) => x.id === golden.id)).toMatchObject({ inserted: 1, decided: 1, correct: 0 });
    });

    it("golden cases with the attacker's eye: no observable field of a claimed batch separates the golden case from the real ones", async () => {
      const db = env.database.db;
      const arb4 = (await seedUsers(env.app, ['arb4'])).arb4!;
      // A template another arbitrator already decided: the case an arbitrator might remember.
      const template = await db
        .selectFrom('cases')
        .selectAll()
        .where('status', '=', 'decided')
        .where('queue', '=', 'merchant')
        .where('id', 'not in', db.selectFrom('qa_golden_cases').select('case_id'))
        .orderBy('decided_at', 'desc')
        .executeTakeFirstOrThrow();
      const code = (DEFAULT_POLICY.reasonCodes as Record<string, Array<{ code: string; verdicts: string[] }>>)[template.kind]!.find((r) => r.verdicts.includes('rejected'))!.code;
      await post(s.sup1!, '/v1/qa/golden', { caseId: template.id, answer: { verdict: 'rejected', remedies: ['no_action'], reasonCodes: [code] }, rate: 0.5 }, 201);
      const goldenIds = async () => new Set((await db.selectFrom('qa_golden_cases').select('case_id').where('arbitrator_id', '=', arb4.userId).execute()).map((r) => r.case_id));
      let batch: CaseView[] = [];
      for (let i = 0; i < 30 && batch.length === 0; i++) {
        const got = (await post<{ cases: CaseView[] }>(arb4, '/v1/claims', { count: 8, queue: 'merchant' })).cases;
        const ids = await goldenIds();
        if (got.some((c) => ids.has(c.id)) && got.length > 3) batch = got;
      }
      expect(batch.length).toBeGreaterThan(3);
      const ids = await goldenIds();
      const g = batch.find((c) => ids.has(c.id))!;
      const reals = batch.filter((c) => !ids.has(c.id));

      // Every leaf of the case view, indices folded, so the same field of two cases lines up.
      const leaves = (v: unknown, path = '', out = new Map<string, unknown[]>()): Map<string, unknown[]> => {
        if (Array.isArray(v)) v.forEach((x) => leaves(x, `${path}[]`, out));
        else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, path ? `${path}.${k}` : k, out);
        else (out.get(path) ?? out.set(path, []).get(path)!).push(v);
        return out;
      };
      // The format of an id (letters kept, each number one digit, a UUID as such) or a timestamp
      // (every digit, so precision and offset show); free text, numbers and a carrier's tracking
      // number (its format is the carrier's, part of the evidence) are content, not format.
      const idPath = /(^id|\.id|Id|Ids\[\]|\.sku|externalId)$/;
      const stamp = /^\d{4}-\d{2}-\d{2}T/;
      const shape = (path: string, x: unknown): string | null => {
        if (typeof x !== 'string') return typeof x;
        if (stamp.test(x)) return x.replace(/[0-9]/g, '9');
        if (idPath.test(path)) return x.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, 'UUID').replace(/[0-9]+/g, '9');
        return null;
      };
      const gl = leaves(g);
      const rl = reals.map((r) => leaves(r));
      const problems: string[] = [];
      for (const [path, values] of gl) {
        const seen = rl.flatMap((m) => m.get(path) ?? []);
        if (seen.length === 0) continue; // evidence a real case of another kind would have
        // Format: an id, a timestamp or any other string is shaped like one a real case shows there.
        const realShapes = new Set(seen.map((x) => shape(path, x)));
        for (const v of values) if (shape(path, v) !== null && !realShapes.has(shape(path, v))) problems.push(`${path}: ${JSON.stringify(v)} shaped unlike ${[...realShapes].slice(0, 3).join(' | ')}`);
        // Lifecycle values every real case of this answer shares (version, lease, claim time, status…).
        const outside = !/^(bundle\.(?!case\.(claim|status|decision))|assessment|kind|priority|filedAt|dueAt|externalId|id$)/.test(path);
        const first = JSON.stringify(seen[0]);
        if (outside && rl.every((m) => (m.get(path) ?? []).every((x) => JSON.stringify(x) === first)) && values.some((v) => JSON.stringify(v) !== first))
          problems.push(`${path}: ${JSON.stringify(values[0])} where every real case has ${first}`);
      }
      for (const [path] of rl[0]!) if (!gl.has(path) && rl.every((m) => m.has(path)) && !path.startsWith('bundle.') && !path.startsWith('assessment')) problems.push(`${path}: missing`);
      // The platform's numbering: inside the range of the cases imported so far.
      const num = (x: string) => Number(/(\d+)$/.exec(x)![1]);
      const all = (await db.selectFrom('cases').select('external_id').where('external_id', 'not like', 'golden:%').execute()).map((r) => num(r.external_id));
      if (num(g.externalId) < Math.min(...all) || num(g.externalId) > Math.max(...all) + 100) problems.push(`externalId ${g.externalId} outside the platform's range`);
      expect(num(g.bundle.case.id)).toBe(num(g.externalId));
      // Filed and due like its neighbours in the queue, and placed in claim order among them.
      const filed = reals.map((r) => Date.parse(r.filedAt));
      if (Date.parse(g.filedAt) < Math.min(...filed) - 86_400_000 || Date.parse(g.filedAt) > Math.max(...filed) + 86_400_000) problems.push(`filedAt ${g.filedAt} far from the batch's`);
      const order = [...batch].sort((a, b) => ['low', 'normal', 'high', 'urgent'].indexOf(b.priority) - ['low', 'normal', 'high', 'urgent'].indexOf(a.priority) || Date.parse(a.dueAt) - Date.parse(b.dueAt) || Date.parse(a.filedAt) - Date.parse(b.filedAt));
      expect(batch.map((c) => c.id)).toEqual(order.map((c) => c.id));
      expect(problems).toEqual([]);

      // Not a copy of the decided case: no id, no timestamp and not the bytes of its evidence.
      const tb = template.bundle as CaseView['bundle'];
      const evidence = (b: CaseView['bundle']) => JSON.stringify({ ...b, case: undefined });
      expect(evidence(g.bundle)).not.toBe(evidence(tb));
      const idsOf = (b: unknown) => [...leaves(b)].filter(([p]) => /(^|\.)(id|\w+Id|\w+Ids\[\]|sku|\w+Number)$/.test(p)).flatMap(([, v]) => v);
      const shared = idsOf(g.bundle).filter((v) => idsOf(tb).includes(v));
      expect(shared).toEqual([]);
      const stamps = (b: unknown) => [...leaves(b)].flatMap(([, v]) => v).filter((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v));
      expect(stamps(g.bundle).filter((v) => stamps(tb).includes(v))).toEqual([]);
    });

    it('records: review pairs and decision facts in the shared shapes, overturned flagged', async () => {
      const r = await call(env.app, s.admin!, 'GET', '/v1/qa/records?limit=20000');
      const rec = QaRecordsResponseSchema.parse(r.json());
      const reviewed = rec.pairs.filter((p) => !p.golden);
      expect(reviewed.length).toBe(1);
      expect(reviewed[0]).toMatchObject({ planId: plan.id, reviewerId: s.sup1!.userId, caseId: plan.items[0]!.caseId });
      const all = await loadDecisions(env.database.db);
      expect(rec.decisions.length).toBe(all.length);
      expect(rec.decisions.filter((d) => d.overturned).length).toBe(2); // one appeal, one override
      expect(rec.decisions.every((d) => d.handlingSeconds >= 0)).toBe(true);
      const limited = QaRecordsResponseSchema.parse((await call(env.app, s.sup1!, 'GET', '/v1/qa/records?limit=5')).json());
      expect(limited.decisions.length).toBe(5);
      expect(limited.truncated).toBe(true);
    });

    it('SQL draw equals the in-memory reference: population, strata and items for every method, filter and seed', async () => {
      const db = env.database.db;
      const all = await loadDecisions(db);
      const times = all.map((d) => d.decidedAt).sort();
      const mid = times[Math.floor(times.length / 2)]!;
      const arb1 = s.arb1!.userId;
      const arb2 = s.arb2!.userId;
      const methods: QaPlanMethod[] = [
        { type: 'random', size: 25 },
        { type: 'random', size: 1000 },
        { type: 'stratified', by: 'arbitrator', size: 30, allocation: { type: 'proportional' } },
        { type: 'stratified', by: 'kind', size: 12, allocation: { type: 'equal' } },
        { type: 'stratified', by: 'verdict', allocation: { type: 'explicit', counts: { upheld: 4, rejected: 100, nobody: 2 } } },
        { type: 'targeted', target: 'fast', maxSeconds: 15, size: 1000 },
        { type: 'targeted', target: 'against_critical', size: 7 },
        { type: 'targeted', target: 'overturned_on_appeal', size: 10 },
      ];
      const populations: QaPopulation[] = [{}, { kinds: [all[0]!.kind] }, { arbitratorIds: [arb1, arb2] }, { decidedFrom: mid }, { decidedTo: mid }];
      let drawnSomething = 0;
      for (const method of methods)
        for (const population of populations)
          for (const [seed, exclude] of [
            [1, s.sup1!.userId],
            [77, arb2],
          ] as const) {
            const ref = eligible(all, population, method, exclude);
            const want = draw(ref, method, seed);
            const got = await drawSql(db, { population, method, excludeDecider: exclude }, seed);
            const what = JSON.stringify({ method, population, seed });
            expect(got.population, what).toBe(ref.length);
            expect(got.strata, what).toEqual(want.strata);
            expect(got.total, what).toBe(want.items.length);
            expect(got.items.map((i) => [i.key, i.stratum, i.caseId, i.arbitratorId, i.verdict, i.decidedAt, i.externalId, i.kind]), what).toEqual(
              want.items.map((i) => [i.key, i.stratum, i.caseId, i.arbitratorId, i.verdict, i.decidedAt, i.externalId, i.kind]),
            );
            // The decision facts a created plan stores as the original come with the drawn row.
            const byKey = new Map(all.map((d) => [d.key, d]));
            for (const i of got.items) expect(i.decision, what).toEqual(byKey.get(i.key)!.decision);
            const first = await drawSql(db, { population, method, excludeDecider: exclude }, seed, 5);
            expect(first.items.map((i) => i.key), what).toEqual(want.items.slice(0, 5).map((i) => i.key));
            if (method.type === 'stratified')
              // Strata are cut at a rank bound before they are sorted: with no margin the cut falls short
              // about half the time (and is redrawn whole), with a small one it holds; the draw is the same.
              for (const cut of [
                { sigmas: 0, rows: 0 },
                { sigmas: 1, rows: 1 },
              ]) {
                const cutDraw = await drawSql(db, { population, method, excludeDecider: exclude }, seed, undefined, cut);
                expect(cutDraw.items.map((i) => [i.key, i.stratum]), `${what} cut ${JSON.stringify(cut)}`).toEqual(want.items.map((i) => [i.key, i.stratum]));
              }
            drawnSomething += got.items.length;
          }
      // The reference data has appeals, overrides, golden cases and fast and critical decisions: the comparison is not vacuous.
      expect(drawnSomething).toBeGreaterThan(500);
      expect(all.some((d) => d.overturnedOnAppeal) && all.some((d) => d.overridden) && all.some((d) => d.againstCritical)).toBe(true);
    });

    it('the fast target at its edges, as the reference has it: under a millisecond past the bound, a claim after the decision, no claim', async () => {
      const db = env.database.db;
      const perCase = new Map<string, number>();
      const before = await loadDecisions(db);
      for (const d of before) perCase.set(d.caseId, (perCase.get(d.caseId) ?? 0) + 1);
      const [a, b, c, d] = before.filter((x) => x.handlingSeconds > 0 && perCase.get(x.caseId) === 1);
      const claims = async (x: { caseId: string; seq: number }) =>
        (await sql<{ seq: string }>`select seq::text as seq from changes where case_id = ${x.caseId} and type = 'claimed' and seq < ${x.seq} order by seq`.execute(db)).rows.map((r) => r.seq);
      const last = async (x: { caseId: string; seq: number }) => (await claims(x)).at(-1)!;
      const touched = [a!, b!, c!, d!].map((x) => String(x.seq)).concat(await last(a!), await last(b!), await last(c!), ...(await claims(d!)));
      const saved = (await sql<{ seq: string; at: string; type: string }>`select seq::text as seq, at::text as at, type from changes where seq in (${sql.join(touched)})`.execute(db)).rows;
      const at = async (seq: string | number, when: string) => sql`update changes set at = ${when}::timestamptz where seq = ${String(seq)}`.execute(db);
      try {
        // a: 15.0008 s apart, 15.000 s at the millisecond (as the reference truncates): fast under 15.0005 s.
        await at(a!.seq, '2026-03-05T10:00:24.9999Z');
        await at(await last(a!), '2026-03-05T10:00:09.9991Z');
        // b: 15.0002 s apart, 15.001 s at the millisecond: not fast.
        await at(b!.seq, '2026-03-05T11:00:25.0001Z');
        await at(await last(b!), '2026-03-05T11:00:09.9999Z');
        // c: claimed after the decision (0 s); d: no claim before its decision (0 s).
        await at(c!.seq, '2026-03-05T12:00:10Z');
        await at(await last(c!), '2026-03-05T12:00:20Z');
        await sql`update changes set type = 'released' where seq in (${sql.join(await claims(d!))})`.execute(db);
        const method: QaPlanMethod = { type: 'targeted', target: 'fast', maxSeconds: 15.0005, size: 100_000 };
        const ref = eligible(await loadDecisions(db), {}, method, s.sup1!.userId);
        const keys = new Set(ref.map((x) => x.key));
        expect([a, b, c, d].map((x) => keys.has(x!.key))).toEqual([true, false, true, true]);
        const got = await drawSql(db, { population: {}, method, excludeDecider: s.sup1!.userId }, 1);
        expect(got.population).toBe(ref.length);
        expect(new Set(got.items.map((i) => i.key))).toEqual(keys);
      } finally {
        for (const r of saved) await sql`update changes set at = ${r.at}::timestamptz, type = ${r.type} where seq = ${r.seq}`.execute(db);
      }
      expect(await loadDecisions(db)).toEqual(before);
    });

    it('records in keyset pages: every decision once, in order, with the reference facts, across equal timestamps; a bad cursor or page size is a 400 naming it', async () => {
      const db = env.database.db;
      // Thirty decisions of distinct cases share one timestamp (to the microsecond), so page edges fall inside a tie.
      const tied = [...new Map((await loadDecisions(db)).map((d) => [d.caseId, d])).values()].slice(0, 30).map((d) => ({ seq: String(d.seq) }));
      const exact = new Map((await sql<{ seq: string; at: string }>`select seq, at::text as at from changes where seq in (${sql.join(tied.map((t) => t.seq))})`.execute(db)).rows.map((r) => [r.seq, r.at]));
      await sql`update changes set at = '2026-03-02T10:00:00.123456Z' where seq in (${sql.join(tied.map((t) => t.seq))})`.execute(db);
      try {
        const ref = (await loadDecisions(db)).sort((a, b) => b.decidedAt.localeCompare(a.decidedAt) || b.seq - a.seq);
        const want = ref.map((d) => ({
          caseId: d.caseId,
          kind: d.kind,
          arbitratorId: d.arbitratorId,
          verdict: d.verdict,
          decidedAt: d.decidedAt,
          dueAt: d.dueAt,
          handlingSeconds: d.handlingSeconds,
          overturned: d.overturnedOnAppeal || d.overridden,
          precedentHint: d.precedentHint,
        }));
        const got: DecisionFact[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const res = await call(env.app, s.admin!, 'GET', `/v1/qa/records?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
          expect(res.statusCode, res.body).toBe(200);
          const page = QaRecordsResponseSchema.parse(res.json());
          if (pages === 0) {
            expect(page.total).toBe(ref.length);
            expect(page.pairs.length).toBeGreaterThan(0);
          } else {
            expect(page.total).toBeUndefined();
            expect(page.pairs).toEqual([]);
          }
          expect(page.decisions.length).toBeLessThanOrEqual(7);
          got.push(...page.decisions);
          cursor = page.nextCursor ?? null;
          expect(page.truncated).toBe(cursor !== null);
          pages++;
        } while (cursor && pages < 1000);
        expect(pages).toBe(Math.ceil(ref.length / 7));
        expect(got).toEqual(want);
        expect(got.filter((d) => d.decidedAt === '2026-03-02T10:00:00.123Z').length).toBe(30);
      } finally {
        for (const [seq, at] of exact) await sql`update changes set at = ${at}::timestamptz where seq = ${seq}`.execute(db);
      }
      for (const [query, field] of [
        ['cursor=abc', 'cursor'],
        ['cursor=12:34:56', 'cursor'],
        ['cursor=', 'cursor'],
        ['limit=20001', 'limit'],
        ['limit=0', 'limit'],
      ] as const) {
        const res = await call(env.app, s.admin!, 'GET', `/v1/qa/records?${query}`);
        expect(res.statusCode, query).toBe(400);
        expect(res.json(), query).toMatchObject({ error: { code: 'invalid_query', field } });
      }
    });

    it('RBAC: arbitrators get 403 on every QA route; malformed plans name the field', async () => {
      for (const [method, url] of [
        ['POST', '/v1/qa/plans/preview'],
        ['POST', '/v1/qa/plans'],
        ['GET', '/v1/qa/plans'],
        ['POST', '/v1/qa/golden'],
        ['GET', '/v1/qa/golden'],
        ['POST', '/v1/qa/overrides'],
        ['GET', '/v1/qa/records'],
      ] as const) {
        const res = await call(env.app, s.arb1!, method, url, method === 'POST' ? {} : undefined);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
      }
      for (const [body, field] of [
        [{ name: 'x', method: { type: 'stratified', by: 'kind', allocation: { type: 'equal' } } }, 'method.size'],
        [{ name: 'x', method: { type: 'targeted', target: 'fast', size: 3 } }, 'method.maxSeconds'],
        [{ name: 'x', method: { type: 'stratified', by: 'mood', size: 3, allocation: { type: 'equal' } } }, 'method.by'],
        [{ name: 'x', method: { type: 'random', size: 0 } }, 'method.size'],
        [{ name: '', method: { type: 'random', size: 3 } }, 'name'],
        [{ name: 'x', method: { type: 'random', size: 3 }, seed: -1 }, 'seed'],
      ] as const) {
        const res = await call(env.app, s.sup1!, 'POST', '/v1/qa/plans/preview', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json()).toMatchObject({ error: { code: 'invalid_body', field } });
      }
      const adminNoAssignee = await call(env.app, s.admin!, 'POST', '/v1/qa/plans', { name: 'x', method: { type: 'random', size: 3 } });
      expect(adminNoAssignee.json()).toMatchObject({ error: { field: 'assigneeId' } });
      const push = await call(env.app, s.sup1!, 'POST', '/v1/sync/push', { mutations: [{ clientId: 'z', type: 'qa_review', caseId: 'c', review: { verdict: 'upheld', remedies: [], reasonCodes: [] } }] });
      // Answered on its own (a push never fails whole for one bad mutation), naming the field.
      expect(push.json()).toMatchObject({ results: [{ clientId: 'z', status: 'rejected', reason: 'invalid_request', issues: [{ path: 'itemId' }] }] });
      const api = (await call(env.app, null, 'GET', '/openapi.json')).json<{ paths: Record<string, Record<string, { 'x-roles': string[] }>> }>();
      expect(api.paths['/v1/qa/plans']?.post?.['x-roles']).toEqual(['supervisor', 'admin']);
      expect(api.paths['/v1/qa/records']?.get).toBeDefined();
    });

    it('qa_decisions (migration 18) follows the change log and the case: pushed decisions, appeals re-decided, overrides, moved claims and decisions, re-assessed and re-imported cases, history written with SQL', async () => {
      const db = env.database.db;
      type Row = { seq: string; case_id: string; key: string | null; decided_by: string | null; verdict: string | null; kind: string; due_at: Date; at: Date; claimed_at: Date | null; against_critical: boolean; precedent_hint: boolean | null };
      const table = async () => (await sql<Row>`select seq::text as seq, case_id, key, decided_by, verdict, kind, due_at, at, claimed_at, against_critical, precedent_hint from qa_decisions order by seq`.execute(db)).rows;
      // Every decided change with a payload, read from the changes themselves (the migration's backfill).
      const recomputed = async () =>
        (
          await sql<Row>`select ch.seq::text as seq, ch.case_id, ch.case_id || ':' || (ch.payload -> 'decision' ->> 'mutationId') as key, ch.payload -> 'decision' ->> 'decidedBy' as decided_by,
            ch.payload -> 'decision' ->> 'verdict' as verdict, c.kind, c.due_at, ch.at,
            (select max(cl.at) from changes cl where cl.case_id = ch.case_id and cl.type = 'claimed' and cl.seq < ch.seq) as claimed_at,
            qa_against_critical(c.findings, ch.payload -> 'decision' ->> 'verdict') as against_critical, (ch.payload -> 'precedentHint')::boolean as precedent_hint
          from changes ch join cases c on c.id = ch.case_id where ch.type = 'decided' and ch.payload is not null order by ch.seq`.execute(db)
        ).rows;
      const inSync = async (what: string) => {
        const rows = await table();
        expect(rows, what).toEqual(await recomputed());
        // And each arbitrator decision as the in-memory reference (JSON payloads, criticalFindingsAgainst in JS) sees it.
        const bySeq = new Map(rows.map((r) => [r.seq, r]));
        const ref = await loadDecisions(db);
        expect(ref.length, what).toBeGreaterThan(0);
        for (const d of ref) {
          const r = bySeq.get(String(d.seq));
          const handling = r?.claimed_at ? Math.max(0, (new Date(r.at).getTime() - new Date(r.claimed_at).getTime()) / 1000) : 0;
          expect(
            r && { key: r.key, by: r.decided_by, verdict: r.verdict, kind: r.kind, at: new Date(r.at).toISOString(), handling, critical: r.against_critical, hint: r.precedent_hint },
            `${what}: decision ${d.key}`,
          ).toEqual({ key: d.key, by: d.arbitratorId, verdict: d.verdict, kind: d.kind, at: d.decidedAt, handling: d.handlingSeconds, critical: d.againstCritical, hint: d.precedentHint });
        }
        return rows;
      };
      // The history so far: decisions pushed by the demo seed (their times then moved with SQL), an
      // appeal re-decided (two rows for one case), an override (no decided change: the row stays).
      const start = await inSync('seeded history');
      const perCase = new Map<string, number>();
      for (const r of start) perCase.set(r.case_id, (perCase.get(r.case_id) ?? 0) + 1);
      expect([...perCase.values()].some((n) => n >= 2)).toBe(true);
      const overridden = (await sql<{ case_id: string }>`select case_id from qa_overrides`.execute(db)).rows.map((r) => r.case_id);
      expect(overridden.length).toBeGreaterThan(0);
      expect(start.some((r) => overridden.includes(r.case_id))).toBe(true);

      // New decisions through the push path.
      expect(await seedDecisions(db, env.app.gavel.deps.policies, { perArbitrator: 2, seed: 11 })).toBeGreaterThan(0);
      const more = await inSync('more decisions pushed');
      expect(more.length).toBeGreaterThan(start.length);

      // A claim moved earlier: the decision after it is handled for longer.
      const target = more[more.length - 1]!;
      const claim = (await sql<{ seq: string }>`select max(seq)::text as seq from changes where case_id = ${target.case_id} and type = 'claimed' and seq < ${target.seq}`.execute(db)).rows[0]!.seq;
      await sql`update changes set at = at - interval '7 minutes' where seq = ${claim}`.execute(db);
      const moved = (await inSync('a claim moved')).find((r) => r.seq === target.seq)!;
      expect(new Date(target.claimed_at!).getTime() - new Date(moved.claimed_at!).getTime()).toBe(7 * 60_000);
      // The decision itself moved (as the demo seed and the keyset test do).
      await sql`update changes set at = at + interval '1 hour' where seq = ${target.seq}`.execute(db);
      await inSync('a decision moved');

      // The case re-assessed: a critical finding for the complaint turns a rejection into one against it, and back.
      const rejected = (await table()).find((r) => r.verdict === 'rejected' && !r.against_critical)!;
      const findings = (await sql<{ findings: unknown }>`select findings from cases where id = ${rejected.case_id}`.execute(db)).rows[0]!.findings;
      await sql`update cases set findings = jsonb_set(findings, '{findings}', coalesce(findings -> 'findings', '[]'::jsonb) || '[{"code": "T-CRIT", "severity": "critical", "stance": "supports_complaint"}]'::jsonb) where id = ${rejected.case_id}`.execute(db);
      expect((await inSync('a case re-assessed')).find((r) => r.seq === rejected.seq)!.against_critical).toBe(true);
      await sql`update cases set findings = ${JSON.stringify(findings)}::jsonb where id = ${rejected.case_id}`.execute(db);
      expect((await inSync('the assessment restored')).find((r) => r.seq === rejected.seq)!.against_critical).toBe(false);
      const kind = rejected.kind;
      await sql`update cases set kind = ${kind === 'quality' ? 'abnormal_order' : 'quality'} where id = ${rejected.case_id}`.execute(db);
      await inSync('a case of another kind');
      await sql`update cases set kind = ${kind}, due_at = due_at + interval '1 day' where id = ${rejected.case_id}`.execute(db);
      await inSync('a case due a day later');

      // A decided case re-imported with changed evidence (the lifecycle is untouched, the assessment redone).
      const bundle = (await sql<{ bundle: CaseView['bundle'] }>`select bundle from cases where id = ${target.case_id}`.execute(db)).rows[0]!.bundle;
      const reimport = await env.app.inject({ method: 'POST', url: '/v1/import', headers: { authorization: `Bearer ${s.admin!.token}`, 'content-type': 'application/x-ndjson' }, payload: JSON.stringify({ ...bundle, case: { ...bundle.case, priority: bundle.case.priority === 'urgent' ? 'normal' : 'urgent' } }) });
      expect(reimport.statusCode, reimport.body).toBe(200);
      expect(reimport.body).toContain('updated');
      await inSync('a decided case re-imported');

      // Decided history written with SQL (as the bench's bulk seed does), then taken back out.
      await sql`insert into changes (case_id, type, holder_id, payload, at) values (${target.case_id}, 'decided', ${target.decided_by},
        jsonb_build_object('decision', jsonb_build_object('verdict', 'upheld', 'remedies', '[]'::jsonb, 'reasonCodes', '[]'::jsonb, 'decidedBy', ${target.decided_by}::text, 'mutationId', 'sql-history'), 'precedentHint', true), now())`.execute(db);
      const written = await inSync('history written with SQL');
      expect(written.some((r) => r.key === `${target.case_id}:sql-history` && r.precedent_hint === true)).toBe(true);
      await sql`delete from changes where case_id = ${target.case_id} and payload -> 'decision' ->> 'mutationId' = 'sql-history'`.execute(db);
      expect((await inSync('that history deleted')).some((r) => r.key === `${target.case_id}:sql-history`)).toBe(false);
    }, 120_000);

    it('qa_against_critical (migration 21): criticalFindingsAgainst on odd shapes too, and inlined into the statement that calls it', async () => {
      const db = env.database.db;
      const crit = (stance: string) => ({ code: 'T', severity: 'critical', stance });
      // [findings, verdict, expected]: the stance against the verdict, in either list; anything that
      // is not an object with string fields counts for nothing, as `->>` read it in migration 18.
      const cases: Array<[unknown, string | null, boolean]> = [
        [{ eligibility: [crit('supports_complaint')], findings: [] }, 'rejected', true],
        [{ eligibility: [crit('supports_complaint')], findings: [] }, 'upheld', false],
        [{ eligibility: [], findings: [{ ...crit('supports_complaint'), severity: 'major' }, crit('undermines_complaint')] }, 'partially_upheld', true],
        [{ eligibility: [], findings: [crit('undermines_complaint')] }, 'rejected', false],
        [{ findings: [crit('supports_complaint')] }, null, false],
        [{ findings: [[crit('supports_complaint')]] }, 'rejected', false],
        [{ findings: [{ ...crit('supports_complaint'), severity: ['critical'] }] }, 'rejected', false],
        [{ eligibility: 'x', findings: [1, null, 'critical'] }, 'rejected', false],
        [{}, 'upheld', false],
        [null, 'rejected', false],
      ];
      for (const [findings, verdict, expected] of cases) {
        const r = (await sql<{ v: boolean }>`select qa_against_critical(${findings === null ? null : JSON.stringify(findings)}::jsonb, ${verdict}::text) as v`.execute(db)).rows[0]!;
        expect(r.v, `${JSON.stringify(findings)} / ${verdict}`).toBe(expected);
      }
      // Inlined: the plan shows the expression, not a call (one that is not inlined is parsed and
      // planned again on every execution of the trigger's INSERT, most of that trigger's CPU).
      const plan = (await sql<Record<string, string>>`explain verbose select qa_against_critical(findings, decision ->> 'verdict') from cases`.execute(db)).rows.map((r) => Object.values(r)[0]).join('\n');
      expect(plan).toContain('jsonb_path_exists');
      expect(plan).not.toContain('qa_against_critical');

      // The case trigger leaves a case's decisions alone when its assessment changes but not the two
      // lists the function reads (every decision stores the case re-assessed at its own time).
      const row = async (seq: string) => (await sql<{ xmin: string; against_critical: boolean }>`select xmin::text as xmin, against_critical from qa_decisions where seq = ${seq}`.execute(db)).rows[0]!;
      const d = (await sql<{ seq: string; case_id: string }>`select seq::text as seq, case_id from qa_decisions where verdict = 'rejected' and not against_critical order by seq limit 1`.execute(db)).rows[0]!;
      const before = await row(d.seq);
      await sql`update cases set findings = jsonb_set(findings, '{at}', '"2031-01-01T00:00:00.000Z"') where id = ${d.case_id}`.execute(db);
      expect(await row(d.seq), 'only the assessment time changed').toEqual(before);
      await sql`update cases set findings = jsonb_set(findings, '{findings}', coalesce(findings -> 'findings', '[]'::jsonb) || ${JSON.stringify([crit('supports_complaint')])}::jsonb) where id = ${d.case_id}`.execute(db);
      const after = await row(d.seq);
      expect(after.against_critical, 'a critical finding for the complaint added').toBe(true);
      expect(after.xmin).not.toBe(before.xmin);
    });

    it('qa_decisions (migration 22): one trigger per INSERT statement over its new rows, the same rows as the row trigger wrote, claims in the same statement seen', async () => {
      const db = env.database.db;
      // The row trigger's INSERT, as a query over every decided change (the backfill of migration 18).
      const drift = async () =>
        (
          await sql<{ n: number }>`select count(*)::int as n from (
            (select seq, case_id, key, decided_by, verdict, kind, due_at, at, claimed_at, against_critical, precedent_hint from qa_decisions
             except
             select ch.seq, ch.case_id, ch.case_id || ':' || (ch.payload -> 'decision' ->> 'mutationId'), ch.payload -> 'decision' ->> 'decidedBy',
               ch.payload -> 'decision' ->> 'verdict', c.kind, c.due_at, ch.at,
               (select max(cl.at) from changes cl where cl.case_id = ch.case_id and cl.type = 'claimed' and cl.seq < ch.seq),
               qa_against_critical(c.findings, ch.payload -> 'decision' ->> 'verdict'), (ch.payload -> 'precedentHint')::boolean
             from changes ch join cases c on c.id = ch.case_id where ch.type = 'decided' and ch.payload is not null)
            union all
            (select ch.seq, null, null, null, null, null, null, null, null, null, null from changes ch
             where ch.type = 'decided' and ch.payload is not null and not exists (select 1 from qa_decisions q where q.seq = ch.seq))) x`.execute(db)
        ).rows[0]!.n;
      const count = async () => (await sql<{ n: number }>`select count(*)::int as n from qa_decisions`.execute(db)).rows[0]!.n;
      // A statement-level trigger with a transition table (a row trigger ran PL/pgSQL once per decision).
      const trig = (await sql<{ tgtype: number; tgnewtable: string | null }>`select tgtype::int as tgtype, tgnewtable::text as tgnewtable from pg_trigger where tgname = 'changes_qa_decisions_insert'`.execute(db)).rows;
      expect(trig).toHaveLength(1);
      expect(trig[0]!.tgtype & 1, 'FOR EACH STATEMENT').toBe(0);
      expect(trig[0]!.tgnewtable).toBe('inserted_changes');
      expect(await drift(), 'before').toBe(0);

      // A push of several decisions: the batch statement inserts all their decided changes at once.
      const held = (await post<{ cases: CaseView[] }>(s.arb3!, '/v1/claims', { count: 8, mode: 'offline' })).cases;
      expect(held.length).toBeGreaterThanOrEqual(4);
      const mutations = held.map((c, i) => ({
        clientId: `m22-${i}`,
        type: 'decide',
        caseId: c.id,
        // A note of its own, so a rejection against a critical finding is accepted too.
        decision: { ...decisionFor(c.kind, s.arb3!.userId, `m22-${i}`), note: '已核实证据，与系统提示不同 / evidence checked; differs from the flagged finding' },
        ...(i % 3 === 0 ? { precedentHint: i % 2 === 0 } : {}),
      }));
      const before = await count();
      const pushed = await post<{ results: MutationResult[] }>(s.arb3!, '/v1/sync/push', { mutations });
      const applied = pushed.results.filter((r) => r.status === 'applied').length;
      expect(applied, JSON.stringify(pushed.results)).toBeGreaterThanOrEqual(4);
      expect(await count()).toBe(before + applied);
      expect(await drift(), 'after a batched push').toBe(0);

      // One statement with claims and decisions of the same cases: each decision finds the claim the
      // same statement wrote before it; a statement of claims alone records nothing.
      const two = held.slice(0, 2).map((c) => c.id);
      const claimsOnly = await count();
      await sql`insert into changes (case_id, type, holder_id) select id, 'claimed', ${s.arb3!.userId} from unnest(${two}::text[]) id`.execute(db);
      expect(await count()).toBe(claimsOnly);
      await sql`insert into changes (case_id, type, holder_id, payload, at)
        select id, t, ${s.arb3!.userId}, case when t = 'decided' then jsonb_build_object('decision', jsonb_build_object('verdict', 'upheld', 'decidedBy', ${s.arb3!.userId}::text, 'mutationId', 'm22-sql-' || id)) end,
          now() + (o || ' seconds')::interval
        from unnest(${two}::text[]) id cross join unnest(array['claimed', 'decided']) with ordinality as x(t, o) order by id, o`.execute(db);
      expect(await count()).toBe(claimsOnly + 2);
      expect(await drift(), 'claims and decisions in one statement').toBe(0);
      const own = (await sql<{ claimed_at: Date; at: Date }>`select claimed_at, at from qa_decisions where key like '%:m22-sql-%'`.execute(db)).rows;
      expect(own).toHaveLength(2);
      for (const r of own) expect(new Date(r.at).getTime() - new Date(r.claimed_at).getTime()).toBe(1000);
      // Taken out again (the row trigger on delete is unchanged).
      await sql`delete from changes where payload -> 'decision' ->> 'mutationId' like 'm22-sql-%'`.execute(db);
      expect(await count()).toBe(claimsOnly);
      expect(await drift(), 'after the delete').toBe(0);
    });
  });
}
