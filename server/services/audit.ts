import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';

/**
 * Append-only audit log, hash-chained.
 *
 * Writers only INSERT rows (no shared "chain head" row on the hot path, which would serialise every
 * claim and decision in the cluster). A sealer then links the committed rows into the chain in one
 * short transaction: `hash = sha256(prev_hash ‖ canonical row)`, position by position. Only one
 * sealer runs at a time (the head row is taken `FOR UPDATE SKIP LOCKED`), whichever instance gets it.
 * `verifyAudit` recomputes the chain: an edited row breaks its hash, a deleted row breaks the
 * position sequence or the next row's prev_hash, and a deleted tail disagrees with the head row.
 */
export type AuditEntry = { actorId: string | null; action: string; caseId: string | null; before: unknown; after: unknown };

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

export async function appendAudit(db: Kysely<DB>, e: AuditEntry): Promise<void> {
  await appendAuditMany(db, [e]);
}

export async function appendAuditMany(db: Kysely<DB>, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(entries.map((e) => ({ actor_id: e.actorId, action: e.action, case_id: e.caseId, before: json(e.before), after: json(e.after), chain_pos: null, prev_hash: null, hash: null })))
    .execute();
}

/** The exact bytes that are hashed, built from the database's own canonical text forms. */
type CanonRow = { id: number; at_us: string; actor_id: string | null; action: string; case_id: string | null; before_t: string | null; after_t: string | null };
const CANON_COLUMNS = sql`id, (extract(epoch from at) * 1000000)::bigint::text as at_us, actor_id, action, case_id, before::text as before_t, after::text as after_t`;

export function rowHash(prevHash: string, r: CanonRow): string {
  const h = createHash('sha256');
  h.update(prevHash);
  h.update('\n');
  h.update(JSON.stringify([r.id, r.at_us, r.actor_id, r.action, r.case_id, r.before_t, r.after_t]));
  return h.digest('hex');
}

/** Seals up to `max` unsealed rows; returns how many. Safe to call concurrently from many instances. */
export async function sealAudit(db: Kysely<DB>, max = 5000): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const head = (await sql<{ pos: number; hash: string }>`select pos, hash from audit_head where id = 1 for update skip locked`.execute(trx)).rows[0];
    if (!head) return 0;
    const rows = (await sql<CanonRow>`select ${CANON_COLUMNS} from audit_log where chain_pos is null order by id limit ${max}`.execute(trx)).rows;
    if (rows.length === 0) return 0;
    let pos = head.pos;
    let prev = head.hash;
    const ids: number[] = [];
    const poss: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const r of rows) {
      pos += 1;
      const h = rowHash(prev, r);
      ids.push(r.id);
      poss.push(pos);
      prevs.push(prev);
      hashes.push(h);
      prev = h;
    }
    await sql`update audit_log a set chain_pos = v.pos, prev_hash = v.prev, hash = v.hash
      from (select unnest(${ids}::bigint[]) as id, unnest(${poss}::bigint[]) as pos, unnest(${prevs}::text[]) as prev, unnest(${hashes}::text[]) as hash) v
      where a.id = v.id`.execute(trx);
    await sql`update audit_head set pos = ${pos}, hash = ${prev} where id = 1`.execute(trx);
    return rows.length;
  });
}

/** Seals everything committed so far (bounded by `maxRounds`). */
export async function sealAll(db: Kysely<DB>, maxRounds = 10_000): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxRounds; i++) {
    const n = await sealAudit(db);
    total += n;
    if (n === 0) break;
  }
  return total;
}

export type AuditProblem = { chainPos: number | null; id: number | null; problem: string };
export type AuditReport = { ok: boolean; sealed: number; unsealed: number; problems: AuditProblem[] };

/** Walks the chain in pages and reports every break. Read-only. */
export async function verifyAudit(db: Kysely<DB>, pageSize = 5000, maxProblems = 100): Promise<AuditReport> {
  const problems: AuditProblem[] = [];
  const add = (p: AuditProblem) => {
    if (problems.length < maxProblems) problems.push(p);
  };
  const head = (await sql<{ pos: number; hash: string }>`select pos, hash from audit_head where id = 1`.execute(db)).rows[0];
  if (!head) return { ok: false, sealed: 0, unsealed: 0, problems: [{ chainPos: null, id: null, problem: 'audit_head row is missing' }] };
  let expectPos = 1;
  let prev = 'genesis';
  let sealed = 0;
  // Bounded: each page advances the position by at least one row.
  for (let guard = 0; guard < 1e7; guard++) {
    const rows = (
      await sql<CanonRow & { chain_pos: number; prev_hash: string | null; hash: string | null }>`
        select ${CANON_COLUMNS}, chain_pos, prev_hash, hash from audit_log
        where chain_pos >= ${expectPos} order by chain_pos limit ${pageSize}`.execute(db)
    ).rows;
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.chain_pos !== expectPos) add({ chainPos: expectPos, id: null, problem: `rows ${expectPos}..${r.chain_pos - 1} of the chain are missing (deleted)` });
      if (r.prev_hash !== prev) add({ chainPos: r.chain_pos, id: r.id, problem: 'prev_hash does not match the previous row (a row before it was deleted or edited)' });
      const h = rowHash(r.prev_hash ?? '', r);
      if (h !== r.hash) add({ chainPos: r.chain_pos, id: r.id, problem: 'content does not match its hash (row was modified)' });
      prev = r.hash ?? '';
      expectPos = r.chain_pos + 1;
      sealed++;
    }
  }
  if (expectPos - 1 !== head.pos) add({ chainPos: head.pos, id: null, problem: `chain ends at ${expectPos - 1} but the head records ${head.pos} (tail rows deleted)` });
  else if (head.pos > 0 && prev !== head.hash) add({ chainPos: head.pos, id: null, problem: 'last row hash differs from the head record' });
  const unsealed = Number((await sql<{ n: number }>`select count(*)::int as n from audit_log where chain_pos is null`.execute(db)).rows[0]?.n ?? 0);
  return { ok: problems.length === 0, sealed, unsealed, problems };
}

/** Periodic sealing in the background; stop() waits for an in-flight round. */
export function startAuditSealer(db: Kysely<DB>, intervalMs: number, onError: (err: unknown) => void): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => sealAll(db, 20)).catch(onError);
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
