/**
 * Cases: the row shapes, queue and status helpers and the case view SQL that every service shares,
 * and the import of bundles (validate, assess, upsert). Claims and leases are in claims.ts.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { CaseView, ImportItemResult, Queue } from '@common/api';
import { routes, type StreamItem } from '@common/api/routes';
import { bundleFeatures, isMerchantKind, toParseIssues, unstorableText, type CaseBundle, type ComplaintKind, type Priority } from '@common/domain';
import { CLAIMABLE_STATUSES } from '../db/migrations';
import type { CasesTable, DB } from '../db/schema';
import { appendAuditMany, auditWriter, type AuditEntry } from './audit';
import { assess, findingCodes, findingCount, maxSeverity, type StoredAssessment } from './engine';
import { writeLinkKeys } from './linkKeys';
import type { PolicyRegistry } from './policies';

export type CaseRow = Selectable<CasesTable>;

export const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

export function queueFor(kind: ComplaintKind, status: string): Queue {
  if (status === 'appealed') return 'appeals';
  if (status === 'escalated') return 'escalations';
  return isMerchantKind(kind) ? 'merchant' : 'consumer';
}

export const OPEN_STATUSES = new Set<string>([...CLAIMABLE_STATUSES, 'awaiting_evidence']);
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function wireStatus(r: CaseRow, now = Date.now()): CaseView['status'] {
  const active = r.leased && r.lease_expires_at !== null && r.lease_expires_at.getTime() > now;
  if (active && (r.status === 'queued' || r.status === 'appealed')) return 'claimed';
  return r.status as CaseView['status'];
}

/**
 * The CaseView of the row aliased `a`, as JSON text built by the database. The bundle and the
 * assessment are the bulk of every claim and pull answer; building the JSON in PostgreSQL (its own
 * process and core) and splicing the text into the response keeps that work off the Node thread.
 * The bundle's case header is overlaid with the server's status, claim and decision so a client
 * reading only the bundle never sees stale lifecycle state.
 */
export function caseViewSql(a: 'c' | 'upd'): RawBuilder<string> {
  const t = sql.raw(a);
  const status = sql`(case when ${t}.leased and ${t}.lease_expires_at > now() and ${t}.status in ('queued', 'appealed') then 'claimed' else ${t}.status end)`;
  const active = sql`(${t}.leased and ${t}.lease_expires_at > now())`;
  const hasClaim = sql`(${t}.assignee_id is not null and ${t}.lease_expires_at is not null)`;
  // The object without its bundle, opened again at its closing brace; then the bundle: the overlaid
  // header and the rest of the bundle as stored text (migration 23), never re-serialised here.
  return sql<string>`left(json_build_object(
    'id', ${t}.id, 'externalId', ${t}.bundle_case -> 'externalId', 'kind', ${t}.kind, 'queue', ${t}.queue, 'status', ${status},
    'priority', (array['low', 'normal', 'high', 'urgent'])[${t}.priority + 1],
    'filedAt', ${t}.filed_at, 'dueAt', ${t}.due_at, 'version', ${t}.version, 'evidenceVersion', ${t}.evidence_version,
    'evidenceDueAt', ${t}.evidence_due_at, 'policyVersion', ${t}.policy_version,
    'evidenceRequest', case when ${t}.status = 'awaiting_evidence' then (select ch.payload from changes ch
      where ch.case_id = ${t}.id and ch.type = 'evidence_requested' order by ch.seq desc limit 1) end,
    'claim', case when ${hasClaim} then json_build_object('arbitratorId', ${t}.assignee_id, 'leaseExpiresAt', ${t}.lease_expires_at,
      'epoch', ${t}.lease_epoch, 'offline', ${t}.offline, 'active', ${active}) end,
    'assessment', ${t}.findings,
    'decision', ${t}.decision,
    'notes', (select coalesce(json_agg(json_build_object('authorId', n.author_id, 'text', n.text, 'at', n.at) order by n.id), '[]'::json)
      from case_notes n where n.case_id = ${t}.id)
  )::text, -1) || ', "bundle": {"case": ' || (${t}.bundle_case || jsonb_build_object(
      'status', case when ${status} = 'escalated' then 'claimed' else ${status} end,
      'claim', case when ${hasClaim} then jsonb_build_object('arbitratorId', ${t}.assignee_id, 'claimedAt', ${t}.updated_at,
        'leaseExpiresAt', ${t}.lease_expires_at, 'offline', ${t}.offline) else 'null'::jsonb end,
      'decision', coalesce(${t}.decision, 'null'::jsonb)))::text || ${t}.bundle_rest || '}'`;
}

