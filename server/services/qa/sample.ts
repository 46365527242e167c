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
};

/** The WHERE conditions on `qa_decisions q` a population filter makes (the targeted method's aside). */
function filterConds(f: Filter): RawBuilder<unknown>[] {
  const p = f.population ?? {};
  const conds: RawBuilder<unknown>[] = [
    // A hashed subplan: one probe per decision, never a loop over the golden cases.
    sql`q.case_id not in (select g.case_id from qa_golden_cases g)`,
  ];
  if (p.decidedFrom) conds.push(sql`q.at >= ${p.decidedFrom}::timestamptz`);
  if (p.decidedTo) conds.push(sql`q.at < ${p.decidedTo}::timestamptz`);
  if (f.from) conds.push(sql`q.at >= ${f.from}::timestamptz`);
  if (f.to) conds.push(sql`q.at < ${f.to}::timestamptz`);
  if (p.kinds && p.kinds.length) conds.push(sql`q.kind in (${sql.join(p.kinds)})`);
  if (p.arbitratorIds && p.arbitratorIds.length) conds.push(sql`q.decided_by in (${sql.join(p.arbitratorIds)})`);
  if (f.excludeDecider) conds.push(sql`q.decided_by <> ${f.excludeDecider}`);
  if (f.hideCases && f.hideCases.length) conds.push(sql`q.case_id <> all(${[...f.hideCases]}::text[])`);
  return conds;
}

/**
 * The appeal and override facts of a decision row `q`, from two small aggregates joined by hash: the
 * last decision of each appealed case and each overridden case's latest override. (The planner
 * builds the first with a parallel scan of qa_decisions rather than probing its case index per
 * appeal: right for the whole population, not for a page; see pageAppealsAndOverrides.)
 */
const appealsAndOverrides = sql`
    left join (
      select distinct on (a.case_id) a.case_id, d.seq, d.verdict from changes a join qa_decisions d on d.case_id = a.case_id
      where a.type = 'appealed'
      order by a.case_id, d.seq desc
    ) al on al.case_id = q.case_id
    left join (select o.case_id, max(o.at) as at from qa_overrides o group by o.case_id) ov on ov.case_id = q.case_id`;
/**
 * The same facts (same `al` and `ov` columns) for one records page: the last decision of the
 * page's appealed cases is probed per row (is there an `appealed` change, on changes' case index,
 * then the case's last row in qa_decisions) instead of the aggregate over every appeal, whose scan
 * of all of qa_decisions was most of a first page's time at 1M decisions and grew with them.
 */
const pageAppealsAndOverrides = sql`
    left join lateral (
      select d.seq, d.verdict from qa_decisions d
      where d.case_id = q.case_id and exists (select 1 from changes a where a.case_id = q.case_id and a.type = 'appealed')
      order by d.seq desc limit 1
    ) al on true
    left join (select o.case_id, max(o.at) as at from qa_overrides o group by o.case_id) ov on ov.case_id = q.case_id`;
const overturnedSql = sql`coalesce(al.seq > q.seq and al.verdict <> q.verdict, false)`;
// An override after this decision and before any later decision overturns this one.
const overriddenSql = sql`coalesce(ov.at >= q.at and not coalesce(al.seq > q.seq, false), false)`;
/** Only arbitrators' decisions are sampled: a change without a decision object has no decider and drops out too, as the reference skips it. */
const byArbitrator = sql`q.decided_by in (select u.id from users u where u.role = 'arbitrator')`;

/**
 * One row per arbitrator decision as its `decided` change recorded it (the same rows as
 * loadDecisions), with the plan's filters pushed into the WHERE clause. It reads `qa_decisions`
 * (migration 18: one narrow row per decided change, written by triggers on the change log and the
 * case), not the changes and their JSON. Columns: seq, case_id, key, kind, arbitrator_id, verdict,
 * decided_at, due_at, claimed_at, overturned_on_appeal, overridden, precedent_hint.
 */
export function populationSql(f: Filter): RawBuilder<unknown> {
  const m = f.method;
  const conds = [byArbitrator, ...filterConds(f)];
  if (m?.type === 'targeted') {
    if (m.target === 'fast') conds.push(fastSql(m.maxSeconds ?? 0));
    else if (m.target === 'against_critical') conds.push(sql`q.against_critical`);
    else conds.push(overturnedSql);
  }
  return sql`(
    select q.seq, q.case_id, q.key, q.kind, q.decided_by as arbitrator_id, q.verdict, q.at as decided_at, q.due_at, q.claimed_at,
      ${overturnedSql} as overturned_on_appeal, ${overriddenSql} as overridden, q.precedent_hint
    from qa_decisions q
    ${appealsAndOverrides}
    where ${sql.join(conds, sql` and `)}
  )`;
}

