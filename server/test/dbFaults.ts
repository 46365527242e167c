/**
 * The `db` fault family (issue 14): PostgreSQL misbehaves under a running server while an
 * arbitrator's decisions are pushed. Every server connection is terminated twice mid-push, then
 * PostgreSQL is stopped (fast shutdown) for `outageMs` and started again. One trial runs on its own
 * throwaway cluster and server process tree (1 or more workers). Its problems are empty when the
 * server stayed up, answered 503 on /readyz (and to pushes in flight, never another 5xx) while the
 * database was away, was ready within 10 s of its return, and every decision landed exactly once.
 * Small in `npm test` (cluster.test.ts), 20 trials in `npm run chaos -- --only db`.
 */
import { spawnSync } from 'node:child_process';
import { get } from 'node:http';
import { sql } from 'kysely';
import type { CaseView } from '@common/api';
import { openDatabase } from '../../server/db/database';
import type { PgCluster } from '../../server/db/pgCluster';
import { AuthService } from '../../server/services/auth';
import { cleanBundleInput } from '../../testing/fixtures/bundles';
import { DEFAULT_POLICY } from '@common/policy';

export type DbFaultOptions = {
  cluster: PgCluster;
  /** Starts the server (its process tree) on `databaseUrl`; resolves with its URL and root pid. */
  startServer: (databaseUrl: string) => Promise<{ url: string; pid: number }>;
  decisions: number;
  outageMs: number;
  /** Distinguishes this trial's client ids and external ids from another's on the same cluster. */
  tag: string;
};

export type DbFaultResult = {
  problems: string[];
  lost: number;
  doubled: number;
  /** /readyz answers while PostgreSQL was stopped. */
  away: number[];
  pushStatuses: number[];
  readyAfterMs: number;
};

export const READY_BUDGET_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GET on a new connection (no keep-alive pool); 0 when the connection itself failed. */
export const freshGet = (url: string): Promise<number> =>
  new Promise((resolve) => {
    get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', () => resolve(0));
  });

/** The direct children of `pid` (a cluster primary's workers). */
export function childPids(pid: number): number[] {
  const r = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);
}