/** Case views (JSON text) by id, in the order asked. */
export async function caseViewTexts(db: Kysely<DB>, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = (await sql<{ id: string; view: string }>`select c.id, ${caseViewSql('c')} as view from cases c where c.id in (${sql.join(ids)})`.execute(db)).rows;
  return new Map(rows.map((r) => [r.id, r.view]));
}

/** Audit snapshot of the state fields a transition changes (the bundle is represented by its hash). */
export function stateOf(r: Pick<CaseRow, 'status' | 'assignee_id' | 'leased' | 'lease_expires_at' | 'lease_epoch' | 'evidence_version' | 'bundle_hash'> & { decision?: unknown }): Record<string, unknown> {
  return {
    status: r.status,
    assigneeId: r.assignee_id,
    leased: r.leased,
    leaseExpiresAt: iso(r.lease_expires_at),
    leaseEpoch: r.lease_epoch,
    evidenceVersion: r.evidence_version,
    bundleHash: r.bundle_hash,
    decision: r.decision ?? null,
  };
}

//#region Import
export type ImportContext = { db: Kysely<DB>; policies: PolicyRegistry; actorId: string };
type Valid = { index: number; bundle: CaseBundle; json: string; hash: string; findings: StoredAssessment; policyVersion: string };

/**
 * The columns case views are spliced from (migration 23), from the bundle in Node: the header as
 * JSON, and the text that follows it inside the bundle's braces (`,"schemaVersion":1,"parties":[…]…}`,
 * or `}` alone). The import passes them so PostgreSQL does not rebuild them from the jsonb (~240 µs
 * a row there). `json` is the bundle's own JSON.stringify text: the header's member is cut out of it
 * rather than the rest serialised again (the header is a few hundred bytes, the rest ~5 KB).
 */
export function bundleTextColumns(bundle: CaseBundle, json: string): { bundle_case: string; bundle_rest: string } {
  const header = JSON.stringify(bundle.case);
  const member = `"case":${header}`;
  // A top-level member: the only place an unescaped `"case":{` can stand is as a key, and schema
  // keys put the case header before any other object that could hold such a key.
  const at = json.indexOf(member);
  if (at < 1) throw new Error('bundle text does not hold its case header');
  const before = json.slice(1, at);
  const after = json.slice(at + member.length);
  // Members other than the header, in their order, as the text after an opening brace.
  const inner = before === '' ? after.replace(/^,/, '') : after === '}' ? `${before.replace(/,$/, '')}}` : before + after.slice(1);
  return { bundle_case: header, bundle_rest: inner === '}' ? '}' : `,${inner}` };
}

export function bundleHash(b: CaseBundle | string): string {
  return createHash('sha256').update(typeof b === 'string' ? b : JSON.stringify(b)).digest('hex');
}

export type PreparedBatch = { invalid: ImportItemResult[]; valid: Valid[] };

/**
 * CPU half of an import batch (assess what validated, report what did not), kept apart so it
 * overlaps the previous write. Items arrive validated with the import route's item schema. Each case
 * is assessed under its governing version, the one in force when it was filed, from the registry as
 * last loaded (callers refresh it first: `importBatch`, the import route).
 */
