/** QA golden cases: registered answers, copied into arbitrators' claims at their rates and scored. */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { QaGoldenRequest, QaGoldenView, Queue } from '@common/api';
import { bundleFeatures, MERCHANT_KINDS, type CaseBundle, type ComplaintKind } from '@common/domain';
import type { QaDecisionFacts } from '@common/qa';
import type { DB } from '../../db/schema';
import { appendAudit, appendAuditMany } from '../audit';
import { bundleHash, caseViewTexts, queueFor, type CaseRow } from '../cases';
import { assess, maxSeverity } from '../engine';
import { ApiError } from '../errors';
import type { PolicyRegistry } from '../policies';
import { iso, type User } from './facts';
import { reviewIssues } from './review';
import { caseColumns, routedSqlText } from '../routing';

export async function registerGolden(db: Kysely<DB>, policies: PolicyRegistry, user: User, req: QaGoldenRequest): Promise<QaGoldenView> {
  const c = await db.selectFrom('cases').selectAll().where('id', '=', req.caseId).executeTakeFirst();
  if (!c) throw new ApiError(404, 'not_found', `case ${req.caseId} not found`, 'caseId');
  if (await db.selectFrom('qa_golden_cases').select('case_id').where('case_id', '=', c.id).executeTakeFirst())
    throw new ApiError(400, 'invalid_body', 'a golden instance cannot itself be a golden template', 'caseId');
  const issues = reviewIssues(c, req.answer, user.id, await policies.forCase(c), 'answer');
  if (issues.length) throw new ApiError(400, 'invalid_body', issues.map((i) => i.message).join('; '), issues[0]!.path);
  const id = randomUUID();
  const createdAt = new Date();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('qa_golden').values({ id, template_case_id: c.id, kind: c.kind, answer: JSON.stringify(req.answer), rate: req.rate, created_by: user.id, created_at: createdAt }).execute();
    await appendAudit(trx, { actorId: user.id, action: 'qa.golden', caseId: c.id, before: null, after: { goldenId: id, answer: req.answer, rate: req.rate } });
  });
  goldenChecks.delete(db);
  return { id, caseId: c.id, kind: c.kind as ComplaintKind, answer: req.answer, rate: req.rate, active: true, createdBy: user.id, createdAt: createdAt.toISOString(), inserted: 0, decided: 0, correct: 0 };
}

export async function listGolden(db: Kysely<DB>): Promise<QaGoldenView[]> {
  const rows = (
    await sql<{ id: string; template_case_id: string; kind: ComplaintKind; answer: QaDecisionFacts; rate: number; active: boolean; created_by: string; created_at: Date; inserted: string; decided: string; correct: string }>`
      select g.*,
        (select count(*) from qa_golden_cases gc where gc.golden_id = g.id) as inserted,
        (select count(*) from qa_golden_cases gc join cases c on c.id = gc.case_id where gc.golden_id = g.id and c.decision is not null) as decided,
        (select count(*) from qa_golden_cases gc join cases c on c.id = gc.case_id where gc.golden_id = g.id and c.decision ->> 'verdict' = g.answer ->> 'verdict') as correct
      from qa_golden g order by g.created_at desc`.execute(db)
  ).rows;
  return rows.map((r) => ({ id: r.id, caseId: r.template_case_id, kind: r.kind, answer: r.answer, rate: Number(r.rate), active: r.active, createdBy: r.created_by, createdAt: iso(r.created_at), inserted: Number(r.inserted), decided: Number(r.decided), correct: Number(r.correct) }));
}

export type Golden = { id: string; template_case_id: string; kind: ComplaintKind; rate: number };

/**
 * Whether any golden case is active, remembered per database for a few seconds: claims are the hot
 * path and most deployments have no golden case most of the time. Registering one on this instance
 * forgets the answer at once; other instances see it within GOLDEN_CHECK_MS.
 */
const GOLDEN_CHECK_MS = 5_000;
const goldenChecks = new WeakMap<Kysely<DB>, { at: number; any: boolean }>();
async function anyActiveGolden(db: Kysely<DB>): Promise<boolean> {
  const known = goldenChecks.get(db);
  if (known && Date.now() - known.at < GOLDEN_CHECK_MS) return known.any;
  const any = (await db.selectFrom('qa_golden').select('id').where('active', '=', true).limit(1).executeTakeFirst()) !== undefined;
  goldenChecks.set(db, { at: Date.now(), any });
  return any;
}

