/**
 * Backend benchmarks on a throwaway PostgreSQL cluster, over real loopback HTTP, with the server in
 * its own process (as deployed) so the load generator does not share its event loop:
 * - import: bundles/s through POST /v1/import (NDJSON, findings included)
 * - claims: claims/s with 50 concurrent claimers, zero double claims checked
 * - routing (issue 19): the same claims with every claimer profiled (half senior, half junior) and
 *   the default rules, beside no profiles, rounds alternating; no junior may get a serious case
 * - pull / push: p99 latency with 200 simulated arbitrators each pushing and pulling every ~2 s
 * - claim-and-decide: cycles/s with 10 reviewers in a closed loop (claim 1, decide it)
 * - what-if (issue 18): a draft policy over N cases (open ones and the latest 1,000 decided), the
 *   whole run of POST /v1/policies/what-if slices as the Policy page drives it, ≤ 10 s at 100k
 * - login (issue 14): what login throttling adds to a correct sign-in with no attack under way,
 *   p95 ≤ 5 ms, beside whole sign-ins over HTTP (the password check dominates those)
 * Claims and cycles run against two server processes on the same database, one worker and
 * `--workers 2`, in alternating order round by round, so the ratio is measured under the same load.
 * The load generator speaks HTTP/1.1 keep-alive through node:http: fetch (undici) cost about as much
 * CPU per request as the server itself (docs/performance.md), which the budgets should not be
 * charged for. `GAVEL_BENCH_SECTIONS=claims,cycles` runs a subset (ceiling, login, import,
 * claims, routing, pullpush, cycles, whatif).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { QUEUES, type CaseView, type MutationResult, type PullResponse, type Role, type WhatIfResponse } from '../../common/api';
import { CASE_LANGUAGES, COMPLAINT_KINDS, type ComplaintKind } from '../../common/domain';
import { DEFAULT_POLICY } from '../../common/policy';
import { generateBundles } from '../../server/demo/bundles';
import { openDatabase, type Database } from '../../server/db/database';
import { pgUnavailableReason, startPgCluster, type PgCluster } from '../../server/db/pgCluster';
import { SERVER_NODE_ARGS } from '../../server/nodeArgs';
import { AuthService, hashPassword } from '../../server/services/auth';
import { LoginThrottle } from '../../server/services/loginThrottle';
import { quantile, summarize, type Bench, type Metric } from './harness';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type ServerProcess = { url: string; child: ChildProcess; label: string };

/** Stops the server processes still running (SIGTERM), each awaited to its exit. */
export async function stopServerProcesses(servers: readonly ServerProcess[]): Promise<void> {
  for (const srv of servers) {
    if (srv.child.exitCode !== null || srv.child.signalCode !== null) continue;
    const exited = new Promise((r) => srv.child.once('exit', r));
    srv.child.kill('SIGTERM');
    await exited;
  }
}

/** `from`: the checkout whose server runs (another one's, to measure code side by side with this one). */
export async function startServerProcess(databaseUrl: string, workers: number, from = root): Promise<ServerProcess> {
  // Started as `npm run server` starts it (the same Node options).
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, '--import', 'tsx', path.join(from, 'server/index.ts'), '--port', '0', '--workers', String(workers)], {
    cwd: from,
    // Request logging off: we measure the service, not pino writing 100k lines to a pipe.
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
  child.stdout.resume();
  return { url, child, label: workers === 1 ? '1 worker' : `${workers} workers` };
}

export type Client = { token: string; userId: string };

export async function makeUsers(db: Database, auth: AuthService, prefix: string, n: number, role: Role): Promise<Client[]> {
  // One scrypt hash for all bench users: a separate hash each (260) would add seconds of CPU to the run.
  const hash = await hashPassword(randomUUID());
  const rows = Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, username: `${prefix}-${i}`, display_name: `${prefix} ${i}`, role, password_hash: hash }));
  await db.db.insertInto('users').values(rows).execute();
  const out: Client[] = [];
  for (const r of rows) out.push({ token: (await auth.createSession(r.id)).accessToken, userId: r.id });
  return out;
}