export function prepareBatch(policies: PolicyRegistry, items: Array<StreamItem<CaseBundle>>, now = new Date()): PreparedBatch {
  const invalid: ImportItemResult[] = [];
  const valid: Valid[] = [];
  for (const it of items) {
    if (!it.ok) {
      const ext = (it.raw as { case?: { externalId?: unknown } } | null)?.case?.externalId;
      const storableExt = typeof ext === 'string' && ext.length <= 128 && unstorableText(ext) === null;
      invalid.push({ index: it.index, status: 'invalid', issues: it.issues, ...(storableExt ? { externalId: ext } : {}) });
      continue;
    }
    const bundle = it.value;
    // Serialised once: the same text is hashed (idempotency) and stored.
    const json = JSON.stringify(bundle);
    const governing = policies.governing(bundle.case.filedAt);
    valid.push({ index: it.index, bundle, json, hash: bundleHash(json), findings: assess(bundle, governing.policy, now), policyVersion: governing.version });
  }
  return { invalid, valid };
}

/** An import item validated as the import route validates it (trusted callers: the demo seed, tests). */
export function parseImportItem(index: number, raw: unknown): StreamItem<CaseBundle> {
  const r = routes.import.body.safeParse(raw);
  return r.success ? { index, ok: true, value: r.data } : { index, ok: false, raw, issues: toParseIssues(r.error) };
}

/** Database half: upserts a prepared batch. Batches must be written one after another. */
export async function writeBatch(ctx: ImportContext, batch: PreparedBatch): Promise<ImportItemResult[]> {
  const results: ImportItemResult[] = [...batch.invalid];
  const valid = batch.valid;
  // The same externalId twice in one batch: apply them in order, one statement each.
  let start = 0;
  while (start < valid.length) {
    const seen = new Set<string>();
    let end = start;
    while (end < valid.length && !seen.has(valid[end]!.bundle.case.externalId)) seen.add(valid[end++]!.bundle.case.externalId);
    results.push(...(await upsertBundles(ctx, valid.slice(start, end))));
    start = end;
  }
  return results.sort((a, b) => a.index - b.index);
}

/** Validates and upserts one batch of raw items. */
export async function importBatch(ctx: ImportContext, items: Array<{ index: number; raw: unknown }>): Promise<ImportItemResult[]> {
  await ctx.policies.refresh();
  return writeBatch(ctx, prepareBatch(ctx.policies, items.map((i) => parseImportItem(i.index, i.raw))));
}

