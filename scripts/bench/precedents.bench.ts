/**
 * Precedents (issue 19 §1): GET /v1/cases/:caseId/precedents over many decided cases, on a
 * throwaway PostgreSQL cluster, over loopback HTTP, against the server in its own process.
 * Decided cases are seeded with SQL (generate_series, through the cases table so the trigger of
 * migration 17 fills precedent_features as decisions do); the same open cases are asked about at
 * 10,000 decided cases and at the full size in one run, so the ratio shows whether the cost grows
 * with the number of decided cases. Budget: p95 ≤ 50 ms at 1M. `GAVEL_BENCH_PRECEDENT_CASES`
 * sets the full size (default 1,000,000; `--quick` 20,000). The cluster's shared buffers are sized
 * as a production server's would be on this machine (a quarter of memory, at most 4 GB;
 * `GAVEL_BENCH_PG_SHARED_BUFFERS`, e.g. `128MB` for PostgreSQL's default), and printed.
 */
import os from 'node:os';
import { sql } from 'kysely';
import { COMPLAINT_KINDS } from '../../common/domain';
import { CODE_SEVERITY } from '../../common/rules';
import { openDatabase, type Database } from '../../server/db/database';
import { pgUnavailableReason, startPgCluster, type PgCluster } from '../../server/db/pgCluster';
import { AuthService } from '../../server/services/auth';
import type { Bench, Metric } from './harness';
import { http, makeUsers, startServerProcess, stopServerProcesses, type ServerProcess } from './server.bench';

const SMALL = 10_000;

/** A quarter of memory, at most 4 GB, as PostgreSQL's tuning guides size a dedicated server's. */
function sharedBuffers(): string {
  const set = process.env.GAVEL_BENCH_PG_SHARED_BUFFERS;
  if (set) return set;
  return `${Math.min(4096, Math.floor(os.totalmem() / 4 / 2 ** 20))}MB`;
}
const BATCH = 50_000;
const OPEN_CASES = 24;

/** Decided cases `from`..`to` (1-based, inclusive): kinds in turn, parties, rings and amounts spread like a platform's. */
async function seedDecided(db: Database, from: number, to: number, codeSets: string[][]): Promise<void> {
  const kinds = sql.val([...COMPLAINT_KINDS]);
  const sets = sql.val(codeSets.map((s) => JSON.stringify(s)));
  await sql`
    insert into cases (id, external_id, kind, queue, status, priority, filed_at, due_at, bundle, bundle_hash, findings, decision, decided_at, policy_version)
    select 'pb-' || g, 'PB-' || g, (${kinds}::text[])[1 + g % ${COMPLAINT_KINDS.length}], 'standard', 'decided', 0,
      now() - make_interval(secs => g * 60), now(),
      jsonb_build_object(
        'case', jsonb_build_object('complainantId', 'u' || (g % 50000), 'respondentId', 'm' || (g % 3000), 'title', '投诉 ' || g,
          'subject', jsonb_build_object('orderIds', jsonb_build_array('o' || g))),
        'orders', jsonb_build_array(jsonb_build_object('id', 'o' || g, 'buyerId', 'u' || (g % 50000), 'merchantId', 'm' || (g % 3000),
          'affiliateId', null, 'paidFen', 100 + (g::bigint * 7919) % 500000,
          'shippingAddress', jsonb_build_object('normalised', 'ring-' || (g % 200000))))),
      'bench', '{"eligibility":[],"findings":[]}'::jsonb,
      jsonb_build_object('verdict', (array['upheld', 'partially_upheld', 'rejected'])[1 + (g / 7) % 3], 'remedies', '[]'::jsonb,
        'reasonCodes', '[]'::jsonb, 'note', '判定 ' || g, 'policyVersion', 'v1',
        'assessment', jsonb_build_object('codes', ((${sets}::text[])[1 + g % ${codeSets.length}])::jsonb)),
      now() - make_interval(secs => g * 30), 'v1'
    from generate_series(${from}::int, ${to}::int) g`.execute(db.db);
}

