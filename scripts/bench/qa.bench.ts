/**
 * Issue 20 §6: QA at 1M decisions, on a throwaway PostgreSQL 15 cluster and one server process,
 * over loopback HTTP. Seeds N decided cases with SQL (generate_series: a claim and a decision change
 * each, a few appeals re-decided by another arbitrator, some overrides), their findings cloned from
 * 500 imported cases; then times plan preview (random, stratified, targeted), plan creation, the
 * dashboard's first paint (its first records request: QA_RECORDS_FIRST_PAGE decisions, the total and
 * the review pairs), one page deep in the keyset, and the dashboard's full load page by page, and
 * reads the server's peak RSS (VmHWM) at the end. The peer is the in-memory reference
 * (loadDecisions, what the routes did before), run in this process on the same rows.
 * `--quick`: 50k decisions. GAVEL_BENCH_QA_DECISIONS=N sets N. `GAVEL_BENCH_BASELINE=/path/to/checkout`
 * also starts that checkout's server on the same cluster and times each preview, the first paint and
 * the mid-keyset page on both in turns (the answers must be equal), printed as the peer.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { sql } from 'kysely';
import { QA_RECORDS_FIRST_PAGE, QA_RECORDS_PAGE, type QaPlanCreated, type QaPreviewResponse, type QaRecordsResponse } from '../../common/api';
import { generateBundles } from '../../server/demo/bundles';
import { openDatabase, type Database } from '../../server/db/database';
import { pgUnavailableReason, startPgCluster, type PgCluster } from '../../server/db/pgCluster';
import { AuthService } from '../../server/services/auth';
import { loadDecisions } from '../../server/services/qa';
import { recordsPageSql } from '../../server/services/qa/sample';
import { seedQaDecisions } from '../../testing/fixtures/qaBulk';
import type { Bench, Metric } from './harness';
import { http, makeUsers, startServerProcess, stopServerProcesses, type ServerProcess } from './server.bench';

const TEMPLATES = 500;
const ARBITRATORS = 40;
const MiB = 1024 * 1024;

/** Peak resident set (VmHWM) of a process, in MiB; 0 where /proc is missing. */
function peakRssMiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export const bench: Bench = {
  name: 'qa',
  description: 'issue 20 §6: QA plan preview, plan creation, records pages and the full dashboard load over 1M decisions; server peak RSS',
  run: async (ctx) => {
    const skip = pgUnavailableReason();
    if (skip) throw new Error(`qa bench needs PostgreSQL: ${skip}`);
    const n = Number(process.env.GAVEL_BENCH_QA_DECISIONS) || Math.round(1_000_000 * ctx.scale);
    const baselineRoot = process.env.GAVEL_BENCH_BASELINE?.trim() || undefined;
    let cluster: PgCluster | undefined;
    let db: Database | undefined;
    const servers: ServerProcess[] = [];
    const metrics: Metric[] = [];
    try {
      cluster = await startPgCluster();
      db = await openDatabase({ url: cluster.url, poolSize: 2 });
      const server = await startServerProcess(cluster.url, 1);
      servers.push(server);
      const call = http(server.url);
      const baseline = baselineRoot ? await startServerProcess(cluster.url, 1, baselineRoot) : undefined;
      if (baseline) servers.push(baseline);
      const callBaseline = baseline ? http(baseline.url) : undefined;
      const auth = new AuthService(db.db);
      const [admin] = await makeUsers(db, auth, 'qa-admin', 1, 'admin');
      const [sup] = await makeUsers(db, auth, 'qa-sup', 1, 'supervisor');
      const arbs = await makeUsers(db, auth, 'qa-arb', ARBITRATORS, 'arbitrator');

      // Real findings to clone: the population's against-critical test reads them.
      const lines = [...generateBundles({ cases: TEMPLATES, seed: 20, start: 0 })].map((g) => JSON.stringify(g.bundle));
      const res = await fetch(`${server.url}/v1/import`, { method: 'POST', headers: { authorization: `Bearer ${admin!.token}`, 'content-type': 'application/x-ndjson' }, body: lines.join('\n') });
      if (res.status !== 200) throw new Error(`import failed: ${res.status} ${await res.text()}`);
      await res.text();

      ctx.log(`seeding ${n} decided cases with SQL…`);
      const t0 = performance.now();
      await seedQaDecisions(db, n, sup!.userId, arbs.map((a) => a.userId));
      await sql`vacuum analyze`.execute(db.db);
      // A million rows outlast an access token: the supervisor signs in again whenever its token is older than five minutes.
      let session = { token: sup!.token, userId: sup!.userId, at: Date.now() };
      const supervisor = async () => {
        if (Date.now() - session.at > 5 * 60_000) session = { token: (await auth.createSession(sup!.userId)).accessToken, userId: sup!.userId, at: Date.now() };
        return session;
      };
      const counts = (await sql<{ decided: string; bytes: string }>`select (select count(*) from changes where type = 'decided') as decided, pg_database_size(current_database()) as bytes`.execute(db.db)).rows[0]!;
      ctx.log(`seeded ${counts.decided} decided changes in ${((performance.now() - t0) / 1000).toFixed(1)} s; database ${(Number(counts.bytes) / MiB).toFixed(0)} MiB`);

      const time = async <T>(what: string, fn: () => Promise<{ status: number; json: T }>, expected = 200): Promise<{ ms: number; json: T }> => {
        const s = performance.now();
        const r = await fn();
        const ms = performance.now() - s;
        if (r.status !== expected) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
        return { ms, json: r.json };
      };
      const reps = ctx.scale < 1 ? 2 : 3;
      const previews: Array<[string, unknown]> = [
        ['random 200', { type: 'random', size: 200 }],
        ['stratified by arbitrator, proportional 500', { type: 'stratified', by: 'arbitrator', size: 500, allocation: { type: 'proportional' } }],
        ['targeted fast (< 60 s)', { type: 'targeted', target: 'fast', maxSeconds: 60, size: 200 }],
      ];
      /** This server's and the baseline's time for the same request, in turns (which goes first alternates). */
      const sideBySide = async <T>(what: string, i: number, request: (c: typeof call) => Promise<{ status: number; json: T }>): Promise<{ ms: number; json: T; baselineMs?: number }> => {
        if (!callBaseline) return time(what, () => request(call));
        const order = i % 2 === 0 ? [call, callBaseline] : [callBaseline, call];
        const [a, b] = [await time(what, () => request(order[0]!)), await time(what, () => request(order[1]!))];
        const [mine, theirs] = i % 2 === 0 ? [a, b] : [b, a];
        if (JSON.stringify(mine.json) !== JSON.stringify(theirs.json)) throw new Error(`${what}: the baseline answered differently`);
        return { ...mine, baselineMs: theirs.ms };
      };
      const peerOf = (samples: number[]) => (baseline ? { peer: { name: `baseline (${baselineRoot})`, samples } } : {});
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      for (const [label, method] of previews) {
        const samples: number[] = [];
        const peer: number[] = [];
        let population = 0;
        for (let i = 0; i < reps; i++) {
          const r = await sideBySide('preview', i, async (c) => c<QaPreviewResponse>(await supervisor(), 'POST', '/v1/qa/plans/preview', { name: 'bench', method, seed: 100 + i }));
          samples.push(r.ms);
          if (r.baselineMs !== undefined) peer.push(r.baselineMs);
          population = r.json.population;
        }
        ctx.log(`plan preview, ${label}: median ${median(samples).toFixed(0)} ms${baseline ? ` (baseline ${median(peer).toFixed(0)} ms)` : ''} over a population of ${population}`);
        metrics.push({ name: `plan preview, ${label}`, unit: 'ms', samples, budget: { op: '<=', value: 1000 }, ...peerOf(peer) });
      }
      const creates: number[] = [];
      for (let i = 0; i < reps; i++) {
        const r = await time(
          'create',
          async () => call<QaPlanCreated>(await supervisor(), 'POST', '/v1/qa/plans', { name: `bench ${i}`, method: { type: 'stratified', by: 'arbitrator', size: 500, allocation: { type: 'proportional' } }, seed: 200 + i }),
          201,
        );
        creates.push(r.ms);
        if (r.json.drawn !== 500) throw new Error(`plan creation drew ${r.json.drawn}, not 500`);
      }
      metrics.push({ name: 'plan creation, stratified by arbitrator, 500 items', unit: 'ms', samples: creates });

      // The dashboard as QaRecordsView loads it: a first request of QA_RECORDS_FIRST_PAGE decisions with the
      // review pairs and the total (its first paint: the page shows from that answer), then pages of
      // QA_RECORDS_PAGE after the cursor to the end (the full load, counted from the first request).
      const firsts: number[] = [];
      const deep: number[] = [];
      const full: number[] = [];
      let pages = 0;
      let loaded = 0;
      let deepCursor: string | null = null;
      for (let i = 0; i < 2; i++) {
        const s = performance.now();
        const first = await time('records', async () => call<QaRecordsResponse>(await supervisor(), 'GET', `/v1/qa/records?limit=${QA_RECORDS_FIRST_PAGE}`));
        firsts.push(first.ms);
        const total = first.json.total ?? 0;
        if (first.json.total === undefined) throw new Error('the first records page carried no total');
        let cursor: string | null = first.json.nextCursor ?? null;
        loaded = first.json.decisions.length;
        pages = 1;
        const middle = Math.max(1, Math.floor((total - QA_RECORDS_FIRST_PAGE) / QA_RECORDS_PAGE / 2));
        while (cursor) {
          const r: { ms: number; json: QaRecordsResponse } = await time('records', async () => call<QaRecordsResponse>(await supervisor(), 'GET', `/v1/qa/records?limit=${QA_RECORDS_PAGE}&cursor=${cursor}`));
          if (pages === middle) {
            deep.push(r.ms);
            deepCursor = cursor;
          }
          loaded += r.json.decisions.length;
          cursor = r.json.nextCursor ?? null;
          pages++;
        }
        full.push(performance.now() - s);
        if (loaded !== total) throw new Error(`dashboard load: ${loaded} decisions over ${pages} pages, total said ${total}`);
      }
      ctx.log(`dashboard load: ${loaded} decisions in ${pages} requests (a first page of ${QA_RECORDS_FIRST_PAGE}, then pages of ${QA_RECORDS_PAGE})`);
      // The page queries' plans: down qa_decisions' (at, seq) index, no sort of the population.
      for (const [label, cursor, rows] of [
        ['first page', null, QA_RECORDS_FIRST_PAGE],
        ['mid-keyset page', deepCursor, QA_RECORDS_PAGE],
      ] as const) {
        const [micros, seq] = cursor ? cursor.split(':') : [];
        const plan = (await sql<{ 'QUERY PLAN': string }>`explain (costs off) ${recordsPageSql({}, micros && seq ? { micros, seq } : null, rows + 1)}`.execute(db.db)).rows.map((r) => r['QUERY PLAN']);
        const indexed = plan.some((l) => /Index Scan Backward using qa_decisions_at_seq/.test(l));
        ctx.log(`records ${label} plan: ${indexed ? 'index scan backward on qa_decisions (at, seq)' : 'NOT the (at, seq) index'}\n    ${plan.join('\n    ')}`);
      }
      // Beside the baseline: the first request and the same mid-keyset page, in turns (they must answer alike).
      const firstsPeer: number[] = [];
      const deepPeer: number[] = [];
      if (baseline) {
        firsts.length = 0;
        deep.length = 0;
        for (let i = 0; i < reps; i++) {
          const f = await sideBySide('records', i, async (c) => c<QaRecordsResponse>(await supervisor(), 'GET', `/v1/qa/records?limit=${QA_RECORDS_FIRST_PAGE}`));
          firsts.push(f.ms);
          firstsPeer.push(f.baselineMs!);
          if (!deepCursor) continue;
          const d = await sideBySide('records', i, async (c) => c<QaRecordsResponse>(await supervisor(), 'GET', `/v1/qa/records?limit=${QA_RECORDS_PAGE}&cursor=${deepCursor}`));
          deep.push(d.ms);
          deepPeer.push(d.baselineMs!);
        }
        ctx.log(`first paint: median ${median(firsts).toFixed(0)} ms, baseline ${median(firstsPeer).toFixed(0)} ms`);
      }
      metrics.push({ name: `dashboard first paint: records, first page of ${QA_RECORDS_FIRST_PAGE} with its total and the review pairs`, unit: 'ms', samples: firsts, budget: { op: '<=', value: 2000 }, ...peerOf(firstsPeer) });
      if (deep.length) metrics.push({ name: `records, one page of ${QA_RECORDS_PAGE} mid-way through the keyset`, unit: 'ms', samples: deep, ...peerOf(deepPeer) });
      metrics.push({ name: `dashboard full load, ${loaded} decisions in ${pages} requests`, unit: 'ms', samples: full });
      const rss = peakRssMiB(server.child.pid ?? 0);
      ctx.log(`server peak RSS ${rss.toFixed(0)} MiB (load avg ${os.loadavg().map((x) => x.toFixed(1)).join('/')})`);

      // The peer: the in-memory reference every route used before, here in this process.
      const heap0 = process.memoryUsage().rss;
      const r0 = performance.now();
      const all = await loadDecisions(db.db);
      const refMs = performance.now() - r0;
      const refRss = (Math.max(heap0, process.memoryUsage().rss) - heap0) / MiB;
      ctx.log(`in-memory reference: ${all.length} decisions loaded in ${(refMs / 1000).toFixed(1)} s, +${refRss.toFixed(0)} MiB resident in the loading process`);
      metrics.push({ name: 'server peak RSS over the run', unit: 'MiB', samples: [rss], budget: { op: '<=', value: 512 }, peer: { name: 'in-memory reference: RSS added by loading every decision', samples: [refRss] } });
      metrics.push({ name: 'every decision into memory (the routes before: preview, create, records each did this first)', unit: 'ms', samples: [refMs] });
      return metrics;
    } finally {
      await stopServerProcesses(servers);
      await db?.close();
      cluster?.stop();
    }
  },
};
