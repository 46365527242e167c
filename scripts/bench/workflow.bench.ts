/**
 * Issue 20: the workflow as designed, measured beside the one-at-a-time cycle, on one throwaway
 * PostgreSQL 15 cluster and one server process (1 worker), over loopback HTTP.
 * - workflow: N arbitrators (10) each check out 50 cases in one offline claim (the policy's offline
 *   cap), decide them locally, and push them in the batches the sync engine sends (up to
 *   ENGINE_PUSH_BATCH a push). Decisions per CPU-second (server side: server + PostgreSQL; and all
 *   processes, the load generator included) and per wall second.
 * - cycle (the peer, same rounds interleaved): 10 reviewers claim 1 case and decide it, in a loop.
 * Every round checks 0 doubles: decided change rows against distinct cases, and applied results.
 * The console's figure (82 decisions per CPU-second, all processes: 12.2 ms per cycle) was measured
 * in issue 20's side-by-side run; the console is not in this repository, so it is quoted, not rerun.
 * `GAVEL_BENCH_BASELINE=/path/to/checkout` also runs both against that checkout's server, interleaved
 * round by round (code before a change, side by side with this one). It runs on a cluster of its own,
 * migrated by its own server and imported alike, so a change to the database (a migration, a trigger)
 * is compared as well as the server's code; each server's CPU is read with its own cluster's.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import type { CaseView, MutationResult } from '../../common/api';
import { DEFAULT_POLICY } from '../../common/policy';
import { generateBundles } from '../../server/demo/bundles';
import { openDatabase, type Database } from '../../server/db/database';
import { pgUnavailableReason, startPgCluster, type PgCluster } from '../../server/db/pgCluster';
import { AuthService } from '../../server/services/auth';
import { summarize, type Bench, type Metric } from './harness';
import { cpuMark, cpuPerOp, decisionBody, http, makeUsers, postmasterPid, startServerProcess, stopServerProcesses, type Client, type CpuMark, type ServerProcess } from './server.bench';

/** The sync engine's batch (src/sync/engine.ts, SyncOptions.pushBatch's default). */
export const ENGINE_PUSH_BATCH = 200;
/** Issue 20's side-by-side run: the console's CPU per one-at-a-time cycle, all processes. */
const CONSOLE_MS_PER_DECISION = 12.2;
const CONSOLE_PER_CPU_SECOND = 82;

const loadNote = () => `load avg ${os.loadavg().map((x) => x.toFixed(1)).join('/')}`;

type Round = { decisions: number; secs: number; cpu: CpuMark; claimCpu?: CpuMark; pushCpu?: CpuMark };

