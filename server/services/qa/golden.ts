/** QA golden cases: registered answers, copied into arbitrators' claims at their rates and scored. */
import { randomInt, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { QaGoldenRequest, QaGoldenView, Queue } from '@common/api';
import type { CaseBundle, ComplaintKind } from '@common/domain';
import type { QaDecisionFacts } from '@common/qa';
import type { DB } from '../../db/schema';
import { appendAudit, appendAuditMany } from '../audit';
import { bundleHash, caseViewTexts, queueFor, type CaseRow } from '../cases';
import { assess, maxSeverity } from '../engine';
import { ApiError } from '../errors';
import type { PolicyRegistry } from '../policies';
import { iso, type User } from './facts';
import { reviewIssues } from './review';

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
      select g.id, g.template_case_id, g.kind, g.rate from qa_golden g
      where g.active and not exists (select 1 from qa_golden_cases gc where gc.golden_id = g.id and gc.arbitrator_id = ${userId})
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

/**
 * A fresh case cloned from the golden template, claimed by the arbitrator exactly as a claim would:
 * same row shape, change and audit rows as a claim, a platform-style externalId. Nothing the
 * arbitrator can read (case view, pull, notes) marks it; only qa_golden_cases knows.
 */
export async function insertGolden(db: Kysely<DB>, policies: PolicyRegistry, userId: string, offline: boolean, goldens: Golden[]): Promise<Array<CaseRow & { view: string }>> {
  if (goldens.length === 0) return [];
  const policy = policies.current();
  const leaseMs = offline ? policy.leases.offlineHours * 3600_000 : policy.leases.normalMinutes * 60_000;
  const expires = new Date(Date.now() + leaseMs);
  const ids: string[] = [];
  await db.transaction().execute(async (trx) => {
    for (const g of goldens) {
      const t = await trx.selectFrom('cases').selectAll().where('id', '=', g.template_case_id).executeTakeFirstOrThrow();
      const bundle = structuredClone(t.bundle) as CaseBundle;
      const id = randomUUID();
      // Same shape as the template's externalId (EXT-<seed>-<8 digits>, or any prefix + digits).
      const m = /^(.*?)(\d+)$/.exec(bundle.case.externalId);
      bundle.case.externalId = m ? `${m[1]}${String(randomInt(0, 10 ** Math.min(m[2]!.length, 12))).padStart(m[2]!.length, '0')}` : `${bundle.case.externalId}-${randomInt(1e6, 1e7)}`;
      bundle.case.id = `c-${randomUUID()}`;
      bundle.case.decision = null;
      bundle.case.claim = null;
      const json = JSON.stringify(bundle);
      // The copy is filed when the template was, so it is judged under the template's version.
      const governing = await policies.forCase(t);
      const findings = assess(bundle, governing, new Date());
      const row = await trx
        .insertInto('cases')
        .values({
          id,
          external_id: bundle.case.externalId,
          kind: t.kind,
          queue: queueFor(t.kind as ComplaintKind, 'queued'),
          status: 'queued',
          priority: t.priority,
          filed_at: t.filed_at,
          due_at: t.due_at,
          bundle: json,
          bundle_hash: bundleHash(json),
          findings: JSON.stringify(findings),
          max_severity: maxSeverity(findings),
          assignee_id: userId,
          leased: true,
          lease_expires_at: expires,
          lease_epoch: 1,
          offline,
          decision: null,
          decided_by: null,
          decided_at: null,
          evidence_due_at: null,
          policy_version: governing.version,
        })
        .onConflict((oc) => oc.column('external_id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) continue; // externalId collision: skip this place rather than reveal anything
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