/** One keep-alive connection per concurrent client, as a workstation holds one. */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function send(base: string, method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(base + url);
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, agent, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function http(base: string) {
  return async <T>(c: Client, method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; json: T; ms: number }> => {
    const t0 = performance.now();
    const res = await send(base, method, url, { authorization: `Bearer ${c.token}` }, body === undefined ? undefined : JSON.stringify(body));
    const json = JSON.parse(res.text) as T;
    return { status: res.status, json, ms: performance.now() - t0 };
  };
}

export function decisionBody(c: { id: string; kind: ComplaintKind }, userId: string, clientId: string) {
  const rc = DEFAULT_POLICY.reasonCodes[c.kind].find((r) => r.verdicts.includes('rejected'))!;
  return {
    clientId,
    type: 'decide',
    caseId: c.id,
    decision: {
      verdict: 'rejected',
      remedies: ['no_action'],
      reasonCodes: [rc.code],
      note: 'bench: evidence reviewed',
      citedEvidence: [],
      decidedBy: userId,
      decidedAt: new Date().toISOString(),
      policyVersion: DEFAULT_POLICY.version,
      mutationId: clientId,
    },
  };
}

//#region CPU accounting (Linux /proc; figures robust to other load on the machine)
const CLK_TCK = 100;
/** utime+stime (and reaped children's, for a parent) of one process, in seconds; 0 where /proc is missing. */
function procCpu(pid: number, withReaped = false): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12]) + (withReaped ? Number(f[13]) + Number(f[14]) : 0)) / CLK_TCK;
  } catch {
    return 0;
  }
}
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
/** CPU seconds so far of a process tree two levels deep (server primary + workers; postmaster + backends, exited ones included). */
function treeCpu(pid: number): number {
  return procCpu(pid, true) + childrenOf(pid).reduce((s, c) => s + procCpu(c, true) + childrenOf(c).reduce((t, g) => t + procCpu(g, true), 0), 0);
}
export function postmasterPid(dataDir: string): number {
  try {
    return Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return 0;
  }
}
export type CpuMark = { client: number; server: number; pg: number };
export function cpuMark(server: ServerProcess, pgPid: number): CpuMark {
  const u = process.cpuUsage();
  return { client: (u.user + u.system) / 1e6, server: treeCpu(server.child.pid ?? 0), pg: pgPid ? treeCpu(pgPid) : 0 };
}
/** "CPU per op: generator a / server b / PostgreSQL c ms"; the sum is what one operation costs the machine. */
export function cpuPerOp(from: CpuMark, to: CpuMark, ops: number): { text: string; total: number; parts: CpuMark } {
  const ms = (a: number, b: number) => ((b - a) * 1000) / Math.max(1, ops);
  const c = ms(from.client, to.client);
  const s = ms(from.server, to.server);
  const p = ms(from.pg, to.pg);
  return { text: `CPU per op: generator ${c.toFixed(2)} / server ${s.toFixed(2)} / PostgreSQL ${p.toFixed(2)} ms`, total: c + s + p, parts: { client: c, server: s, pg: p } };
}
//#endregion

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const SECTIONS = ['ceiling', 'login', 'import', 'claims', 'routing', 'pullpush', 'cycles', 'whatif'] as const;
function selectedSections(): Set<string> {
  const raw = process.env.GAVEL_BENCH_SECTIONS?.trim();
  if (!raw) return new Set(SECTIONS);
  const picked = raw.split(',').map((x) => x.trim());
  const unknown = picked.filter((x) => !(SECTIONS as readonly string[]).includes(x));
  if (unknown.length) throw new Error(`GAVEL_BENCH_SECTIONS: unknown section(s) ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);
  return new Set(picked);
}

/** The two configurations compared side by side: the default (1 worker) and `--workers 2`. */
const WORKER_CONFIGS = [1, 2] as const;

export const bench: Bench = {
  name: 'server',
  description: 'backend on PostgreSQL over loopback HTTP: import, claims, pull/push latency, claim-and-decide cycles (1 vs 2 workers)',
  run: async (ctx) => {
    const skip = pgUnavailableReason();
    if (skip) throw new Error(`server bench needs PostgreSQL: ${skip}`);
    const sections = selectedSections();
    const rounds = 3;
    const perImport = Math.max(100, Math.round(5000 * ctx.scale));
    let cluster: PgCluster | undefined;
    const servers: ServerProcess[] = [];
    let db: Database | undefined;
    try {
      cluster = await startPgCluster();
      db = await openDatabase({ url: cluster.url, poolSize: 4 });
      for (const w of WORKER_CONFIGS) servers.push(await startServerProcess(cluster.url, w));
      const server = servers[0]!;
      const pgPid = postmasterPid(cluster.dataDir);
      const call = http(server.url);
      const auth = new AuthService(db.db);
      const [admin] = await makeUsers(db, auth, 'bench-admin', 1, 'admin');
      const claimers = await makeUsers(db, auth, 'bench-claimer', 50, 'arbitrator');
      const arbs = await makeUsers(db, auth, 'bench-arb', 200, 'arbitrator');
      const reviewers = await makeUsers(db, auth, 'bench-rev', 10, 'arbitrator');
      const metrics: Metric[] = [];
      /** Configurations in alternating order, so neither always runs first (warm caches, load drift). */
      const interleaved = (r: number) => (r % 2 === 0 ? servers : [...servers].reverse());
      const byLabel = (samples: Map<string, number[]>, label: string) => samples.get(label) ?? [];
      const push = (samples: Map<string, number[]>, label: string, v: number) => samples.set(label, [...byLabel(samples, label), v]);
      const [one, two] = [servers[0]!.label, servers[1]!.label];
      const cpuNote = () => `load avg ${os.loadavg().map((x) => x.toFixed(1)).join('/')}`;

      if (sections.has('ceiling')) {
        //#region loopback HTTP ceiling
        // What this machine allows at all: 50 clients on GET /healthz (no auth, no database). Every
        // budget below is bounded by it, so it is printed alongside them.
        const floor: number[] = [];
        for (let r = 0; r < rounds; r++) {
          let n = 0;
          const t0 = performance.now();
          const until = t0 + Math.max(500, 2000 * ctx.scale);
          await Promise.all(
            Array.from({ length: 50 }, async () => {
              for (let i = 0; i < 1_000_000 && performance.now() < until; i++) {
                await send(server.url, 'GET', '/healthz', {});
                n++;
              }
            }),
          );
          floor.push(n / ((performance.now() - t0) / 1000));
        }
        ctx.log(`loopback HTTP ceiling: ${floor.map((x) => x.toFixed(0)).join(', ')} req/s (${cpuNote()})`);
        metrics.push({ name: 'loopback HTTP ceiling: GET /healthz, 50 clients (reference)', unit: 'req/s', samples: floor });
        //#endregion
      }

      if (sections.has('login')) {
        //#region login throttling
        // Timed apart from the password check (scrypt: tens of ms, and noisy enough to hide 5 ms):
        // the two statements a correct sign-in adds, the count before the check and the clean slate
        // after it, on a table that already holds other accounts' and addresses' rows (no attack:
        // nobody over the limit). The clean slate runs in its own transaction here (in the product it
        // shares the sign-in's), so the figure is an upper bound.
        const throttle = new LoginThrottle(db.db);
        await sql`insert into login_throttle (key, attempts, last_attempt_at)
          select k || g, 1 + g % 3, now() - (g % 600) * interval '1 second'
          from generate_series(1, 5000) g, (values ('u:someone-'), ('ip:10.9.')) v(k) on conflict do nothing`.execute(db.db);
        const added: number[] = [];
        const n = Math.max(100, Math.round(2000 * ctx.scale));
        for (let i = 0; i < n; i++) {
          const user = `bench-arb-${i % 200}`;
          const source = `10.0.${i % 250}.${i % 7}`;
          const t0 = performance.now();
          const wait = await throttle.admit(user, source);
          if (wait !== 0) throw new Error(`login bench: ${user} from ${source} was throttled (${wait} s) with no attack under way`);
          await db.db.transaction().execute((trx) => throttle.succeeded(trx, user, source));
          added.push(performance.now() - t0);
        }
        ctx.log(`login throttling: ${n} correct sign-ins, added p95 ${quantile([...added].sort((a, b) => a - b), 0.95).toFixed(2)} ms (${cpuNote()})`);
        metrics.push({ name: 'login throttling added to a correct sign-in (count + clean slate)', unit: 'ms', samples: added, budget: { op: '<=', value: 5 }, budgetOn: 'p95' });
        // Whole sign-ins over HTTP, for scale: one account, its real password, from loopback (fewer
        // than the route's 60 a minute).
        const password = randomUUID();
        await auth.createUser({ username: 'bench-login', displayName: 'bench login', role: 'arbitrator', password }, null);
        const whole: number[] = [];
        for (let i = 0; i < Math.max(10, Math.round(40 * ctx.scale)); i++) {
          const t0 = performance.now();
          const res = await send(server.url, 'POST', '/v1/auth/login', {}, JSON.stringify({ username: 'bench-login', password }));
          if (res.status !== 200) throw new Error(`login bench: sign-in answered ${res.status} ${res.text.slice(0, 200)}`);
          whole.push(performance.now() - t0);
        }
        metrics.push({ name: 'whole correct sign-in over HTTP, password check included (reference)', unit: 'ms', samples: whole });
        //#endregion
      }

      //#region import
      // Always runs: it loads the cases every later section works on.
      ctx.log(`generating ${rounds} × ${perImport} bundles…`);
      const bodies: string[] = [];
      for (let r = 0; r < rounds; r++) {
        const lines: string[] = [];
        for (const g of generateBundles({ cases: perImport, seed: 7, start: r * perImport })) lines.push(JSON.stringify(g.bundle));
        bodies.push(lines.join('\n'));
      }
      const importRates: number[] = [];
      for (const body of bodies) {
        const t0 = performance.now();
        const res = await fetch(`${server.url}/v1/import`, { method: 'POST', headers: { authorization: `Bearer ${admin!.token}`, 'content-type': 'application/x-ndjson' }, body });
        const text = await res.text();
        const secs = (performance.now() - t0) / 1000;
        const summary = (JSON.parse(text.trimEnd().split('\n').at(-1)!) as { summary: { created: number; invalid: number } }).summary;
        if (res.status !== 200 || summary.created !== perImport) throw new Error(`import failed: ${res.status} ${JSON.stringify(summary)}`);
        importRates.push(perImport / secs);
        ctx.log(`import: ${perImport} bundles in ${secs.toFixed(2)} s → ${(perImport / secs).toFixed(0)}/s`);
      }
      if (sections.has('import')) metrics.push({ name: 'import throughput (NDJSON, findings included)', unit: 'bundles/s', samples: importRates, budget: { op: '>=', value: 2000 } });
      //#endregion

      //#region the claim round (claims and routing sections)
      const claimTarget = Math.min(perImport * rounds, Math.max(200, Math.round(5000 * ctx.scale)));
      let doubles = 0;
      /**
       * 50 claimers race until `claimTarget` cases are out; every case id must come back once.
       * `check` sees each claimed case with its claimer (routing: nobody outside their skills).
       */
      const claimRound = async (srv: ServerProcess, perRequest: number, check?: (claimer: number, cv: CaseView) => void): Promise<{ rate: number; cpu: number }> => {
        await sql`update cases set leased = false, assignee_id = null, lease_epoch = 0 where status = 'queued'`.execute(db!.db);
        // The reset rewrote every row; vacuum so the claim index is not a field of dead entries.
        await sql`vacuum analyze cases`.execute(db!.db);
        const c = http(srv.url);
        const seen = new Set<string>();
        let taken = 0;
        const cpu0 = cpuMark(srv, pgPid);
        const t0 = performance.now();
        await Promise.all(
          claimers.map(async (cl, k) => {
            for (let i = 0; i < claimTarget && taken < claimTarget; i++) {
              const res = await c<{ cases: CaseView[] }>(cl, 'POST', '/v1/claims', { count: perRequest });
              if (res.status !== 200) throw new Error(`claim failed ${res.status}`);
              if (res.json.cases.length === 0) return;
              for (const cv of res.json.cases) {
                if (seen.has(cv.id)) doubles++;
                seen.add(cv.id);
                check?.(k, cv);
                taken++;
              }
            }
          }),
        );
        const secs = (performance.now() - t0) / 1000;
        const cpu = cpuPerOp(cpu0, cpuMark(srv, pgPid), taken);
        ctx.log(`claims (${srv.label}): ${taken} by 50 claimers, ${perRequest} per request, in ${secs.toFixed(2)} s → ${(taken / secs).toFixed(0)}/s, doubles so far ${doubles}; ${cpu.text} (${cpuNote()})`);
        return { rate: taken / secs, cpu: cpu.total };
      };
      //#endregion

      if (sections.has('claims')) {
        //#region claims
        const single = new Map<string, number[]>();
        const batched = new Map<string, number[]>();
        const claimCpu = new Map<string, number[]>();
        for (let r = 0; r < rounds; r++) {
          for (const srv of interleaved(r)) {
            const one1 = await claimRound(srv, 1);
            push(single, srv.label, one1.rate);
            push(claimCpu, srv.label, one1.cpu);
          }
          for (const srv of interleaved(r)) push(batched, srv.label, (await claimRound(srv, 10)).rate);
        }
        if (doubles > 0) throw new Error(`${doubles} double claims`);
        metrics.push({
          name: `claims, 50 concurrent claimers, 1 case per request, ${one} (0 double claims)`,
          unit: 'claims/s',
          samples: byLabel(single, one),
          budget: { op: '>=', value: 1000 },
          peer: { name: two, samples: byLabel(single, two) },
        });
        metrics.push({ name: `CPU per claim (generator + server + PostgreSQL), 1 case per request, ${one}`, unit: 'ms', samples: byLabel(claimCpu, one), peer: { name: two, samples: byLabel(claimCpu, two) } });
        metrics.push({ name: `claims, 50 concurrent claimers, 10 cases per request (queue prefetch), ${one}`, unit: 'claims/s', samples: byLabel(batched, one), peer: { name: two, samples: byLabel(batched, two) } });
        await sql`update cases set leased = false, assignee_id = null where status = 'queued'`.execute(db.db);
        //#endregion
      }

      if (sections.has('routing')) {
        //#region routing (issue 19 §4): the claim with every claimer profiled and the default rules on, beside no profiles
        // Half the claimers senior, half junior, all kinds, queues and languages: every claim then runs
        // the profile and rule conditions, and the default rules (counterfeit and false advertising
        // need a senior) refuse juniors a share of the queue. Without profiles nobody is routed.
        // Same server, same cases, rounds alternating; a junior handed a serious case fails the run.
        const ROUTED = 'every claimer profiled, default rules';
        const PLAIN = 'no profiles (nobody routed)';
        const senior = (k: number) => k % 2 === 0;
        const serious = new Set<string>(['counterfeit', 'false_advertising']);
        let outside = 0;
        const rates = new Map<string, number[]>();
        const cpus = new Map<string, number[]>();
        const profiles = async (on: boolean) => {
          await sql`delete from arbitrator_skills where user_id = any(${sql.val(claimers.map((c) => c.userId))}::text[])`.execute(db!.db);
          if (!on) return;
          await db!.db
            .insertInto('arbitrator_skills')
            .values(
              claimers.map((c, k) => ({
                user_id: c.userId,
                kinds: JSON.stringify(COMPLAINT_KINDS),
                queues: JSON.stringify(QUEUES),
                languages: JSON.stringify(CASE_LANGUAGES),
                seniority: senior(k) ? 'senior' : 'junior',
                tags: '[]',
              })),
            )
            .execute();
        };
        for (let r = 0; r < rounds; r++) {
          for (const on of r % 2 === 0 ? [true, false] : [false, true]) {
            await profiles(on);
            const got = await claimRound(servers[0]!, 1, on ? (k, cv) => void (!senior(k) && serious.has(cv.kind) && outside++) : undefined);
            push(rates, on ? ROUTED : PLAIN, got.rate);
            push(cpus, on ? ROUTED : PLAIN, got.cpu);
            ctx.log(`routing: ${on ? ROUTED : PLAIN}, round ${r + 1}: ${got.rate.toFixed(0)} claims/s, ${got.cpu.toFixed(2)} ms CPU per claim`);
          }
        }
        await profiles(false);
        if (doubles > 0) throw new Error(`${doubles} double claims`);
        if (outside > 0) throw new Error(`routing: ${outside} serious cases handed to a junior`);
        const ratio = summarize(byLabel(rates, ROUTED)).median / summarize(byLabel(rates, PLAIN)).median;
        ctx.log(`routing: claims/s with routing ÷ without ${ratio.toFixed(2)} (budget: ≥ 1,000/s, or within 10 %: ≥ 0.90); 0 serious cases to a junior`);
        metrics.push({
          name: `claims with routing (${ROUTED}), 50 concurrent claimers, ${one}`,
          unit: 'claims/s',
          samples: byLabel(rates, ROUTED),
          budget: { op: '>=', value: 1000 },
          peer: { name: PLAIN, samples: byLabel(rates, PLAIN) },
          note: `within 10 % of the peer also meets the budget: ratio ${ratio.toFixed(2)}`,
        });
        metrics.push({ name: `CPU per claim with routing (generator + server + PostgreSQL), ${one}`, unit: 'ms', samples: byLabel(cpus, ROUTED), peer: { name: PLAIN, samples: byLabel(cpus, PLAIN) } });
        await sql`update cases set leased = false, assignee_id = null where status = 'queued'`.execute(db.db);
        //#endregion
      }

      if (sections.has('pullpush')) {
        //#region pull / push with 200 arbitrators
        const held = new Map<string, CaseView[]>();
        for (const a of arbs) held.set(a.userId, (await call<{ cases: CaseView[] }>(a, 'POST', '/v1/claims', { count: 5 })).json.cases);
        const pullP99: number[] = [];
        const pushP99: number[] = [];
        const roundMs = Math.max(4000, Math.round(10_000 * ctx.scale));
        const cursors = new Map<string, string | undefined>();
        for (let r = 0; r < rounds; r++) {
          const pulls: number[] = [];
          const pushes: number[] = [];
          const end = performance.now() + roundMs;
          await Promise.all(
            arbs.map(async (a, k) => {
              await sleep((k * 2000) / arbs.length);
              for (let i = 0; i < 10_000 && performance.now() < end; i++) {
                const mine = held.get(a.userId)!;
                const target = mine[i % Math.max(1, mine.length)];
                if (target) {
                  const m = i % 7 === 6 ? decisionBody(target, a.userId, randomUUID()) : { clientId: randomUUID(), type: 'add_note', caseId: target.id, text: `note ${i}` };
                  const res = await call<{ results: MutationResult[] }>(a, 'POST', '/v1/sync/push', { mutations: [m] });
                  if (res.status !== 200) throw new Error(`push ${res.status}`);
                  pushes.push(res.ms);
                  if (m.type === 'decide') mine.splice(mine.indexOf(target), 1);
                }
                const cur = cursors.get(a.userId);
                const pr = await call<PullResponse>(a, 'GET', `/v1/sync/pull${cur ? `?cursor=${cur}` : ''}`);
                if (pr.status !== 200) throw new Error(`pull ${pr.status}`);
                cursors.set(a.userId, pr.json.cursor);
                pulls.push(pr.ms);
                await sleep(1600 + Math.random() * 800);
              }
            }),
          );
          pulls.sort((x, y) => x - y);
          pushes.sort((x, y) => x - y);
          pullP99.push(quantile(pulls, 0.99));
          pushP99.push(quantile(pushes, 0.99));
          ctx.log(
            `pull/push: ${pulls.length} pulls p50 ${quantile(pulls, 0.5).toFixed(1)} p99 ${quantile(pulls, 0.99).toFixed(1)} ms; ${pushes.length} pushes p50 ${quantile(pushes, 0.5).toFixed(1)} p99 ${quantile(pushes, 0.99).toFixed(1)} ms (${cpuNote()})`,
          );
        }
        metrics.push({ name: 'pull p99, 200 arbitrators each pushing and pulling every ~2 s', unit: 'ms', samples: pullP99, budget: { op: '<=', value: 100 } });
        metrics.push({ name: 'push p99, 200 arbitrators each pushing and pulling every ~2 s', unit: 'ms', samples: pushP99, budget: { op: '<=', value: 100 } });
        //#endregion
      }

      if (sections.has('cycles')) {
        //#region claim-and-decide cycles
        const cycleRates = new Map<string, number[]>();
        const stepP95 = new Map<string, number[]>();
        const cycleCpu = new Map<string, number[]>();
        const cycleParts = new Map<string, CpuMark[]>();
        const cycleMs = Math.max(2000, Math.round(5000 * ctx.scale));
        const cycleRound = async (srv: ServerProcess, warmUp = false): Promise<void> => {
          // Each round starts from the same queue: decided cases go back (a bench-only reset).
          await sql`update cases set status = 'queued', leased = false, assignee_id = null, decision = null, decided_by = null, decided_at = null
            where status in ('decided', 'queued')`.execute(db!.db);
          await sql`vacuum analyze cases`.execute(db!.db);
          const c = http(srv.url);
          const steps: number[] = [];
          let cycles = 0;
          const cpu0 = cpuMark(srv, pgPid);
          const t0 = performance.now();
          const end = t0 + (warmUp ? Math.min(cycleMs, 2000) : cycleMs);
          await Promise.all(
            reviewers.map(async (rv) => {
              for (let i = 0; i < 1_000_000 && performance.now() < end; i++) {
                const cl = await c<{ cases: CaseView[] }>(rv, 'POST', '/v1/claims', { count: 1 });
                const cv = cl.json.cases[0];
                if (!cv) return;
                const id = randomUUID();
                const d = await c<{ results: MutationResult[] }>(rv, 'POST', '/v1/sync/push', { mutations: [decisionBody(cv, rv.userId, id)] });
                if (d.json.results[0]?.status !== 'applied') throw new Error(`decide not applied: ${JSON.stringify(d.json.results[0])}`);
                steps.push(cl.ms, d.ms);
                cycles++;
              }
            }),
          );
          const secs = (performance.now() - t0) / 1000;
          const cpu = cpuPerOp(cpu0, cpuMark(srv, pgPid), cycles);
          if (warmUp) {
            ctx.log(`claim-and-decide (${srv.label}) warm-up, not counted: ${cycles} cycles → ${(cycles / secs).toFixed(0)}/s; ${cpu.text} (${cpuNote()})`);
            return;
          }
          push(cycleCpu, srv.label, cpu.total);
          cycleParts.set(srv.label, [...(cycleParts.get(srv.label) ?? []), cpu.parts]);
          push(cycleRates, srv.label, cycles / secs);
          steps.sort((x, y) => x - y);
          push(stepP95, srv.label, quantile(steps, 0.95));
          ctx.log(`claim-and-decide (${srv.label}): ${cycles} cycles by 10 reviewers in ${secs.toFixed(2)} s → ${(cycles / secs).toFixed(0)}/s, p95 per step ${quantile(steps, 0.95).toFixed(1)} ms; ${cpu.text} (${cpuNote()})`);
        };
        // One short unrecorded round per server first: its first thousand requests run the claim and
        // push code cold (JIT compilation), which the import before them did not exercise.
        for (const srv of servers) await cycleRound(srv, true);
        for (let r = 0; r < rounds; r++) for (const srv of interleaved(r)) await cycleRound(srv);
        // The split that decides the ceiling: which process the CPU of one cycle went to (medians of the rounds).
        for (const srv of servers) {
          const parts = cycleParts.get(srv.label) ?? [];
          const med = (f: (m: CpuMark) => number) => summarize(parts.map(f)).median;
          const total = med((m) => m.client + m.server + m.pg);
          ctx.log(
            `CPU per cycle (${srv.label}, median of ${parts.length} rounds): generator ${med((m) => m.client).toFixed(2)} + server ${med((m) => m.server).toFixed(2)} + PostgreSQL ${med((m) => m.pg).toFixed(2)} ≈ ${total.toFixed(2)} ms → at most ${(2000 / total).toFixed(0)} cycles/s on 2 idle cores`,
          );
        }
        const p95 = (label: string) => summarize(byLabel(stepP95, label)).median.toFixed(1);
        metrics.push({
          name: `claim-and-decide cycles, 10 reviewers, ${one}`,
          unit: 'cycles/s',
          samples: byLabel(cycleRates, one),
          budget: { op: '>=', value: 1000 },
          peer: { name: two, samples: byLabel(cycleRates, two) },
          note: `reference console ≈200/s (p95 ≈35 ms per step); p95 per step (median of rounds): ${one} ${p95(one)} ms, ${two} ${p95(two)} ms`,
        });
        metrics.push({
          name: `CPU per claim-and-decide cycle (generator + server + PostgreSQL), ${one}`,
          unit: 'ms',
          samples: byLabel(cycleCpu, one),
          peer: { name: two, samples: byLabel(cycleCpu, two) },
          note: '2 cores ÷ this = the most cycles/s the machine could give with nothing else running',
        });
        const partMedians = (label: string, f: (m: CpuMark) => number) => (cycleParts.get(label) ?? []).map(f);
        metrics.push({ name: `CPU per cycle: server process(es), ${one}`, unit: 'ms', samples: partMedians(one, (m) => m.server), peer: { name: two, samples: partMedians(two, (m) => m.server) } });
        metrics.push({ name: `CPU per cycle: PostgreSQL, ${one}`, unit: 'ms', samples: partMedians(one, (m) => m.pg), peer: { name: two, samples: partMedians(two, (m) => m.pg) } });
        metrics.push({ name: `CPU per cycle: load generator, ${one}`, unit: 'ms', samples: partMedians(one, (m) => m.client), peer: { name: two, samples: partMedians(two, (m) => m.client) } });
        metrics.push({ name: `claim-and-decide p95 per step (claim or decide), ${one}`, unit: 'ms', samples: byLabel(stepP95, one), peer: { name: two, samples: byLabel(stepP95, two) } });
        //#endregion
      }

      if (sections.has('whatif')) {
        //#region what-if
        // The cases imported above, topped up to N with more generated ones, and at least 1,000
        // decided (claim-and-decide may have decided some already; the rest get a valid decision
        // written directly, one case in ten of each kind): not timed. Then a supervisor runs a draft
        // with three thresholds changed, every slice until the cursor is null, three times.
        const target = Math.max(perImport * rounds, Math.round(100_000 * ctx.scale));
        for (let start = perImport * rounds; start < target; start += 5000) {
          const lines: string[] = [];
          for (const g of generateBundles({ cases: Math.min(5000, target - start), seed: 7, start })) lines.push(JSON.stringify(g.bundle));
          const res = await fetch(`${server.url}/v1/import`, { method: 'POST', headers: { authorization: `Bearer ${admin!.token}`, 'content-type': 'application/x-ndjson' }, body: lines.join('\n') });
          if (res.status !== 200) throw new Error(`what-if: import failed: ${res.status} ${await res.text()}`);
          await res.text();
        }
        const count = async (where: ReturnType<typeof sql>) => Number((await sql<{ n: string }>`select count(*)::text as n from cases where ${where}`.execute(db!.db)).rows[0]?.n ?? 0);
        if ((await count(sql`decision is not null`)) < 1000)
          for (const kind of COMPLAINT_KINDS) {
            const d = decisionBody({ id: '', kind }, admin!.userId, randomUUID()).decision;
            await sql`update cases set status = 'decided', decision = ${JSON.stringify(d)}::jsonb, decided_by = ${admin!.userId}, decided_at = now() - (abs(hashtext(id::text)) % 86400) * interval '1 second'
              where decision is null and kind = ${kind} and abs(hashtext(id::text)) % 10 = 0`.execute(db.db);
          }
        await sql`vacuum analyze cases`.execute(db.db);
        ctx.log(`what-if: ${await count(sql`true`)} cases, ${await count(sql`decision is not null`)} decided`);
        const [sup] = await makeUsers(db, auth, 'bench-sup', 1, 'supervisor');
        const draft = { ...structuredClone(DEFAULT_POLICY), version: 'bench-draft', thresholds: { ...DEFAULT_POLICY.thresholds, orderWindowDays: 30, weightShortfallRatio: 0.9, maxTransitKmh: 600 } };
        const runs: number[] = [];
        let examined = 0;
        for (let r = 0; r < rounds; r++) {
          let cursor: string | null = null;
          let at: string | undefined;
          let processed = 0;
          let slices = 0;
          let changed = 0;
          const t0 = performance.now();
          do {
            const res: { status: number; json: WhatIfResponse } = await call<WhatIfResponse>(sup!, 'POST', '/v1/policies/what-if', { draft, decidedLimit: 1000, ...(cursor === null ? {} : { cursor }), ...(at === undefined ? {} : { at }) });
            if (res.status !== 200) throw new Error(`what-if slice failed: ${res.status} ${JSON.stringify(res.json)}`);
            processed += res.json.processed;
            changed += res.json.summary.changed;
            cursor = res.json.cursor;
            at = res.json.at;
            slices++;
          } while (cursor !== null);
          const secs = (performance.now() - t0) / 1000;
          runs.push(secs);
          examined = processed;
          ctx.log(`what-if run ${r + 1}: ${processed} cases in ${slices} slices, ${changed} would change, ${secs.toFixed(2)} s (${cpuNote()})`);
        }
        metrics.push({ name: `what-if over ${examined} cases (open and the latest 1,000 decided), every slice`, unit: 's', samples: runs, budget: { op: '<=', value: 10 }, note: 'issue 18; POST /v1/policies/what-if, one server worker; the page adds one round trip per slice' });
        //#endregion
      }
      return metrics;
    } finally {
      agent.destroy();
      await stopServerProcesses(servers);
      await db?.close();
      cluster?.stop();
    }
  },
};