export async function runDbFaultTrial(o: DbFaultOptions): Promise<DbFaultResult> {
  const problems: string[] = [];
  const server = await o.startServer(o.cluster.url);
  const before = childPids(server.pid).sort();
  const setup = await openDatabase({ url: o.cluster.url, poolSize: 1 });
  const auth = new AuthService(setup.db);
  const arb = await auth.createUser({ username: `arb-${o.tag}`, displayName: 'arb', role: 'arbitrator', password: 'password-arb' }, null);
  const adm = await auth.createUser({ username: `adm-${o.tag}`, displayName: 'adm', role: 'admin', password: 'password-adm' }, null);
  const arbToken = (await auth.createSession(arb.id)).accessToken;
  const admToken = (await auth.createSession(adm.id)).accessToken;
  await setup.close();
  const post = (token: string, route: string, body: unknown) =>
    fetch(`${server.url}${route}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const bundles = Array.from({ length: o.decisions }, (_, i) => {
    const b = cleanBundleInput();
    b.case.externalId = `DBF-${o.tag}-${i}`;
    b.case.id = `c-dbf-${o.tag}-${i}`;
    return b;
  });
  const imported = await post(admToken, '/v1/import', bundles);
  if (imported.status !== 200) throw new Error(`import answered ${imported.status}: ${await imported.text()}`);
  await imported.arrayBuffer().catch(() => undefined);
  const claimed = ((await (await post(arbToken, '/v1/claims', { count: o.decisions })).json()) as { cases: CaseView[] }).cases;
  if (claimed.length !== o.decisions) throw new Error(`claimed ${claimed.length} of ${o.decisions} cases`);

  // The client's side: each decision pushed until the server answers it, as main's outbox does.
  const pushStatuses: number[] = [];
  const pushOne = async (c: CaseView, i: number): Promise<string> => {
    const clientId = `dbfault-${o.tag}-${i}`;
    const rc = DEFAULT_POLICY.reasonCodes[c.kind].find((r) => r.verdicts.includes('rejected'));
    const decision = {
      verdict: 'rejected',
      remedies: ['no_action'],
      reasonCodes: rc ? [rc.code] : [],
      note: 'db fault trial',
      citedEvidence: [],
      decidedBy: arb.id,
      decidedAt: new Date().toISOString(),
      policyVersion: DEFAULT_POLICY.version,
      mutationId: clientId,
    };
    const m = { clientId, type: 'decide', caseId: c.id, decision };
    for (;;) {
      const res = await post(arbToken, '/v1/sync/push', { mutations: [m] }).catch(() => null);
      pushStatuses.push(res?.status ?? 0);
      if (res?.status === 200) return ((await res.json()) as { results: Array<{ status: string }> }).results[0]!.status;
      await res?.arrayBuffer();
      await sleep(100);
    }
  };
  const spread = Math.max(60, Math.floor((o.outageMs + 1000) / o.decisions));
  const results = Promise.all(
    claimed.map(async (c, i) => {
      await sleep(i * spread);
      return pushOne(c, i);
    }),
  );
  // Mid-push: every server connection cut, twice.
  const killer = await openDatabase({ url: o.cluster.url, poolSize: 1 });
  const terminate = () => sql`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(killer.db);
  await sleep(150);
  await terminate();
  await sleep(100);
  await terminate();
  await killer.close();
  // Away while pushes keep coming: /readyz must say 503, nobody may die.
  o.cluster.pause();
  const away: number[] = [];
  const until = Date.now() + o.outageMs;
  while (Date.now() < until) {
    away.push(await freshGet(`${server.url}/readyz`));
    await sleep(200);
  }
  o.cluster.resume();
  const back = Date.now();
  let ready = 0;
  while (ready !== 200 && Date.now() - back < READY_BUDGET_MS) {
    ready = await freshGet(`${server.url}/readyz`);
    if (ready !== 200) await sleep(100);
  }
  const readyAfterMs = Date.now() - back;
  if (ready !== 200) problems.push(`not ready ${readyAfterMs} ms after PostgreSQL returned`);
  if (away.length === 0 || !away.every((code) => code === 503)) problems.push(`readyz while away: ${away.join(',')}`);

  const answers = await results;
  if (!answers.every((a) => a === 'applied' || a === 'duplicate')) problems.push(`push results: ${answers.join(',')}`);
  if (!pushStatuses.includes(503)) problems.push('no push was in flight while the database was away (the trial did not test anything)');
  const other5xx = pushStatuses.filter((code) => code >= 500 && code !== 503);
  if (other5xx.length) problems.push(`pushes answered ${other5xx.join(',')}`);
  const after = childPids(server.pid).sort();
  if (after.join(',') !== before.join(',')) problems.push(`workers changed: ${before.join(',')} → ${after.join(',')}`);

  const check = await openDatabase({ url: o.cluster.url, poolSize: 1 });
  let lost: number;
  let doubled: number;
  try {
    const ids = claimed.map((c) => c.id);
    const rows = await check.db.selectFrom('cases').select(['id', 'status']).where('id', 'in', ids).execute();
    lost = rows.filter((c) => c.status !== 'decided').length;
    const changes = await check.db.selectFrom('changes').select(['case_id']).where('type', '=', 'decided').where('case_id', 'in', ids).execute();
    doubled = changes.length - new Set(changes.map((c) => c.case_id)).size;
    lost = Math.max(lost, ids.length - new Set(changes.map((c) => c.case_id)).size);
  } finally {
    await check.close();
  }
  if (lost) problems.push(`${lost} decision(s) lost`);
  if (doubled) problems.push(`${doubled} decision(s) doubled`);
  return { problems, lost, doubled, away, pushStatuses, readyAfterMs };
}