/**
 * One page of the records' decisions (FactRow), newest first, after the cursor. The page is cut
 * first, read down qa_decisions' (at, seq) index backwards with the population's filters (no sort
 * of the population: the QA bench prints the plan), and only its rows are joined to the appeal and
 * override facts. Nothing reads the cases: qa_decisions carries the kind and due date.
 */
export function recordsPageSql(f: Filter, after: { micros: string; seq: string } | null, rows: number): RawBuilder<unknown> {
  const conds = [byArbitrator, ...filterConds(f)];
  if (after) conds.push(sql`(q.at, q.seq) < (timestamptz 'epoch' + ${after.micros}::bigint * interval '1 microsecond', ${after.seq}::bigint)`);
  return sql`
    select q.seq, (extract(epoch from q.at) * 1000000)::bigint::text as micros, q.case_id, q.kind, q.decided_by as arbitrator_id, q.verdict, q.at as decided_at, q.due_at,
      ${overturnedSql} or ${overriddenSql} as overturned, q.precedent_hint, ${handlingSql(sql`q.at`, sql`q.claimed_at`)} as handling_seconds
    from (select q.* from qa_decisions q where ${sql.join(conds, sql` and `)} order by q.at desc, q.seq desc limit ${rows}) q
    ${pageAppealsAndOverrides}
    order by q.at desc, q.seq desc`;
}

/**
 * The fast target: handled in fewer than `maxSeconds`. The exact test (handlingSql: two date_trunc
 * and a numeric extract per row) is the costly part of a scan of a million rows, so a plain
 * interval comparison goes first and rejects most rows (the planner orders quals by cost). The
 * millisecond truncation moves a difference by less than a millisecond, hence the extra
 * millisecond: the comparison never drops a row the exact test keeps. A decision without a claim
 * counts as handled in 0 s.
 */
function fastSql(maxSeconds: number): RawBuilder<unknown> {
  return sql`(q.claimed_at is null or q.at - q.claimed_at < ${maxSeconds}::float8 * interval '1 second' + interval '1 millisecond')
    and ${handlingSql(sql`q.at`, sql`q.claimed_at`)} < ${maxSeconds}`;
}

/** Seconds from the claim to the decision at the millisecond, as the in-memory reference computes them; 0 without a claim. */
export const handlingSql = (decidedAt: RawBuilder<unknown>, claimedAt: RawBuilder<unknown>): RawBuilder<number> =>
  sql<number>`coalesce(greatest(0, extract(epoch from date_trunc('milliseconds', ${decidedAt}) - date_trunc('milliseconds', ${claimedAt}))), 0)::float8`;

const RANK_MASK = 2 ** 48 - 1;

/** draw.ts's rankOf in SQL: the low 48 bits of hashtextextended(key, seed), as a bigint. */
export const rankSql = (seed: number, key: RawBuilder<unknown>): RawBuilder<number> => sql<number>`(hashtextextended(${key}, ${seed}::bigint) & ${RANK_MASK}::bigint)`;

/**
 * How far up the ranks a stratum's draw is looked for: ranks are uniform over [0, 2^48), so the
 * lowest `n` of `size` rows lie below about 2^48·n/size. The margin (five standard deviations and
 * 50 rows) makes a shortfall very unlikely; drawSql checks for one and then ranks the whole stratum.
 */
export type RankCut = { sigmas: number; rows: number };
export const RANK_CUT: RankCut = { sigmas: 5, rows: 50 };
function rankBound(n: number, size: number, cut: RankCut): number {
  const want = n + cut.sigmas * Math.sqrt(n) + cut.rows;
  return want >= size ? RANK_MASK + 1 : Math.ceil((RANK_MASK + 1) * (want / size));
}

const STRATUM_COLUMN = { arbitrator: sql`p.arbitrator_id`, kind: sql`p.kind`, verdict: sql`p.verdict` } as const;

type Ranked = { seq: string; stratum: string; rank: string; key: string };
type DetailRow = { seq: string; case_id: string; external_id: string; kind: ComplaintKind; arbitrator_id: string; verdict: Verdict; decided_at: Date; decision: Decision };
export type SqlDraw = { population: number; strata: DrawnStratum[]; total: number; items: Array<Candidate & { stratum: string; decision: Decision }> };