/**
 * How many of a claim's `count` places go to golden cases, and which: each place independently is
 * golden with probability min(1, Σ rate) of the goldens this arbitrator has not yet seen, the
 * golden picked in proportion to its rate. `random` is the app's source (seedable in tests).
 */
export async function pickGolden(db: Kysely<DB>, userId: string, queues: readonly Queue[], count: number, random: () => number): Promise<Golden[]> {
  if (count <= 0 || !(await anyActiveGolden(db))) return [];
  const rows = (
    await sql<Golden>`
      select g.id, g.template_case_id, g.kind, g.rate from qa_golden g cross join (select ${userId}::text as uid) me
      where g.active and not exists (select 1 from qa_golden_cases gc where gc.golden_id = g.id and gc.arbitrator_id = ${userId})
        and exists (select 1 from cases t where t.id = g.template_case_id and ${sql.raw(routedSqlText({ ...caseColumns('t'), queue: `(case when t.kind in (${MERCHANT_KINDS.map((k) => `'${k}'`).join(',')}) then 'merchant' else 'consumer' end)` }, 'me.uid'))})
      order by g.id`.execute(db)
  ).rows.filter((g) => queues.includes(queueFor(g.kind, 'queued')));
  const picked: Golden[] = [];
  let pool = rows;
  for (let i = 0; i < count && pool.length > 0; i++) {
    const total = pool.reduce((s, g) => s + Number(g.rate), 0);
    let r = random();
    if (r >= Math.min(1, total)) continue;
    r *= total / Math.min(1, total);
    const g = pool.find((x) => (r -= Number(x.rate)) < 0) ?? pool[pool.length - 1]!;
    picked.push(g);
    pool = pool.filter((x) => x.id !== g.id);
  }
  return picked;
}

/** ISO-8601 date-time with an explicit offset, as bundles carry them. */
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})$/;

/** `iso` moved by `deltaMs`, written in the same offset and precision it came in. */
export function shiftInstant(iso: string, deltaMs: number): string {
  const m = ISO_INSTANT.exec(iso);
  if (!m) return iso;
  const offset = m[3]!;
  const offsetMs = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
  const local = new Date(Date.parse(iso) + deltaMs + offsetMs).toISOString(); // the wall clock at that offset, spelled as UTC
  const time = m[2]!;
  const precision = time.length; // HH:MM, HH:MM:SS or HH:MM:SS.fff…
  const clock = local.slice(11, 11 + Math.min(precision, 12)) + (precision > 12 ? '0'.repeat(precision - 12) : '');
  return `${local.slice(0, 10)}T${clock}${offset}`;
}

/** Platform and carrier identifiers: any `id`, `…Id`, `…Ids`, `sku` or `…Number` field. */
const ID_KEY = /(^id$|Id$|Ids$|^sku$|Number$)/;

/** `value` with its trailing number replaced by `n` (same width), or null when it has none. */
function withTrailingNumber(value: string, n: number): string | null {
  const m = /^(.*?)(\d+)$/.exec(value);
  if (!m) return null;
  return `${m[1]}${String(n).padStart(m[2]!.length, '0')}`;
}
const trailingNumber = (value: string): number | null => {
  const m = /(\d+)$/.exec(value);
  return m ? Number(m[1]) : null;
};

/**
 * The template's bundle made into a case the platform could have sent today: every date moved by
 * `deltaMs`, every id (any `id`, `…Id` or `…Ids` field) renamed consistently, ids that embed the
 * template's case id moving to the new one's, others to a fresh number in their own format, so no
 * id and no timestamp repeats the case it was copied from. Text and media are the evidence the
 * answer rests on and stay as they are.
 */
export function disguiseBundle(template: CaseBundle, caseId: string, externalId: string, deltaMs: number, random: () => number): CaseBundle {
  const oldCore = template.case.id.replace(/^[A-Za-z]+-/, '');
  const newCore = caseId.replace(/^[A-Za-z]+-/, '');
  const renamed = new Map<string, string>([[template.case.id, caseId]]);
  const shiftBy = new Map<string, number>();
  const rename = (v: string): string => {
    const known = renamed.get(v);
    if (known !== undefined) return known;
    let next: string;
    if (oldCore.length >= 3 && v.includes(oldCore)) next = v.split(oldCore).join(newCore);
    else {
      const prefix = v.replace(/\d+$/, '');
      if (!shiftBy.has(prefix)) shiftBy.set(prefix, 1 + Math.floor(random() * 9000));
      const n = trailingNumber(v);
      next = n === null ? v : (withTrailingNumber(v, n + shiftBy.get(prefix)!) ?? v);
    }
    renamed.set(v, next);
    return next;
  };
  // Ids the platform derives from the case id also show up inside other strings (a media URI).
  const embedded = (v: string): string => (oldCore.length >= 3 && v.includes(oldCore) ? v.split(oldCore).join(newCore) : v);
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return ID_KEY.test(key) ? rename(value) : ISO_INSTANT.test(value) ? shiftInstant(value, deltaMs) : embedded(value);
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  const out = walk(structuredClone(template), '') as CaseBundle;
  out.case.id = caseId;
  out.case.externalId = externalId;
  return out;
}