export const bench: Bench = {
  name: 'workflow',
  description: 'issue 20: N arbitrators check out 50 cases, decide locally, push in sync-engine batches; beside the one-at-a-time cycle',
  run: async (ctx) => {
    const skip = pgUnavailableReason();
    if (skip) throw new Error(`workflow bench needs PostgreSQL: ${skip}`);
    const arbitrators = 10;
    const perCheckout = DEFAULT_POLICY.leases.offlineMaxCases;
    const rounds = ctx.scale < 1 ? 2 : 5;
    const perRound = arbitrators * perCheckout;
    const baselineRoot = process.env.GAVEL_BENCH_BASELINE?.trim() || undefined;
    /** A server under test with its own cluster, and the accounts made there. */
    type Side = { srv: ServerProcess; cluster: PgCluster; db: Database; pgPid: number; arbs: Client[]; reviewers: Client[] };
    const sides: Side[] = [];
    const servers: ServerProcess[] = [];
    /** Clusters and pools to close, in reverse order, whatever step failed. */
    const cleanup: Array<() => Promise<void> | void> = [];
    try {
      // Enough cases that no case is decided twice in the run (no resets: every decision row is real):
      // warm-ups and rounds of both kinds, each deciding about `perRound`.
      const needed = perRound * (rounds + 1) * 2 + 2000;
      for (const from of baselineRoot ? [undefined, baselineRoot] : [undefined]) {
        const cluster = await startPgCluster();
        cleanup.push(() => cluster.stop());
        const db = await openDatabase({ url: cluster.url, poolSize: 4 });
        cleanup.push(() => db.close());
        const srv = await startServerProcess(cluster.url, 1, from);
        if (from) srv.label = `baseline (${from})`;
        servers.push(srv);
        const side: Side = { srv, cluster, db, pgPid: postmasterPid(cluster.dataDir), arbs: [], reviewers: [] };
        sides.push(side);
        const auth = new AuthService(db.db);
        const [admin] = await makeUsers(db, auth, 'wf-admin', 1, 'admin');
        side.arbs = await makeUsers(db, auth, 'wf-arb', arbitrators, 'arbitrator');
        side.reviewers = await makeUsers(db, auth, 'wf-rev', 10, 'arbitrator');
        ctx.log(`importing ${needed} cases (${srv.label})…`);
        for (let start = 0; start < needed; start += 5000) {
          const lines: string[] = [];
          for (const g of generateBundles({ cases: Math.min(5000, needed - start), seed: 11, start })) lines.push(JSON.stringify(g.bundle));
          const res = await fetch(`${srv.url}/v1/import`, { method: 'POST', headers: { authorization: `Bearer ${admin!.token}`, 'content-type': 'application/x-ndjson' }, body: lines.join('\n') });
          if (res.status !== 200) throw new Error(`import failed: ${res.status} ${await res.text()}`);
          await res.text();
        }
        await sql`vacuum analyze`.execute(db.db);
      }
      const server = servers[0]!;
      const baseline = servers[1];
      const sideOf = (srv: ServerProcess) => sides.find((x) => x.srv === srv)!;

      /** 0 doubles: one decided change row per decided case, and every decided case has its decision. */
      const checkDoubles = async (srv: ServerProcess): Promise<{ rows: number; cases: number }> => {
        const r = (await sql<{ rows: number; cases: number; withDecision: number }>`
          select count(*)::int as rows, count(distinct case_id)::int as cases,
            (select count(*)::int from cases where status = 'decided' and decision is not null) as "withDecision"
          from changes where type = 'decided'`.execute(sideOf(srv).db.db)).rows[0]!;
        if (r.rows !== r.cases || r.cases !== r.withDecision) throw new Error(`doubles (${srv.label}): ${r.rows} decided change rows for ${r.cases} cases, ${r.withDecision} cases with a decision`);
        return r;
      };

      const workflowRound = async (srv: ServerProcess): Promise<Round> => {
        const { pgPid, arbs } = sideOf(srv);
        const call = http(srv.url);
        const cpu0 = cpuMark(srv, pgPid);
        const t0 = performance.now();
        // Check out: one offline claim of 50 each, all at once (the morning's checkout).
        const held = await Promise.all(
          arbs.map(async (a) => {
            const r = await call<{ cases: CaseView[] }>(a, 'POST', '/v1/claims', { count: perCheckout, mode: 'offline' });
            if (r.status !== 200) throw new Error(`checkout failed: ${r.status} ${JSON.stringify(r.json)}`);
            return r.json.cases;
          }),
        );
        const cpu1 = cpuMark(srv, pgPid);
        // Decided locally (the outbox), then sent as the engine flushes it: batches of up to ENGINE_PUSH_BATCH, in order.
        const outboxes = held.map((cases, k) => cases.map((c) => decisionBody(c, arbs[k]!.userId, randomUUID())));
        const cpu2 = cpuMark(srv, pgPid);
        let decisions = 0;
        await Promise.all(
          arbs.map(async (a: Client, k) => {
            const outbox = outboxes[k]!;
            for (let i = 0; i < outbox.length; i += ENGINE_PUSH_BATCH) {
              const batch = outbox.slice(i, i + ENGINE_PUSH_BATCH);
              const r = await call<{ results: MutationResult[] }>(a, 'POST', '/v1/sync/push', { mutations: batch });
              if (r.status !== 200) throw new Error(`push failed: ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
              const notApplied = r.json.results.filter((x) => x.status !== 'applied');
              if (notApplied.length > 0 || r.json.results.length !== batch.length) throw new Error(`push: ${notApplied.length} of ${batch.length} not applied: ${JSON.stringify(notApplied[0])}`);
              decisions += batch.length;
            }
          }),
        );
        const secs = (performance.now() - t0) / 1000;
        const cpu3 = cpuMark(srv, pgPid);
        return { decisions, secs, cpu: cpuPerOp(cpu0, cpu3, decisions).parts, claimCpu: cpuPerOp(cpu0, cpu1, decisions).parts, pushCpu: cpuPerOp(cpu2, cpu3, decisions).parts };
      };

      const cycleRound = async (srv: ServerProcess, target: number): Promise<Round> => {
        const { pgPid, reviewers } = sideOf(srv);
        const call = http(srv.url);
        let decisions = 0;
        const cpu0 = cpuMark(srv, pgPid);
        const t0 = performance.now();
        await Promise.all(
          reviewers.map(async (rv) => {
            while (decisions < target) {
              const cl = await call<{ cases: CaseView[] }>(rv, 'POST', '/v1/claims', { count: 1 });
              const cv = cl.json.cases[0];
              if (!cv) throw new Error('the queue ran out: import more cases');
              const d = await call<{ results: MutationResult[] }>(rv, 'POST', '/v1/sync/push', { mutations: [decisionBody(cv, rv.userId, randomUUID())] });
              if (d.json.results[0]?.status !== 'applied') throw new Error(`decide not applied: ${JSON.stringify(d.json.results[0])}`);
              decisions++;
            }
          }),
        );
        const secs = (performance.now() - t0) / 1000;
        return { decisions, secs, cpu: cpuPerOp(cpu0, cpuMark(srv, pgPid), decisions).parts };
      };

      const total = (c: CpuMark) => c.client + c.server + c.pg;
      const describe = (what: string, r: Round) =>
        `${what}: ${r.decisions} decisions in ${r.secs.toFixed(2)} s → ${(r.decisions / r.secs).toFixed(0)}/s; CPU per decision: generator ${r.cpu.client.toFixed(3)} / server ${r.cpu.server.toFixed(3)} / PostgreSQL ${r.cpu.pg.toFixed(3)} ms = ${total(r.cpu).toFixed(3)} ms` +
        (r.claimCpu && r.pushCpu ? ` (checkout ${total(r.claimCpu).toFixed(3)}, push ${total(r.pushCpu).toFixed(3)})` : '') +
        ` (${loadNote()})`;

      // Warm-up (JIT, plans), not counted.
      for (const srv of servers) {
        ctx.log(describe(`workflow warm-up (${srv.label}), not counted`, await workflowRound(srv)));
        ctx.log(describe(`cycle warm-up (${srv.label}), not counted`, await cycleRound(srv, perRound)));
        await checkDoubles(srv);
      }

      const workflows = new Map<string, Round[]>(servers.map((s) => [s.label, []]));
      const cycles = new Map<string, Round[]>(servers.map((s) => [s.label, []]));
      for (let r = 0; r < rounds; r++) {
        // Alternating which goes first, so neither always meets the same neighbour.
        const order: Array<() => Promise<void>> = [
          ...servers.map((srv) => async () => {
            const x = await workflowRound(srv);
            workflows.get(srv.label)!.push(x);
            ctx.log(describe(`workflow round ${r + 1} (${srv.label}; ${arbitrators} × ${perCheckout}, pushes of ≤ ${ENGINE_PUSH_BATCH})`, x));
          }),
          ...servers.map((srv) => async () => {
            const x = await cycleRound(srv, perRound);
            cycles.get(srv.label)!.push(x);
            ctx.log(describe(`one-at-a-time cycle round ${r + 1} (${srv.label})`, x));
          }),
        ];
        for (const step of r % 2 === 0 ? order : [...order].reverse()) await step();
        for (const srv of servers) {
          const d = await checkDoubles(srv);
          ctx.log(`doubles after round ${r + 1} (${srv.label}): 0 (${d.rows} decided change rows, ${d.cases} distinct cases)`);
        }
      }

      const perCpuS = (rs: Round[], part: (c: CpuMark) => number) => rs.map((x) => 1000 / part(x.cpu));
      const serverSide = (c: CpuMark) => c.server + c.pg;
      const cyc = cycles.get(server.label)!;
      const wf = workflows.get(server.label)!;
      const med = (xs: number[]) => summarize(xs).median;
      const wfServer = med(perCpuS(wf, serverSide));
      const wfAll = med(perCpuS(wf, total));
      const cycAll = med(perCpuS(cyc, total));
      ctx.log(
        `workflow: ${wfServer.toFixed(0)} decisions per server-side CPU-second (server + PostgreSQL), ${wfAll.toFixed(0)} per CPU-second of all processes, ${med(wf.map((x) => x.decisions / x.secs)).toFixed(0)} per wall second (medians of ${wf.length} rounds)`,
      );
      ctx.log(
        `console (not in this repository; issue 20's side-by-side run): ${CONSOLE_PER_CPU_SECOND} decisions per CPU-second, all processes (${CONSOLE_MS_PER_DECISION} ms per cycle) → workflow ${(wfAll / CONSOLE_PER_CPU_SECOND).toFixed(1)}× (all processes), ${(wfServer / CONSOLE_PER_CPU_SECOND).toFixed(1)}× (server side only); one-at-a-time cycle ${(cycAll / CONSOLE_PER_CPU_SECOND).toFixed(1)}×`,
      );
      if (baseline) {
        const bw = workflows.get(baseline.label)!;
        ctx.log(`workflow on the baseline: ${med(perCpuS(bw, serverSide)).toFixed(0)} decisions per server-side CPU-second, ${med(perCpuS(bw, total)).toFixed(0)} all processes`);
      }
      for (const srv of servers) {
        const rs = cycles.get(srv.label)!;
        const m = (f: (c: CpuMark) => number) => med(rs.map((x) => f(x.cpu))).toFixed(3);
        ctx.log(`CPU per one-at-a-time cycle (${srv.label}, median of ${rs.length} rounds): generator ${m((c) => c.client)} + server ${m((c) => c.server)} + PostgreSQL ${m((c) => c.pg)} = ${m(total)} ms`);
        const ws = workflows.get(srv.label)!;
        const w = (part: 'claimCpu' | 'pushCpu', f: (c: CpuMark) => number) => med(ws.map((x) => f(x[part]!))).toFixed(3);
        ctx.log(
          `CPU per batched decision (${srv.label}, medians of ${ws.length} rounds): checkout server ${w('claimCpu', (c) => c.server)} + PostgreSQL ${w('claimCpu', (c) => c.pg)} ms, push server ${w('pushCpu', (c) => c.server)} + PostgreSQL ${w('pushCpu', (c) => c.pg)} ms`,
        );
      }

      const metrics: Metric[] = [
        {
          name: `batched workflow: decisions per server-side CPU-second (server + PostgreSQL), ${arbitrators} arbitrators × ${perCheckout}, 0 doubles`,
          unit: 'decisions/CPU-s',
          samples: perCpuS(wf, serverSide),
          budget: { op: '>=', value: 2000 },
          peer: baseline ? { name: baseline.label, samples: perCpuS(workflows.get(baseline.label)!, serverSide) } : { name: 'one-at-a-time cycle', samples: perCpuS(cyc, serverSide) },
          note: `console (quoted, not in this repository): ${CONSOLE_PER_CPU_SECOND}/CPU-s all processes; goal ≥ 25× that`,
        },
        {
          name: 'batched workflow: decisions per CPU-second, all processes (load generator included)',
          unit: 'decisions/CPU-s',
          samples: perCpuS(wf, total),
          budget: { op: '>=', value: 25 * CONSOLE_PER_CPU_SECOND },
          peer: { name: 'one-at-a-time cycle', samples: perCpuS(cyc, total) },
          note: `ratio to the console's ${CONSOLE_PER_CPU_SECOND}: ${(wfAll / CONSOLE_PER_CPU_SECOND).toFixed(1)}×`,
        },
        { name: 'batched workflow: decisions per wall second', unit: 'decisions/s', samples: wf.map((x) => x.decisions / x.secs), peer: { name: 'one-at-a-time cycle', samples: cyc.map((x) => x.decisions / x.secs) } },
        {
          name: 'one-at-a-time claim-and-decide: CPU per cycle, all processes',
          unit: 'ms',
          samples: cyc.map((x) => total(x.cpu)),
          budget: { op: '<=', value: 2.4 },
          ...(baseline ? { peer: { name: baseline.label, samples: cycles.get(baseline.label)!.map((x) => total(x.cpu)) } } : {}),
        },
        { name: 'one-at-a-time cycle: CPU per cycle, server process', unit: 'ms', samples: cyc.map((x) => x.cpu.server), ...(baseline ? { peer: { name: baseline.label, samples: cycles.get(baseline.label)!.map((x) => x.cpu.server) } } : {}) },
        { name: 'one-at-a-time cycle: CPU per cycle, PostgreSQL', unit: 'ms', samples: cyc.map((x) => x.cpu.pg), ...(baseline ? { peer: { name: baseline.label, samples: cycles.get(baseline.label)!.map((x) => x.cpu.pg) } } : {}) },
        { name: 'one-at-a-time cycle: CPU per cycle, load generator', unit: 'ms', samples: cyc.map((x) => x.cpu.client), ...(baseline ? { peer: { name: baseline.label, samples: cycles.get(baseline.label)!.map((x) => x.cpu.client) } } : {}) },
      ];
      return metrics;
    } finally {
      await stopServerProcesses(servers);
      for (const f of cleanup.reverse()) await f();
    }
  },
};