/**
 * The draw of draw.ts, done where the rows are: one aggregate for the population (per stratum when
 * stratified), the allocation in JS over those few counts, then the lowest-ranked rows of each
 * stratum. `first` limits the items returned (a preview shows 50) without changing `total`.
 * `cut` is the margin of the rank cut below (the tests narrow it to force a shortfall).
 *
 * Only narrow (seq, stratum, rank, key) rows are ranked. One stratum is a top-N sort. Strata are
 * not sorted whole: each is cut at rankBound first (about 0.1 % of a million rows survive for a
 * 500-row plan), and a stratum that comes back short of its allocation, which the bound makes very
 * unlikely, is drawn again without the cut, so the answer is always the exact lowest ranks.
 */
export async function drawSql(db: Kysely<DB>, f: Filter & { method: QaPlanMethod }, seed: number, first?: number, cut: RankCut = RANK_CUT): Promise<SqlDraw> {
  const method = f.method;
  const pop = populationSql(f);
  const stratumOf = method.type === 'stratified' ? STRATUM_COLUMN[method.by] : sql`${method.type === 'random' ? 'all' : method.target}::text`;
  const rank = rankSql(seed, sql`p.key`);
  // One stratum: the count and the top-N sort need nothing from each other, so they run side by side.
  const [{ rows: counts }, top] = await Promise.all([
    sql<{ k: string; n: string }>`select ${stratumOf} as k, count(*) as n from ${pop} p group by 1`.execute(db),
    method.type === 'stratified'
      ? null
      : sql<Ranked>`select p.seq, ${stratumOf} as stratum, ${rank} as rank, p.key from ${pop} p order by 3, p.key collate "C" limit ${Math.min(method.size, first ?? method.size)}`.execute(db),
  ]);
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
  let drawn: Ranked[];
  if (top) drawn = top.rows;
  else {
    if (wanted.length === 0) return { population, strata, total, items: [] };
    const stratified = async (bounded: boolean) => {
      const quota = sql`(values ${sql.join(wanted.map((s) => sql`(${s.key}::text, ${s.allocated}::int, ${bounded ? rankBound(s.allocated, s.population, cut) : RANK_MASK + 1}::bigint)`))}) q(k, n, b)`;
      return (
        await sql<Ranked>`
          select r.seq, r.stratum, r.rank, r.key from (
            select r.*, row_number() over (partition by r.stratum order by r.rank, r.key collate "C") as rn from (
              select p.seq, ${stratumOf} as stratum, ${rank} as rank, p.key, q.n from ${pop} p join ${quota} on q.k = ${stratumOf} where ${rank} < q.b
            ) r
          ) r where r.rn <= r.n`.execute(db)
      ).rows;
    };
    drawn = await stratified(true);
    const got = new Map<string, number>();
    for (const r of drawn) got.set(r.stratum, (got.get(r.stratum) ?? 0) + 1);
    if (wanted.some((s) => (got.get(s.key) ?? 0) < s.allocated)) drawn = await stratified(false);
  }
  // Interleaved in rank order (then key, as draw.ts breaks ties), so a preview's first items are not all one stratum.
  drawn.sort((a, b) => Number(a.rank) - Number(b.rank) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (first !== undefined) drawn = drawn.slice(0, first);
  if (drawn.length === 0) return { population, strata, total, items: [] };
  // The drawn rows' details (and the decision a plan stores as the original) from the change itself.
  const details = new Map(
    (
      await sql<DetailRow>`
        select ch.seq, ch.case_id, c.external_id, c.kind, ch.payload -> 'decision' ->> 'decidedBy' as arbitrator_id, ch.payload -> 'decision' ->> 'verdict' as verdict,
          ch.at as decided_at, ch.payload -> 'decision' as decision
        from changes ch join cases c on c.id = ch.case_id where ch.seq = any(${drawn.map((d) => d.seq)}::bigint[])`.execute(db)
    ).rows.map((r) => [String(r.seq), r]),
  );
  return {
    population,
    strata,
    total,
    items: drawn.map((d) => {
      const r = details.get(String(d.seq))!;
      return { key: d.key, caseId: r.case_id, externalId: r.external_id, kind: r.kind, arbitratorId: r.arbitrator_id, verdict: r.verdict, decidedAt: iso(r.decided_at), stratum: d.stratum, decision: r.decision };
    }),
  };
}