type Model = Pick<CaseRow, 'external_id' | 'priority' | 'filed_at' | 'due_at'> & { case_id: string };

/**
 * The real case a golden instance imitates: the next one in the arbitrator's queues (the case the
 * golden place displaced), else the latest import. Its id formats, sequence position, priority and
 * filing time are what the golden case takes on.
 */
async function modelCase(trx: Kysely<DB>, queues: readonly Queue[], claimedWith: string | null): Promise<Model | undefined> {
  const pick = (where: ReturnType<typeof sql>, order: ReturnType<typeof sql>) => sql<Model>`
    select c.external_id, c.priority, c.filed_at, c.due_at, c.bundle -> 'case' ->> 'id' as case_id from cases c
    where ${where} and not exists (select 1 from qa_golden_cases g where g.case_id = c.id)
    order by ${order} limit 1`.execute(trx);
  const next = (await pick(sql`c.leased = false and c.status = 'queued' and c.queue in (${sql.join([...queues])})`, sql`c.priority desc, c.due_at, c.filed_at, c.id`)).rows[0];
  // At a priority boundary the next queued case can be filed days apart from the claim it joins (a
  // queue filed mostly in the last two days): then it imitates a case of the claim itself.
  if (claimedWith) {
    const mate = (await pick(sql`c.id = ${claimedWith}`, sql`c.id`)).rows[0];
    if (mate && (!next || next.priority !== mate.priority)) return mate;
  }
  return next ?? (await pick(sql`true`, sql`c.created_at desc`)).rows[0];
}

