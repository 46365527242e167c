/**
 * The QA population and its draw, computed in SQL so that nothing on the server holds every
 * decision: counts and stratum sizes are GROUP BY aggregates, the draw ranks rows in the database
 * with the same keyed hash as draw.ts (rankOf) and returns only what is drawn, and the dashboard's
 * records are read in keyset pages. `loadDecisions` + `eligible` + `draw` (population.ts, draw.ts)
 * stay as the in-memory reference the tests hold this module to.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { QaPlanMethod, QaPopulation } from '@common/api';
import type { ComplaintKind, Decision, Verdict } from '@common/domain';
import type { DB } from '../../db/schema';
import { allocate, type Candidate, type DrawnStratum } from './draw';
import { iso } from './facts';

type Filter = {
  population?: QaPopulation;
  method?: QaPlanMethod;
  /** The assignee: a supervisor never re-reviews its own decisions. */
  excludeDecider?: string;
  /** The dashboard's range (decided at or after / before). */
  from?: string;
  to?: string;
  /** Cases hidden from the caller (its open blind reviews). */
  hideCases?: readonly string[];
  /** The case row's columns (external_id, kind, due_at) are wanted: joined per decision only when asked or filtered on. */
  withCase?: boolean;
};

/**
 * One row per arbitrator decision as its `decided` change recorded it (the same rows as
 * loadDecisions), with the plan's filters pushed into the WHERE clause. Columns: seq, case_id, key,
 * external_id, kind, arbitrator_id, verdict, decided_at, due_at, overturned_on_appeal, overridden,
 * precedent_hint (external_id, kind and due_at only with `withCase`, or when a filter reads the case).
 * The appeal and override facts come from two small hash-joined aggregates (cases with an appeal,
 * cases with an override), not from a lookup per decision. A change without a decision object has
 * no decidedBy and so no user: the join to users leaves it out, as the reference skips it.
 */
export function populationSql(f: Filter): RawBuilder<unknown> {
  const p = f.population ?? {};
  const m = f.method;
  const conds: RawBuilder<unknown>[] = [];
  if (p.decidedFrom) conds.push(sql`ch.at >= ${p.decidedFrom}::timestamptz`);
  if (p.decidedTo) conds.push(sql`ch.at < ${p.decidedTo}::timestamptz`);
  if (f.from) conds.push(sql`ch.at >= ${f.from}::timestamptz`);
  if (f.to) conds.push(sql`ch.at < ${f.to}::timestamptz`);
  if (p.kinds && p.kinds.length) conds.push(sql`c.kind in (${sql.join(p.kinds)})`);
  if (p.arbitratorIds && p.arbitratorIds.length) conds.push(sql`u.id in (${sql.join(p.arbitratorIds)})`);
  if (f.excludeDecider) conds.push(sql`u.id <> ${f.excludeDecider}`);
  if (f.hideCases && f.hideCases.length) conds.push(sql`ch.case_id <> all(${[...f.hideCases]}::text[])`);
  const verdict = sql`(ch.payload -> 'decision' ->> 'verdict')`;
  const claimed = sql`(select max(cl.at) from changes cl where cl.case_id = ch.case_id and cl.type = 'claimed' and cl.seq < ch.seq)`;
  // Seconds from the claim to the decision at the millisecond, as the in-memory reference computes them.
  const handling = sql`coalesce(greatest(0, extract(epoch from date_trunc('milliseconds', ch.at) - date_trunc('milliseconds', ${claimed}))), 0)::float8`;
  // criticalFindingsAgainst (common/rules/decision.ts) over the case's stored assessment.
  const critical = sql`exists (select 1 from jsonb_array_elements(coalesce(c.findings -> 'eligibility', '[]'::jsonb) || coalesce(c.findings -> 'findings', '[]'::jsonb)) fd
    where fd ->> 'severity' = 'critical' and ((fd ->> 'stance' = 'supports_complaint' and ${verdict} = 'rejected') or (fd ->> 'stance' = 'undermines_complaint' and ${verdict} <> 'rejected')))`;
  const overturned = sql`coalesce(al.seq > ch.seq and al.verdict <> ${verdict}, false)`;
  if (m?.type === 'targeted') {
    if (m.target === 'fast') conds.push(sql`${handling} < ${m.maxSeconds ?? 0}`);
    else if (m.target === 'against_critical') conds.push(critical);
    else conds.push(overturned);
  }
  // Every decided change has its case: the join is there for the case's columns, not to filter.
  const withCase = f.withCase || (p.kinds && p.kinds.length > 0) || (m?.type === 'targeted' && m.target === 'against_critical') || (m?.type === 'stratified' && m.by === 'kind');
  return sql`(
    select ch.seq::bigint as seq, ch.case_id, ch.case_id || ':' || (ch.payload -> 'decision' ->> 'mutationId') as key, ${withCase ? sql`c.external_id, c.kind, c.due_at,` : sql``}
      u.id as arbitrator_id, ${verdict} as verdict, ch.at as decided_at,
      ${overturned} as overturned_on_appeal,
      -- An override after this decision and before any later decision overturns this one.
      coalesce(ov.at >= ch.at and not coalesce(al.seq > ch.seq, false), false) as overridden,
      (ch.payload -> 'precedentHint')::boolean as precedent_hint
    from changes ch
    ${withCase ? sql`join cases c on c.id = ch.case_id` : sql``}
    join users u on u.id = ch.payload -> 'decision' ->> 'decidedBy' and u.role = 'arbitrator'
    left join (
      select distinct on (d.case_id) d.case_id, d.seq, d.payload -> 'decision' ->> 'verdict' as verdict from changes d
      where d.type = 'decided' and d.payload is not null and d.case_id in (select a.case_id from changes a where a.type = 'appealed')
      order by d.case_id, d.seq desc
    ) al on al.case_id = ch.case_id
    left join (select o.case_id, max(o.at) as at from qa_overrides o group by o.case_id) ov on ov.case_id = ch.case_id
    where ch.type = 'decided'
      -- A hashed subplan: one probe per decision, never a loop over the golden cases.
      and ch.case_id not in (select g.case_id from qa_golden_cases g)
      ${conds.length ? sql`and ${sql.join(conds, sql` and `)}` : sql``}
  )`;
}

