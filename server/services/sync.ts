import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { ChangeType, DecisionEvent, InvalidMutation, Mutation, MutationResult, Role } from '@common/api';
import type { CaseBundle, Decision, EvidenceCategory } from '@common/domain';
import { businessDeadline, type Policy } from '@common/policy';
import type { DB } from '../db/schema';
import { PREPARED } from '../db/prepared';
import { auditWriter } from './audit';
import { caseViewSql, OPEN_STATUSES, queueFor, stateOf, type CaseRow } from './cases';
import type { ClaimedRow, HeldRow } from './claims';
import { assessAtBoth, checkDecision, findingCodes, maxSeverity, type DecisionIssue } from './engine';
import { ApiError } from './errors';
import type { PolicyRegistry } from './policies';
import type { MacroStore } from './macros';
import type { SnippetStore } from './snippets';
import { applyQaReview, blindView, qaForPull } from './qa';

//#region Cursors
/**
 * A cursor is `<txid>.<seq>`. Changes are read in (transaction id, sequence) order and only from
 * transactions older than the oldest one still running (`pg_snapshot_xmin`), so a transaction
 * that took a lower sequence number but committed later is never skipped by a client that
 * already moved past it.
 */
export type Cursor = { txid: number; seq: number };
export function parseCursor(c: string | undefined): Cursor {
  if (!c) return { txid: 0, seq: 0 };
  const [a, b] = c.split('.');
  return { txid: Number(a), seq: Number(b) };
}
export const formatCursor = (c: Cursor): string => `${c.txid}.${c.seq}`;
const XMIN = sql`(pg_snapshot_xmin(pg_current_snapshot())::text::bigint)`;
//#endregion

type ChangeRow = { seq: number; txid: number; case_id: string; type: ChangeType; holder_id: string | null; former_holder_id: string | null };

/**
 * PullResponse as JSON text. Policy versions the client does not have yet (published after its
 * `policySeq`) ride along from the registry's memory: no query, and nothing when it is up to date.
 * So do the note snippets, when the client's `snippetsVersion` is not the current one, and the
 * caller's macros, when its `macrosVersion` is not theirs.
 */
export async function pull(
  db: Kysely<DB>,
  user: { id: string; role: Role },
  cursor: Cursor,
  limit: number,
  policies?: { part: string | null },
  snippets?: { part: string | null },
  macros?: { part: string | null },
): Promise<string> {
  const scoped = user.role === 'arbitrator';
  const after = sql`(txid, seq) > (${cursor.txid}::bigint, ${cursor.seq}::bigint) and txid < ${XMIN}`;
  const cols = sql`seq, txid, case_id, type, holder_id, former_holder_id`;
  // Two index range scans (holder, former holder) merged, instead of an OR the planner would sort.
  const rows = (
    scoped
      ? await sql<ChangeRow>`
          select * from (
            (select ${cols} from changes where holder_id = ${user.id} and ${after} order by txid, seq limit ${limit})
            union all
            (select ${cols} from changes where former_holder_id = ${user.id} and ${after} order by txid, seq limit ${limit})
          ) u order by txid, seq limit ${limit}`.execute(db)
      : await sql<ChangeRow>`select ${cols} from changes where ${after} order by txid, seq limit ${limit}`.execute(db)
  ).rows;
  const last = rows[rows.length - 1];
  if (!last && cursor.txid > 0) await refuseFutureCursor(db, cursor);
  const next = last ? { txid: last.txid, seq: last.seq } : cursor;
  // One entry per case with its current state, in order of the case's last change in this page.
  const order: string[] = [];
  const types = new Map<string, ChangeType[]>();
  for (const r of rows) {
    const t = types.get(r.case_id);
    if (t) {
      if (!t.includes(r.type)) t.push(r.type);
      order.splice(order.indexOf(r.case_id), 1);
    } else types.set(r.case_id, [r.type]);
    order.push(r.case_id);
  }
  // One query for the access check and the views: a view is built only where the caller may see it.
  const cases = order.length
    ? (
        await sql<{ id: string; assignee_id: string | null; status: string; view: string | null }>`
          select c.id, c.assignee_id, c.status,
            case when ${scoped ? sql`c.assignee_id = ${user.id}` : sql`true`} then ${caseViewSql('c')} end as view
          from cases c where c.id in (${sql.join(order)})`.execute(db)
      ).rows
    : [];
  const byId = new Map(cases.map((c) => [c.id, c]));
  // Supervisor QA: review items and notices on this page's cases; cases under the caller's open
  // blind review are sent without their decision, even in the ordinary changes.
  const { qa, blind } = await qaForPull(db, user, types);
  const parts: string[] = [];
  for (const id of order) {
    const c = byId.get(id);
    if (!c) continue;
    const head = `"caseId":${JSON.stringify(id)},"types":${JSON.stringify(types.get(id) ?? [])}`;
    const v = c.view && blind.has(id) ? JSON.stringify(blindView(c.view)) : c.view;
    if (v) parts.push(`{"access":"visible",${head},"case":${v}}`);
    else {
      const reason = c.assignee_id ? 'claimed_by_other' : c.status === 'escalated' || c.status === 'appealed' ? 'reassigned' : 'released';
      parts.push(`{"access":"revoked",${head},"reason":"${reason}","status":${JSON.stringify(c.status)}}`);
    }
  }
  // Spliced JSON text (see caseViewSql); the shape is PullResponseSchema.
  const qaPart = qa ? `,"qa":${JSON.stringify(qa)}` : '';
  const policyPart = policies?.part ? `,"policies":${policies.part}` : '';
  const snippetPart = snippets?.part ? `,"snippets":${snippets.part}` : '';
  const macroPart = macros?.part ? `,"macros":${macros.part}` : '';
  return `{"changes":[${parts.join(',')}],"cursor":"${formatCursor(next)}","hasMore":${rows.length === limit}${qaPart}${policyPart}${snippetPart}${macroPart}}`;
}