/** A platform externalId near the model's in its sequence that no case shows yet. */
async function nearbyExternalId(trx: Kysely<DB>, model: string, random: () => number): Promise<string> {
  const n = trailingNumber(model);
  if (n === null) return `${model}-${1 + Math.floor(random() * 9)}`;
  const offsets = Array.from({ length: 60 }, (_, i) => (i < 30 ? -(i + 1) : i - 29)).sort(() => random() - 0.5);
  const candidates = offsets.map((o) => n + o).filter((x) => x >= 0).map((x) => withTrailingNumber(model, x)!);
  const taken = new Set(
    (
      await sql<{ x: string }>`
        select external_id as x from cases where external_id in (${sql.join(candidates)})
        union all select bundle -> 'case' ->> 'externalId' from cases where bundle -> 'case' ->> 'externalId' in (${sql.join(candidates)})`.execute(trx)
    ).rows.map((r) => r.x),
  );
  const free = candidates.find((c) => !taken.has(c));
  if (free) return free;
  // A dense sequence: the next numbers after the newest case with this prefix, as the platform's next
  // cases will be. (The golden row's own externalId column is private, so a later import of the same
  // number still lands on a case of its own.)
  const prefix = model.slice(0, model.length - String(/(\d+)$/.exec(model)![1]).length);
  const newest = await sql<{ x: string }>`select external_id as x from cases where external_id not like 'golden:%' and external_id like ${`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} order by length(external_id) desc, external_id desc limit 1`.execute(trx);
  const top = trailingNumber(newest.rows[0]?.x ?? model) ?? n;
  return withTrailingNumber(model, top + 1 + Math.floor(random() * 20))!;
}

/**
 * A fresh case made from the golden template, claimed by the arbitrator exactly as a claim would.
 * Nothing the arbitrator can read marks it (only qa_golden_cases knows): it takes on the id formats,
 * sequence position, priority and filing time of the real case it displaced (see disguiseBundle),
 * the version and lease epoch of a case imported once and claimed once, and a claim's change and
 * audit rows. Its externalId column is private (`golden:<uuid>`), so a later import of the number it
 * shows can never land on it; every view reads the externalId from the bundle.
 */
export type GoldenPlacement = {
  userId: string;
  offline: boolean;
  /** The claim's lease expiry: every case of one claim answer carries the same one. */
  expires: Date;
  /** A case the same claim took: its claim time (to the microsecond) is the golden one's too. */
  claimedWith: string | null;
  queues: readonly Queue[];
  random: () => number;
};

export async function insertGolden(db: Kysely<DB>, policies: PolicyRegistry, place: GoldenPlacement, goldens: Golden[]): Promise<Array<CaseRow & { view: string }>> {
  if (goldens.length === 0) return [];
  const { userId, offline, expires, queues, random } = place;
  const claimedAt = place.claimedWith ? sql<Date>`(select updated_at from cases where id = ${place.claimedWith})` : sql<Date>`now()`;
  const ids: string[] = [];
  await db.transaction().execute(async (trx) => {
    for (const g of goldens) {
      const t = await trx.selectFrom('cases').selectAll().where('id', '=', g.template_case_id).executeTakeFirstOrThrow();
      const template = t.bundle as CaseBundle;
      const model = await modelCase(trx, queues, place.claimedWith);
      const id = randomUUID();
      // Filed within half an hour of the case it imitates, never at the very same instant.
      const filed = (model ? model.filed_at.getTime() : Date.now()) + Math.round((random() - 0.5) * 3600_000);
      const delta = filed - t.filed_at.getTime();
      const externalId = await nearbyExternalId(trx, model?.external_id ?? template.case.externalId, random);
      const sequence = trailingNumber(externalId);
      const modelCaseId = model?.case_id ?? template.case.id;
      const caseId = (sequence !== null ? withTrailingNumber(modelCaseId, sequence) : null) ?? `${modelCaseId}-${1 + Math.floor(random() * 9)}`;
      const bundle = disguiseBundle(template, caseId, externalId, delta, random);
      const priority = model?.priority ?? t.priority;
      bundle.case.priority = (['low', 'normal', 'high', 'urgent'] as const)[priority] ?? bundle.case.priority;
      bundle.case.decision = null;
      bundle.case.claim = null;
      bundle.case.status = 'queued';
      const json = JSON.stringify(bundle);
      // Judged, like any case, under the version in force when it was filed: the filing time it shows,
      // which imitates its neighbours', so its governing version is theirs too.
      const governing = await policies.forFiling(bundle.case.filedAt);
      const findings = assess(bundle, governing.policy, new Date());
      await trx
        .insertInto('cases')
        .values({
          id,
          external_id: `golden:${id}`,
          kind: t.kind,
          queue: queueFor(t.kind as ComplaintKind, 'queued'),
          status: 'queued',
          priority,
          filed_at: bundle.case.filedAt,
          due_at: bundle.case.dueAt,
          amount_fen: bundleFeatures(bundle).amountFen,
          bundle: json,
          bundle_hash: bundleHash(json),
          findings: JSON.stringify(findings),
          max_severity: maxSeverity(findings),
          assignee_id: userId,
          leased: true,
          lease_expires_at: expires,
          lease_epoch: 1,
          offline,
          // Imported (1) and claimed once (2), like every case a first claim hands out.
          version: 2,
          updated_at: claimedAt,
          decision: null,
          decided_by: null,
          decided_at: null,
          evidence_due_at: null,
          policy_version: governing.version,
        })
        .execute();
      await trx.insertInto('qa_golden_cases').values({ case_id: id, golden_id: g.id, arbitrator_id: userId }).execute();
      await trx.insertInto('changes').values({ case_id: id, type: 'claimed', holder_id: userId, former_holder_id: null, payload: null }).execute();
      await appendAuditMany(trx, [
        { actorId: userId, action: 'case.claim', caseId: id, before: { status: 'queued', assigneeId: null, leased: false, leaseEpoch: 0 }, after: { status: 'queued', assigneeId: userId, leased: true, leaseEpoch: 1, leaseExpiresAt: expires.toISOString(), offline } },
        { actorId: null, action: 'qa.golden_insert', caseId: id, before: null, after: { goldenId: g.id, templateCaseId: t.id, arbitratorId: userId } },
      ]);
      ids.push(id);
    }
  });
  if (ids.length === 0) return [];
  const views = await caseViewTexts(db, ids);
  const rows = await db.selectFrom('cases').selectAll().where('id', 'in', ids).execute();
  return rows.map((r) => ({ ...r, view: views.get(r.id)! }));
}