async function upsertBundles(ctx: ImportContext, items: Valid[]): Promise<ImportItemResult[]> {
  if (items.length === 0) return [];
  const writer = auditWriter();
  return ctx.db.transaction().execute(async (trx) => {
    const out: ImportItemResult[] = [];
    const rows = items.map((i) => {
      const c = i.bundle.case;
      return {
        id: randomUUID(),
        external_id: c.externalId,
        kind: c.kind,
        queue: queueFor(c.kind, 'queued'),
        status: 'queued',
        priority: PRIORITY_RANK[c.priority],
        filed_at: c.filedAt,
        due_at: c.dueAt,
        bundle: i.json,
        ...bundleTextColumns(i.bundle, i.json),
        bundle_hash: i.hash,
        findings: JSON.stringify(i.findings),
        max_severity: maxSeverity(i.findings),
        assignee_id: null,
        lease_expires_at: null,
        decision: null,
        decided_by: null,
        decided_at: null,
        evidence_due_at: null,
        policy_version: i.policyVersion,
        amount_fen: bundleFeatures(i.bundle).amountFen,
      };
    });
    // New cases (the common path) in one statement: the rows, their change rows and audit rows.
    const inserted = await trx
      .with('ins', (db) => db.insertInto('cases').values(rows).onConflict((oc) => oc.column('external_id').doNothing()).returning(['id', 'external_id', 'bundle_hash', 'max_severity', 'policy_version', 'findings']))
      .with('ch', (db) =>
        // The change row carries the assessment made at import (policy version, finding codes): the
        // case's timeline shows it, and later re-assessments replace the case's own copy.
        db
          .insertInto('changes')
          .columns(['case_id', 'type', 'payload'])
          .expression(
            db
              .selectFrom('ins')
              .select([
                'ins.id',
                sql.lit('imported').as('type'),
                sql<string>`jsonb_build_object('policyVersion', ins.policy_version, 'codes', (select coalesce(jsonb_agg(f->'code'), '[]'::jsonb) from jsonb_array_elements(coalesce(ins.findings->'eligibility', '[]'::jsonb) || coalesce(ins.findings->'findings', '[]'::jsonb)) f))`.as('payload'),
              ]),
          ),
      )
      .with('au', (db) =>
        db
          .insertInto('audit_log')
          .columns(['actor_id', 'action', 'case_id', 'after', 'writer'])
          .expression(
            db
              .selectFrom('ins')
              .select([
                sql.val(ctx.actorId).as('actor_id'),
                sql.lit('case.import').as('action'),
                'ins.id',
                sql<string>`jsonb_build_object('status', 'queued', 'evidenceVersion', 1, 'bundleHash', ins.bundle_hash, 'maxSeverity', ins.max_severity)`.as('after'),
                sql.val(writer).as('writer'),
              ]),
          ),
      )
      .selectFrom('ins')
      .select(['ins.id', 'ins.external_id'])
      .execute();
    const created = new Map(inserted.map((r) => [r.external_id, r.id]));
    const rest = items.filter((i) => !created.has(i.bundle.case.externalId));
    const keyed: Array<{ caseId: string; bundle: CaseBundle }> = [];
    for (const i of items) {
      const id = created.get(i.bundle.case.externalId);
      if (id) {
        out.push({ index: i.index, externalId: i.bundle.case.externalId, caseId: id, status: 'created', findings: findingCount(i.findings) });
        keyed.push({ caseId: id, bundle: i.bundle });
      }
    }
    await writeLinkKeys(trx, keyed);
    if (rest.length === 0) return out;

    const existing = new Map(
      (
        await trx
          .selectFrom('cases')
          .selectAll()
          .where('external_id', 'in', rest.map((i) => i.bundle.case.externalId))
          .forUpdate()
          .execute()
      ).map((r) => [r.external_id, r]),
    );
    const audit: AuditEntry[] = [];
    const changes: Array<{ case_id: string; type: string; holder_id: string | null; payload: string }> = [];
    for (const i of rest) {
      const prev = existing.get(i.bundle.case.externalId);
      if (!prev) {
        // Deleted between the insert and the read: cannot happen without manual SQL; report, do not guess.
        out.push({ index: i.index, externalId: i.bundle.case.externalId, status: 'invalid', issues: [{ path: 'case.externalId', message: 'case vanished during import; retry' }] });
        continue;
      }
      if (prev.bundle_hash === i.hash) {
        out.push({ index: i.index, externalId: prev.external_id, caseId: prev.id, status: 'unchanged', findings: findingCount(prev.findings as StoredAssessment) });
        continue;
      }
      // Re-import: the evidence is replaced and versioned; the server-side lifecycle is untouched.
      const next = await trx
        .updateTable('cases')
        .set({
          bundle: i.json,
          ...bundleTextColumns(i.bundle, i.json),
          bundle_hash: i.hash,
          findings: JSON.stringify(i.findings),
          max_severity: maxSeverity(i.findings),
          priority: PRIORITY_RANK[i.bundle.case.priority],
          due_at: i.bundle.case.dueAt,
          filed_at: i.bundle.case.filedAt,
          policy_version: i.policyVersion,
          evidence_version: sql<number>`evidence_version + 1`,
          version: sql<number>`version + 1`,
          updated_at: new Date(),
        })
        .where('id', '=', prev.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      out.push({ index: i.index, externalId: prev.external_id, caseId: prev.id, status: 'updated', findings: findingCount(i.findings) });
      await writeLinkKeys(trx, [{ caseId: prev.id, bundle: i.bundle }]);
      changes.push({ case_id: prev.id, type: 'evidence_added', holder_id: prev.assignee_id, payload: JSON.stringify({ reimport: true, policyVersion: i.policyVersion, codes: findingCodes(i.findings) }) });
      audit.push({ actorId: ctx.actorId, action: 'case.reimport', caseId: prev.id, before: stateOf(prev), after: { ...stateOf(next), findings: findingCodes(i.findings) } });
    }
    if (changes.length > 0) await trx.insertInto('changes').values(changes).execute();
    await appendAuditMany(trx, audit);
    return out;
  });
}
//#endregion