/**
 * A cursor names a position in one database's change log. One from a transaction this database has
 * not reached yet was made by another database (a client pointed at a different server, or at a
 * restored copy of this one); answering "nothing new" to it would hide every change until the log
 * catches up. Checked only when a page comes back empty: a cursor that returned rows is behind the
 * log by construction.
 */
async function refuseFutureCursor(db: Kysely<DB>, cursor: Cursor): Promise<void> {
  const { xmax } = (await sql<{ xmax: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as xmax`.execute(db)).rows[0]!;
  if (cursor.txid >= Number(xmax))
    throw new ApiError(409, 'conflict', 'this cursor is ahead of the change log: it comes from another server or an older copy of this one; pull again from the start', 'cursor');
}

const EVENT_TYPES = ['decided', 'withdrawn', 'appealed', 'evidence_requested', 'overridden'] as const;

/** The platform's feed: the same commit-safe cursor over decided / withdrawn / appealed / evidence_requested changes, so it can notify the parties. */
export async function events(db: Kysely<DB>, cursor: Cursor, limit: number): Promise<{ events: DecisionEvent[]; cursor: string; hasMore: boolean }> {
  const rows = (
    await sql<{ seq: number; txid: number; case_id: string; type: (typeof EVENT_TYPES)[number]; payload: unknown; at: Date; external_id: string; status: string }>`
      select ch.seq, ch.txid, ch.case_id, ch.type, ch.payload, ch.at, c.external_id, c.status from changes ch join cases c on c.id = ch.case_id
      where ch.type in (${sql.join(EVENT_TYPES.map((t) => sql.lit(t)))}) and (ch.txid, ch.seq) > (${cursor.txid}::bigint, ${cursor.seq}::bigint) and ch.txid < ${XMIN}
        and not exists (select 1 from qa_golden_cases g where g.case_id = ch.case_id)
      order by ch.txid, ch.seq limit ${limit}`.execute(db)
  ).rows;
  const last = rows[rows.length - 1];
  return {
    events: rows.map((r) => ({
      cursor: formatCursor(r),
      type: r.type,
      caseId: r.case_id,
      externalId: r.external_id,
      at: r.at.toISOString(),
      status: (r.payload as { status?: string } | null)?.status ?? r.status,
      decision: (r.payload as { decision?: Decision } | null)?.decision ?? null,
      evidenceRequest: r.type === 'evidence_requested' ? evidenceRequestOf(r.payload) : null,
    })),
    cursor: formatCursor(last ?? cursor),
    hasMore: rows.length === limit,
  };
}

/** A stored request as the feed reports it: requests made before categories existed had none. */
function evidenceRequestOf(payload: unknown): DecisionEvent['evidenceRequest'] {
  const p = payload as Omit<NonNullable<DecisionEvent['evidenceRequest']>, 'categories'> & { categories?: EvidenceCategory[] };
  return { from: p.from, categories: p.categories ?? [], request: p.request, dueAt: p.dueAt };
}

//#region Push
/**
 * The case rows this instance just handed out in claims, at the version it handed them out. A
 * mutation that arrives next (claim, then decide: the hot loop) is planned against this copy and
 * written with the usual version guard, skipping the read round trip. Only a version-guarded apply
 * ever uses it: a stale copy just fails the guard and takes the normal path, and rejections are
 * always computed from a fresh read.
 */
export class RecentClaims {
  private readonly rows = new Map<string, ClaimedRow>();
  // Small on purpose: only the claim → act loop needs it. Each entry keeps the case view text the
  // claim answered with (one string, ~5 KB); the bundle and findings are parsed from it only when a
  // mutation for the case arrives.
  constructor(private readonly max = 2_000) {}
  remember(rows: ClaimedRow[]): void {
    if (this.rows.size + rows.length > this.max) this.rows.clear();
    for (const r of rows) this.rows.set(r.id, r);
  }
  take(caseId: string): MutationCase | undefined {
    const r = this.rows.get(caseId);
    if (!r) return undefined;
    this.rows.delete(caseId);
    const { view, priority: _p, due_at: _d, ...row } = r;
    let doc: { bundle: unknown; assessment: unknown } | undefined;
    const parsed = () => (doc ??= JSON.parse(view) as { bundle: unknown; assessment: unknown });
    // The view's bundle carries the server's lifecycle overlay on `case`; validation reads only the
    // kind and the evidence, which the overlay leaves alone.
    return Object.defineProperties(row, {
      bundle: { get: () => parsed().bundle, enumerable: true },
      findings: { get: () => parsed().assessment, enumerable: true },
    }) as MutationCase;
  }
}

/** What a mutation is planned against: the row's state, and the bundle and findings for re-validation. */
type MutationCase = HeldRow & Pick<CaseRow, 'bundle' | 'findings'>;

export type PushContext = {
  db: Kysely<DB>;
  /** The registry: each case is judged under its governing version. */
  policies: PolicyRegistry;
  /** The note snippets: a note against a critical finding must say more than them. Without it, no text counts as a snippet. */
  snippets?: SnippetStore;
  /** The macros: their notes are template text as well (the caller's own and the shared ones of the kind). */
  macros?: MacroStore;
  user: { id: string; role: Role };
  recent?: RecentClaims;
  /** The server's clock (tests control it). */
  now?: () => Date;
};

/**
 * Applies one mutation exactly once per (user, clientId), optimistically, in two round trips and
 * one atomic statement:
 *  1. read the case and any stored result for this id;
 *  2. decide in JS (re-validation with common/rules), then write in ONE statement: the case update
 *     guarded by the version read in step 1, the mutation row with its result, the note, change and
 *     audit rows. A single statement is atomic without BEGIN/COMMIT; if the case moved on (0 rows)
 *     or a duplicate of this id got in first (unique violation, which aborts the whole statement),
 *     go back to 1, where the stored result is found.
 * Rejections and conflicts are stored the same way, so every replay answers the same.
 */
/** The texts of a kind that are not the arbitrator's own words: its snippets and its macros' notes (from the stores' memory, no query). */
async function templateTexts(ctx: PushContext, kind: string): Promise<string[]> {
  const [snippets, macros] = await Promise.all([ctx.snippets?.textsFor(kind) ?? [], ctx.macros?.textsFor(kind, ctx.user.id) ?? []]);
  return macros.length ? [...snippets, ...macros] : snippets;
}

export async function applyMutation(ctx: PushContext, m: Mutation): Promise<MutationResult> {
  if (m.type === 'qa_review') return applyQaReview(ctx.db, ctx.policies, ctx.user, m);
  const me = ctx.user.id;
  const cached = ctx.recent?.take(m.caseId);
  // Only a decision's note is checked against the kind's snippets (the store's memory, no query).
  const snippetsOf = async (c: { kind: string } | undefined): Promise<readonly string[]> => (m.type === 'decide' && c ? templateTexts(ctx, c.kind) : []);
  if (cached) {
    const outcome = plan(ctx, m, cached, await ctx.policies.forCase(cached), await snippetsOf(cached));
    if (!('status' in outcome)) {
      try {
        const applied = await write(ctx, m, cached, outcome);
        if (applied) return applied;
      } catch (err) {
        if ((err as { code?: string }).code !== '23505') throw err;
      }
    }
  }
  for (let attempt = 0; attempt < 8; attempt++) {
    const read = (
      await sql<CaseRow & { stored: MutationResult | null; known: boolean; found: boolean }>`
        select c.*, c.id is not null as found, mu.client_id is not null as known, mu.result as stored
        from (select 1) one
        left join cases c on c.id = ${m.caseId}
        left join mutations mu on mu.user_id = ${me} and mu.client_id = ${m.clientId}`.execute(ctx.db)
    ).rows[0]!;
    if (read.known) {
      if (read.stored) return read.stored;
      // A row without a result: written by an older server version mid-flight. Let it settle.
      await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
      continue;
    }
    const c = read.found ? read : undefined;
    const outcome = plan(ctx, m, c, c ? await ctx.policies.forCase(c) : undefined, await snippetsOf(c));
    try {
      if ('status' in outcome) {
        await ctx.db.insertInto('mutations').values({ user_id: me, client_id: m.clientId, type: m.type, case_id: m.caseId, result: JSON.stringify(outcome) }).execute();
        return outcome;
      }
      const applied = await write(ctx, m, c!, outcome);
      if (applied) return applied;
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err;
    }
  }
  return { clientId: m.clientId, status: 'rejected', reason: 'invalid_request', message: 'the case kept changing while this was applied; push again' };
}

/** One item of a push: a mutation, or what stood in the place of a malformed one. */
export type PushItem = Mutation | InvalidMutation;

/**
 * A whole push, one result per item, in order. A batch from the sync engine is mostly decisions on
 * distinct cases (an arbitrator's checked-out cases, decided locally): each run of decisions and
 * malformed items with distinct cases and distinct clientIds is looked up in one statement (results
 * already stored for its clientIds), planned in JS one mutation at a time as always, and written in
 * ONE statement (see batchText). Every other item is applied on its own, in its place, because a
 * later mutation may depend on an earlier one (a note, then a decision on the same case). A run of
 * one takes the one-mutation path (claim, then decide: the hot loop), which needs no lookup.
 * Whatever the batch statement cannot settle (the case moved on since it was read, a rejection
 * planned from a remembered claim, a clientId that arrived twice at once) goes through the
 * one-mutation path, which reads afresh, so per-mutation results and idempotency are the same.
 */
export async function applyPush(ctx: PushContext, items: readonly PushItem[]): Promise<MutationResult[]> {
  const results: MutationResult[] = new Array<MutationResult>(items.length);
  let run: number[] = [];
  const runCases = new Set<string>();
  const runIds = new Set<string>();
  const flush = async () => {
    if (run.length > 0) await applyRun(ctx, items, run, results);
    run = [];
    runCases.clear();
    runIds.clear();
  };
  for (let i = 0; i < items.length; i++) {
    const m = items[i]!;
    if ((m.type === 'decide' || m.type === 'invalid') && m.clientId !== null) {
      if (runIds.has(m.clientId) || (m.type === 'decide' && runCases.has(m.caseId))) await flush();
      run.push(i);
      runIds.add(m.clientId);
      if (m.type === 'decide') runCases.add(m.caseId);
      continue;
    }
    await flush();
    results[i] = m.type === 'invalid' ? await rejectInvalid(ctx, m) : await applyMutation(ctx, m);
  }
  await flush();
  return results;
}

type DecideMutation = Extract<Mutation, { type: 'decide' }>;
/** The columns a decision sets (plan's `decide` branch); the batch statement writes exactly these. */
const DECIDE_SET = 'status,leased,offline,decision,decided_by,decided_at,findings,max_severity,precedent_hint_shown';

async function applyRun(ctx: PushContext, items: readonly PushItem[], run: readonly number[], results: MutationResult[]): Promise<void> {
  const one = (m: PushItem) => (m.type === 'invalid' ? rejectInvalid(ctx, m) : applyMutation(ctx, m));
  if (run.length === 1) {
    results[run[0]!] = await one(items[run[0]!]!);
    return;
  }
  const me = ctx.user.id;
  const clientIds = run.map((i) => items[i]!.clientId!);
  // Cases just handed out by a claim on this instance are planned from memory (see RecentClaims);
  // the others are read in the same round trip as the stored results.
  const cached = new Map<string, MutationCase>();
  const toRead: string[] = [];
  for (const i of run) {
    const m = items[i]!;
    if (m.type !== 'decide') continue;
    const c = ctx.recent?.take(m.caseId);
    if (c) cached.set(m.caseId, c);
    else toRead.push(m.caseId);
  }
  const [stored, read] = await Promise.all([
    ctx.db.selectFrom('mutations').select(['client_id', 'result']).where('user_id', '=', me).where('client_id', 'in', clientIds).execute(),
    toRead.length > 0 ? sql<CaseRow>`select * from cases where id in (${sql.join(toRead)})`.execute(ctx.db).then((r) => r.rows) : Promise.resolve([] as CaseRow[]),
  ]);
  const storedBy = new Map(stored.map((r) => [r.client_id, r.result as MutationResult | null]));
  const readBy = new Map(read.map((r) => [r.id, r as MutationCase]));
  /** Item positions the batch statement leaves to the one-mutation path. */
  const later: number[] = [];
  const applies: Array<{ i: number; m: DecideMutation; c: MutationCase; a: Apply }> = [];
  const rejections: Array<{ i: number; type: string; caseId: string | null; result: MutationResult }> = [];
  for (const i of run) {
    const m = items[i]!;
    const clientId = m.clientId!;
    if (storedBy.has(clientId)) {
      const r = storedBy.get(clientId);
      if (r) results[i] = r;
      else later.push(i);
      continue;
    }
    if (m.type === 'invalid') {
      rejections.push({ i, type: m.rawType ?? 'invalid', caseId: null, result: { clientId, status: 'rejected', reason: 'invalid_request', message: 'the mutation is malformed', issues: m.issues } });
      continue;
    }
    if (m.type !== 'decide') continue;
    const fromMemory = cached.get(m.caseId);
    const c = fromMemory ?? readBy.get(m.caseId);
    const policy = c ? await ctx.policies.forCase(c) : undefined;
    const snippets = c ? await templateTexts(ctx, c.kind) : [];
    const outcome = plan(ctx, m, c, policy, snippets);
    if ('status' in outcome) {
      // Rejections are always computed from a fresh read, never from a remembered claim.
      if (fromMemory) later.push(i);
      else rejections.push({ i, type: m.type, caseId: m.caseId, result: outcome });
    } else if (Object.keys(outcome.set).join(',') !== DECIDE_SET) later.push(i);
    else applies.push({ i, m, c: c!, a: outcome });
  }
  if (applies.length > 0 || rejections.length > 0) {
    try {
      const applied = await writeBatch(ctx, applies, rejections);
      for (const r of rejections) results[r.i] = r.result;
      for (const x of applies) {
        const version = applied.get(x.m.clientId);
        if (version === undefined) later.push(x.i);
        else results[x.i] = { clientId: x.m.clientId, status: 'applied', caseId: x.c.id, caseVersion: version };
      }
    } catch (err) {
      // The same clientId got in at the same moment from another request: the statement wrote
      // nothing, and the one-mutation path finds that request's stored answer.
      if ((err as { code?: string }).code !== '23505') throw err;
      later.push(...applies.map((x) => x.i), ...rejections.map((r) => r.i));
    }
  }
  later.sort((a, b) => a - b);
  for (const i of later) results[i] = await one(items[i]!);
}

/**
 * The batch statement's text, built once per shape (with decisions, with rejections): every decision
 * of the run (the case update guarded by the version it was planned against, the mutation row with
 * its result, the change and audit rows) and every rejection's mutation row, so a run of 50 is one
 * statement and one round trip instead of 50. A case whose version moved is simply not updated and
 * has no other row written; a clientId stored meanwhile aborts the whole statement (unique
 * violation). Parameters: $1 user; with decisions, the audit writer tag and the rows as one JSON
 * array (position, case id, version, clientId, decision, findings, max severity, decided at, former
 * holder, before, payload); with rejections, four arrays (clientId, type, case id, result). A shape
 * sends only the parameters it uses: PostgreSQL cannot type a parameter the text never mentions.
 */
const batchTexts = new Map<string, string>();
function batchText(withApplies: boolean, withRejections: boolean): string {
  const key = `${withApplies}|${withRejections}`;
  let text = batchTexts.get(key);
  if (text === undefined) {
    let n = 1;
    const p = () => `$${++n}`;
    const parts: string[] = [];
    if (withApplies) {
      const [writer, rows] = [p(), p()];
      parts.push(`input as (
        select * from jsonb_to_recordset(${rows}::jsonb) as i(ord integer, id text, version integer, client_id text, decision jsonb, findings jsonb,
          max_severity text, decided_at timestamptz, precedent_hint_shown boolean, former text, before jsonb, payload jsonb)
      ), upd as (
        update cases c set status = 'decided', leased = false, offline = false, decision = i.decision, decided_by = $1::text,
          decided_at = i.decided_at, findings = i.findings, max_severity = i.max_severity, precedent_hint_shown = i.precedent_hint_shown,
          version = c.version + 1, updated_at = now()
        from input i where c.id = i.id and c.version = i.version
        returning c.id, c.version, c.status, c.assignee_id, c.leased, c.lease_expires_at, c.lease_epoch, c.evidence_version, c.bundle_hash, c.decision,
          i.client_id, i.former, i.before, i.payload, i.ord
      ), mu as (
        insert into mutations (user_id, client_id, type, case_id, result)
        select $1::text, client_id, 'decide', id, jsonb_build_object('clientId', client_id, 'status', 'applied', 'caseId', id, 'caseVersion', version)
        from upd order by ord
      ), ch as (
        insert into changes (case_id, type, holder_id, former_holder_id, payload)
        select id, 'decided', assignee_id, case when former is distinct from assignee_id then former end, payload
        from upd order by ord
      ), au as (
        insert into audit_log (actor_id, action, case_id, before, after, writer)
        select $1::text, 'case.decide', id, before,
          jsonb_build_object('status', status, 'assigneeId', assignee_id, 'leased', leased, 'leaseExpiresAt', lease_expires_at,
            'leaseEpoch', lease_epoch, 'evidenceVersion', evidence_version, 'bundleHash', bundle_hash, 'decision', decision,
            'mutation', client_id, 'payload', payload), ${writer}::text
        from upd order by ord
      )`);
    }
    if (withRejections) {
      const [clientId, type, caseId, result] = Array.from({ length: 4 }, p);
      parts.push(`rj as (
        insert into mutations (user_id, client_id, type, case_id, result)
        select $1::text, r.client_id, r.type, r.case_id, r.result::jsonb
        from unnest(${clientId}::text[], ${type}::text[], ${caseId}::text[], ${result}::text[]) with ordinality as r(client_id, type, case_id, result, ord) order by r.ord
      )`);
    }
    text = `${PREPARED}
      with ${parts.join(', ')}
      select ${withApplies ? 'client_id, version from upd' : 'null::text as client_id, null::integer as version where false'}`;
    batchTexts.set(key, text);
  }
  return text;
}

/** Runs the batch statement; the clientIds of the decisions it applied, with the case's new version. */
async function writeBatch(
  ctx: PushContext,
  applies: ReadonlyArray<{ m: DecideMutation; c: MutationCase; a: Apply }>,
  rejections: ReadonlyArray<{ type: string; caseId: string | null; result: MutationResult }>,
): Promise<Map<string, number>> {
  const values: unknown[] = [ctx.user.id];
  if (applies.length > 0) {
    // One JSON document for the rows: the decision and findings are JSON text already and go in as
    // they are, where text arrays would have had every element escaped again by the driver.
    const q = JSON.stringify;
    const rows = applies.map(
      (x, ord) =>
        `{"ord":${ord},"id":${q(x.c.id)},"version":${x.c.version},"client_id":${q(x.m.clientId)},"decision":${x.a.set.decision ?? 'null'},"findings":${x.a.set.findings ?? 'null'},` +
        `"max_severity":${q(x.a.set.max_severity ?? null)},"decided_at":${q((x.a.set.decided_at ?? new Date()).toISOString())},"precedent_hint_shown":${q(x.a.set.precedent_hint_shown ?? null)},"former":${q(x.c.assignee_id)},"before":${q(stateOf(x.c))},"payload":${q(x.a.payload)}}`,
    );
    values.push(auditWriter(), `[${rows.join(',')}]`);
  }
  if (rejections.length > 0)
    values.push(
      rejections.map((r) => r.result.clientId),
      rejections.map((r) => r.type),
      rejections.map((r) => r.caseId),
      rejections.map((r) => JSON.stringify(r.result)),
    );
  const rows = (await ctx.db.executeQuery<{ client_id: string; version: number }>(CompiledQuery.raw(batchText(applies.length > 0, rejections.length > 0), values))).rows;
  return new Map(rows.map((r) => [r.client_id, r.version]));
}

/**
 * A pushed item that failed validation, answered like any rejection: stored under its clientId, so a
 * replay (even after the client fixed the item, or the case moved on) answers the same.
 */
export async function rejectInvalid(ctx: PushContext, m: InvalidMutation): Promise<MutationResult> {
  const clientId = m.clientId;
  // The route refuses the whole push before applying anything when an item has no usable clientId.
  if (clientId === null) throw new Error('rejectInvalid needs the item to carry a clientId');
  const result: MutationResult = { clientId, status: 'rejected', reason: 'invalid_request', message: 'the mutation is malformed', issues: m.issues };
  for (let attempt = 0; attempt < 4; attempt++) {
    const stored = await ctx.db.selectFrom('mutations').select('result').where('user_id', '=', ctx.user.id).where('client_id', '=', clientId).executeTakeFirst();
    if (stored?.result) return stored.result as MutationResult;
    try {
      await ctx.db.insertInto('mutations').values({ user_id: ctx.user.id, client_id: clientId, type: m.rawType ?? 'invalid', case_id: null, result: JSON.stringify(result) }).execute();
      return result;
    } catch (err) {
      // The same clientId arrived twice at once: the other one's stored answer is this one's too.
      if ((err as { code?: string }).code !== '23505') throw err;
    }
  }
  return result;
}

function conflict(m: Mutation, c: MutationCase, me: string, reason: 'withdrawn' | 'already_decided' | 'claimed_by_other' | 'new_evidence', message: string): MutationResult {
  return {
    clientId: m.clientId,
    status: 'conflict',
    reason,
    message,
    // Who else holds or decided the case is not the caller's business: only their own id is named.
    details: { caseId: c.id, status: c.status, heldBy: c.assignee_id === me ? me : null, evidenceVersion: c.evidence_version, decidedBy: c.decided_by === me ? me : null },
  };
}

type CaseUpdate = Partial<{
  status: string;
  queue: string;
  assignee_id: string | null;
  leased: boolean;
  offline: boolean;
  decision: string;
  decided_by: string;
  decided_at: Date;
  evidence_due_at: string | null;
  findings: string;
  max_severity: string | null;
  precedent_hint_shown: boolean | null;
}>;
type Apply = { set: CaseUpdate; change: ChangeType; action: string; payload: unknown; note?: string };

/**
 * The decision about a mutation against the case as read, under the case's governing policy: a final
 * result, or the change to apply. Pure but for the clock.
 */
function plan(ctx: PushContext, m: Mutation, c: MutationCase | undefined, policy: Policy | undefined, snippets: readonly string[]): MutationResult | Apply {
  const me = ctx.user.id;
  if (!c || !policy) return { clientId: m.clientId, status: 'rejected', reason: 'not_found', message: `case ${m.caseId} does not exist` };
  const reject = (reason: 'not_holder' | 'invalid_state' | 'invalid_decision', message: string, issues?: DecisionIssue[]): MutationResult => ({
    clientId: m.clientId,
    status: 'rejected',
    reason,
    message,
    ...(issues ? { issues } : {}),
  });

  // Notes are allowed on any case the user may see; the other mutations need the case in hand.
  if (m.type === 'add_note') {
    if (ctx.user.role === 'arbitrator' && c.assignee_id !== me) return reject('not_holder', 'you do not hold this case');
    return { set: {}, change: 'note_added', action: 'case.note', payload: { note: m.text }, note: m.text };
  }
  if (c.status === 'withdrawn') return conflict(m, c, me, 'withdrawn', 'the complainant withdrew this case');
  if (c.status === 'decided' || c.status === 'closed') return conflict(m, c, me, 'already_decided', 'the case has already been decided');
  if (c.assignee_id !== me) {
    if (c.assignee_id) return conflict(m, c, me, 'claimed_by_other', 'another arbitrator holds this case');
    return reject('not_holder', 'you do not hold this case; claim it first');
  }
  if (!OPEN_STATUSES.has(c.status)) return reject('invalid_state', `case is ${c.status}`);

  switch (m.type) {
    case 'decide': {
      // An expired lease still counts if nobody claimed the case since: the assignee is still us and
      // the epoch the client decided under is still current.
      if (m.leaseEpoch !== undefined && m.leaseEpoch !== c.lease_epoch) return conflict(m, c, me, 'claimed_by_other', 'the case was claimed again after your lease');
      if (m.evidenceVersion !== undefined && m.evidenceVersion < c.evidence_version)
        return conflict(m, c, me, 'new_evidence', `new evidence arrived (version ${c.evidence_version}, you saw ${m.evidenceVersion})`);
      // Judged under the version in force when the case was filed, whatever has been published since:
      // a rollout never invalidates a decision made under the case's own rules, and no other rules apply.
      if (m.decision.policyVersion !== policy.version) {
        const message = `the decision cites policy ${m.decision.policyVersion}, but this case (filed ${new Date(c.filed_at).toISOString()}) is governed by policy ${policy.version}, the version in force when it was filed; decide it under ${policy.version}`;
        return reject('invalid_decision', message, [{ path: 'decision.policyVersion', message }]);
      }
      const now = (ctx.now ?? (() => new Date()))();
      const bundle = c.bundle as CaseBundle;
      // The decision is checked against the case as the arbitrator saw it when committing (the rules
      // at the decision's own time, never later than now nor before filing), so a finding that only
      // appeared while an offline decision waited to sync cannot make it invalid. The case itself is
      // re-assessed at now: time-based findings (no movement, ship timeout) are facts about the present.
      const seenAt = Math.min(now.getTime(), Math.max(new Date(c.filed_at).getTime(), Date.parse(m.decision.decidedAt)));
      const [seen, current] = assessAtBoth(bundle, policy, new Date(seenAt), now);
      const decision: Decision = { ...m.decision, decidedBy: me, mutationId: m.clientId, assessment: { at: seen.at, policyVersion: policy.version, codes: findingCodes(seen) } };
      const issues = checkDecision(bundle, seen, decision, policy, snippets);
      if (issues.length > 0) return reject('invalid_decision', issues.map((i) => i.message).join('; '), issues);
      return {
        set: {
          status: 'decided',
          leased: false,
          offline: false,
          decision: JSON.stringify(decision),
          decided_by: me,
          decided_at: now,
          findings: JSON.stringify(current),
          max_severity: maxSeverity(current),
          // Always set (null when the client did not say), so a repeat decision of an appealed case never keeps the first one's.
          precedent_hint_shown: m.precedentHint ?? null,
        },
        change: 'decided',
        action: 'case.decide',
        // The hint travels with the decision's change row too, so QA reads it per decision (a re-decided appeal has two).
        payload: { decision, status: 'decided', ...(m.precedentHint === undefined ? {} : { precedentHint: m.precedentHint }) },
      };
    }
    case 'request_evidence': {
      // The deadline is the server's: business days of mainland China under the case's rules. A
      // client's dueAt is ignored (it may have counted calendar days, or another clock).
      const dueAt = businessDeadline((ctx.now ?? (() => new Date()))(), policy.sla.merchantAnswerBusinessDays).toISOString();
      return {
        set: { status: 'awaiting_evidence', leased: false, evidence_due_at: dueAt },
        change: 'evidence_requested',
        action: 'case.request_evidence',
        payload: { from: m.from, categories: m.categories, request: m.request, dueAt },
        note: `[evidence requested from ${m.from}, due ${dueAt}] ${m.request}`,
      };
    }
    case 'release':
      return { set: { assignee_id: null, leased: false, offline: false }, change: 'released', action: 'case.release', payload: null };
    case 'escalate':
      // "Other" says nothing by itself: the supervisor needs the arbitrator's words.
      if (m.category === 'other' && m.reason.trim() === '')
        return {
          clientId: m.clientId,
          status: 'rejected',
          reason: 'invalid_request',
          message: 'reason: an escalation for "other" needs the arbitrator’s words',
          issues: [{ path: 'reason', message: 'required when the category is "other"', code: 'escalation_text_required' }],
        };
      return {
        set: { status: 'escalated', queue: queueFor(c.kind as CaseBundle['case']['kind'], 'escalated'), assignee_id: null, leased: false, offline: false },
        change: 'escalated',
        action: 'case.escalate',
        payload: { category: m.category, reason: m.reason },
        note: `[escalated: ${m.category}]${m.reason ? ` ${m.reason}` : ''}`,
      };
    case 'qa_review':
      // Routed to applyQaReview before planning; a review never changes the case row.
      return reject('invalid_state', 'qa_review is not a case mutation');
  }
}

/**
 * The write statement's text for one shape (the columns the mutation sets, whether it adds a note,
 * whether its change row carries the event payload), built once: the text depends only on the
 * mutation type, and building it through the query builder on every push was a measurable share of
 * the server's CPU. Parameters: the set values ($1..$k), then id, version, user, clientId, type,
 * change type, former holder, action, before (jsonb), payload (jsonb), the audit writer tag, and the
 * note when there is one.
 * Without a note the statement has no case_notes insert at all: even inserting nothing, it opened
 * the table, its indexes and its foreign keys on every execution.
 */
const writeTexts = new Map<string, string>();
function writeText(cols: string[], withNote: boolean, eventPayload: boolean): string {
  const key = `${cols.join(',')}|${withNote}|${eventPayload}`;
  let text = writeTexts.get(key);
  if (text === undefined) {
    const k = cols.length;
    const p = (i: number) => `$${k + i}`;
    const [id, version, me, clientId, type, change, former, action, before, payload, writer, note] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(p);
    text = `${PREPARED}
      with upd as (
        update cases set ${[...cols.map((c, i) => `"${c}" = $${i + 1}`), 'version = version + 1', 'updated_at = now()'].join(', ')}
        where id = ${id}::text and version = ${version}::integer
        returning id, version, status, assignee_id, leased, lease_expires_at, lease_epoch, evidence_version, bundle_hash, decision
      ), mu as (
        insert into mutations (user_id, client_id, type, case_id, result)
        select ${me}::text, ${clientId}::text, ${type}::text, upd.id,
          jsonb_build_object('clientId', ${clientId}::text, 'status', 'applied', 'caseId', upd.id, 'caseVersion', upd.version)
        from upd
      ),${
        withNote
          ? ` nt as (
        insert into case_notes (case_id, author_id, text)
        select upd.id, ${me}::text, ${note}::text from upd
      ),`
          : ''
      } ch as (
        insert into changes (case_id, type, holder_id, former_holder_id, payload)
        select upd.id, ${change}::text, upd.assignee_id,
          case when ${former}::text is distinct from upd.assignee_id then ${former}::text end, ${eventPayload ? `${payload}::jsonb` : 'null::jsonb'}
        from upd
      ), au as (
        insert into audit_log (actor_id, action, case_id, before, after, writer)
        select ${me}::text, ${action}::text, upd.id, ${before}::jsonb,
          jsonb_build_object('status', upd.status, 'assigneeId', upd.assignee_id, 'leased', upd.leased, 'leaseExpiresAt', upd.lease_expires_at,
            'leaseEpoch', upd.lease_epoch, 'evidenceVersion', upd.evidence_version, 'bundleHash', upd.bundle_hash, 'decision', upd.decision,
            'mutation', ${clientId}::text, 'payload', ${payload}::jsonb), ${writer}::text
        from upd
      )
      select upd.version from upd`;
    writeTexts.set(key, text);
  }
  return text;
}

/**
 * The state change (only if the case is still at the version read), the mutation row with its
 * result, the note, the change row and the audit row: one statement, so all or nothing.
 * Returns undefined when the case moved on. Sent as a prepared statement with a fixed text per
 * mutation shape (see writeText).
 */
async function write(ctx: PushContext, m: Mutation, c: MutationCase, a: Apply): Promise<MutationResult | undefined> {
  const payloadJson = a.payload === null ? null : JSON.stringify(a.payload);
  const cols = Object.keys(a.set);
  const values: unknown[] = Object.values(a.set);
  // Escalations keep theirs for the case's timeline (category and words).
  const eventPayload = a.change === 'decided' || a.change === 'evidence_requested' || a.change === 'escalated';
  values.push(c.id, c.version, ctx.user.id, m.clientId, m.type, a.change, c.assignee_id, a.action, JSON.stringify(stateOf(c)), payloadJson, auditWriter());
  if (a.note !== undefined) values.push(a.note);
  const next = (await ctx.db.executeQuery<{ version: number }>(CompiledQuery.raw(writeText(cols, a.note !== undefined, eventPayload), values))).rows[0];
  return next ? { clientId: m.clientId, status: 'applied', caseId: c.id, caseVersion: next.version } : undefined;
}
//#endregion