/** draw.ts's rankOf in SQL: the first 48 bits of SHA-256 over (seed, NUL, key), as a bigint. */
export const rankSql = (seed: number, key: RawBuilder<unknown>): RawBuilder<number> =>
  sql<number>`('x' || left(encode(sha256(convert_to(${String(seed)}, 'UTF8') || '\\x00'::bytea || convert_to(${key}, 'UTF8')), 'hex'), 12))::bit(48)::bigint`;

const STRATUM_COLUMN = { arbitrator: sql`p.arbitrator_id`, kind: sql`p.kind`, verdict: sql`p.verdict` } as const;

type DrawnRow = { seq: string; case_id: string; key: string; external_id: string; kind: ComplaintKind; arbitrator_id: string; verdict: Verdict; decided_at: Date; stratum: string; decision: Decision };
export type SqlDraw = { population: number; strata: DrawnStratum[]; total: number; items: Array<Candidate & { stratum: string; decision: Decision }> };

/**
 * The draw of draw.ts, done where the rows are: one aggregate for the population (per stratum when
 * stratified), the allocation in JS over those few counts, then the lowest-ranked rows of each
 * stratum. `first` limits the items returned (a preview shows 50) without changing `total`.
 */
export async function drawSql(db: Kysely<DB>, f: Filter & { method: QaPlanMethod }, seed: number, first?: number): Promise<SqlDraw> {
  const method = f.method;
  const pop = populationSql(f);
  const stratumOf = method.type === 'stratified' ? STRATUM_COLUMN[method.by] : sql`${method.type === 'random' ? 'all' : method.target}::text`;
  const counts = (await sql<{ k: string; n: string }>`select ${stratumOf} as k, count(*) as n from ${pop} p group by 1`.execute(db)).rows;
  const sizes = new Map(counts.map((r) => [r.k, Number(r.n)]));
  const population = counts.reduce((s, r) => s + Number(r.n), 0);
  let alloc: Map<string, number>;
  if (method.type !== 'stratified') {
    const key = method.type === 'random' ? 'all' : method.target;
    alloc = new Map([[key, Math.min(method.size, population)]]);
    sizes.set(key, population);
  } else {
    // Explicitly named strata with no decisions still show (population 0), so a typo is visible.
    if (method.allocation.type === 'explicit') for (const k of Object.keys(method.allocation.counts)) if (!sizes.has(k)) sizes.set(k, 0);
    alloc = allocate(sizes, method.size ?? 0, method.allocation, seed);
  }
  const strata: DrawnStratum[] = [...sizes.keys()].sort().map((k) => ({ key: k, population: sizes.get(k)!, allocated: alloc.get(k) ?? 0 }));
  const total = strata.reduce((s, x) => s + x.allocated, 0);
  const wanted = strata.filter((s) => s.allocated > 0);
  if (wanted.length === 0) return { population, strata, total, items: [] };
  const quota = sql`(values ${sql.join(wanted.map((s) => sql`(${s.key}::text, ${s.allocated}::int)`))}) q(k, n)`;
  const limit = first === undefined ? total : Math.min(first, total);
  // Only the narrow (seq, stratum, rank) is ranked and sorted; the drawn rows' details are joined after.
  const rows = (
    await sql<DrawnRow>`
      with ranked as (
        select p.seq, ${stratumOf} as stratum, ${rankSql(seed, sql`p.key`)} as rank, p.key from ${pop} p
      ), drawn as (${
        method.type === 'stratified'
          ? sql`
        select r.seq, r.stratum, r.rank, r.key from (
          select r.*, row_number() over (partition by r.stratum order by r.rank, r.key collate "C") as rn from ranked r
        ) r join ${quota} on q.k = r.stratum where r.rn <= q.n
        order by r.rank, r.key collate "C" limit ${limit}`
          : // One stratum: a top-N sort, no window over the whole population.
            sql`select r.seq, r.stratum, r.rank, r.key from ranked r order by r.rank, r.key collate "C" limit ${limit}`
      })
      select d.seq, ch.case_id, d.key, c.external_id, c.kind, ch.payload -> 'decision' ->> 'decidedBy' as arbitrator_id, ch.payload -> 'decision' ->> 'verdict' as verdict,
        ch.at as decided_at, d.stratum, ch.payload -> 'decision' as decision
      from drawn d join changes ch on ch.seq = d.seq join cases c on c.id = ch.case_id
      order by d.rank, d.key collate "C"`.execute(db)
  ).rows;
  return {
    population,
    strata,
    total,
    items: rows.map((r) => ({ key: r.key, caseId: r.case_id, externalId: r.external_id, kind: r.kind, arbitratorId: r.arbitrator_id, verdict: r.verdict, decidedAt: iso(r.decided_at), stratum: r.stratum, decision: r.decision })),
  };
}