/** Open cases asked about: each kind, findings from the same sets, parties and rings shared with decided ones. */
async function seedOpen(db: Database, codeSets: string[][]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < OPEN_CASES; i++) {
    const id = `pb-open-${i}`;
    const g = 1 + i * 37;
    const codes = codeSets[i % codeSets.length]!;
    await sql`
      insert into cases (id, external_id, kind, queue, status, priority, filed_at, due_at, bundle, bundle_hash, findings, policy_version)
      values (${id}, ${`PB-OPEN-${i}`}, ${COMPLAINT_KINDS[i % COMPLAINT_KINDS.length]!}, 'standard', 'ready', 0, now(), now() + interval '3 days',
        ${JSON.stringify({
          case: { complainantId: `u${g % 50000}`, respondentId: `m${g % 3000}`, title: `open ${i}`, subject: { orderIds: [`oo${i}`] } },
          orders: [{ id: `oo${i}`, buyerId: `u${g % 50000}`, merchantId: `m${g % 3000}`, affiliateId: null, paidFen: 100 + ((g * 7919) % 500000), shippingAddress: { normalised: `ring-${g % 200000}` } }],
        })}::jsonb, 'bench', ${JSON.stringify({ eligibility: [], findings: codes.map((code) => ({ code })) })}::jsonb, 'v1')`.execute(db.db);
    ids.push(id);
  }
  return ids;
}

export const bench: Bench = {
  name: 'precedents',
  description: 'GET /v1/cases/:id/precedents at 10k and at 1M decided cases (PostgreSQL, loopback HTTP)',
  run: async (ctx) => {
    const unavailable = pgUnavailableReason();
    if (unavailable) {
      ctx.log(`precedents: skipped: ${unavailable}`);
      return [];
    }
    const full = Number(process.env.GAVEL_BENCH_PRECEDENT_CASES) || (ctx.scale < 1 ? 20_000 : 1_000_000);
    let cluster: PgCluster | undefined;
    let db: Database | undefined;
    const servers: ServerProcess[] = [];
    try {
      const buffers = sharedBuffers();
      cluster = await startPgCluster({ settings: { shared_buffers: buffers } });
      ctx.log(`precedents: PostgreSQL shared_buffers ${buffers}`);
      db = await openDatabase({ url: cluster.url, poolSize: 4 });
      const auth = new AuthService(db.db);
      const [sup] = await makeUsers(db, auth, 'pb-sup', 1, 'supervisor');
      // Sets of finding codes as assessments produce them: none, one, two with a critical one.
      const all = Object.keys(CODE_SEVERITY);
      const critical = all.filter((c) => CODE_SEVERITY[c as keyof typeof CODE_SEVERITY] === 'critical');
      const codeSets = [[], [all[0]!], [critical[0]!, all[1]!], [critical[1] ?? critical[0]!], [all[2]!, all[3]!, critical[0]!]];
      const open = await seedOpen(db, codeSets);
      const server = await startServerProcess(cluster.url, 1);
      servers.push(server);
      const get = http(server.url);

      const measure = async (label: string): Promise<number[]> => {
        // A steady state, not the minutes after a bulk load: vacuumed (visibility map set, the
        // autovacuum a 1M-row insert sets off already done, so it does not run under the samples).
        await sql`vacuum analyze cases`.execute(db!.db);
        await sql`vacuum analyze precedent_features`.execute(db!.db);
        for (const id of open) await get(sup!, 'GET', `/v1/cases/${id}/precedents`);
        const ms: number[] = [];
        for (let round = 0; round < 10; round++) {
          for (const id of open) {
            const r = await get<{ scanned: number }>(sup!, 'GET', `/v1/cases/${id}/precedents`);
            if (r.status !== 200) throw new Error(`precedents ${label}: HTTP ${r.status}`);
            ms.push(r.ms);
          }
        }
        return ms;
      };

      let seeded = 0;
      const seedTo = async (n: number): Promise<void> => {
        const t0 = performance.now();
        while (seeded < n) {
          const to = Math.min(n, seeded + BATCH);
          await seedDecided(db!, seeded + 1, to, codeSets);
          seeded = to;
          ctx.log(`precedents: ${seeded.toLocaleString('en')} / ${n.toLocaleString('en')} decided cases seeded`);
        }
        ctx.log(`precedents: seeding took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      };

      await seedTo(SMALL);
      const small = await measure('10k');
      await seedTo(full);
      const large = await measure('full');
      const features = await sql<{ n: string }>`select count(*)::text as n from precedent_features`.execute(db.db);
      const metrics: Metric[] = [
        {
          name: `precedents for an open case, ${full.toLocaleString('en')} decided cases (server, loopback HTTP)`,
          unit: 'ms',
          samples: large,
          budget: { op: '<=', value: 50 },
          budgetOn: 'p95',
          peer: { name: `${SMALL.toLocaleString('en')} decided cases`, samples: small },
          note: `${open.length} open cases × 10 rounds; shared_buffers ${buffers}; precedent_features rows ${Number(features.rows[0]?.n ?? 0).toLocaleString('en')}`,
        },
      ];
      return metrics;
    } finally {
      await stopServerProcesses(servers);
      await db?.close();
      cluster?.stop();
    }
  },
};
