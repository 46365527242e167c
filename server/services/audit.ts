import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { AuditCheckpoint } from '@common/api';
import type { DB } from '../db/schema';

/**
 * Append-only audit log, chained with a keyed MAC.
 *
 * Writers only INSERT rows (no shared "chain head" row on the hot path, which would serialise every
 * claim and decision in the cluster). Each insert carries a writer tag, `nonce.HMAC(key, nonce)`,
 * and the id of its transaction. A sealer then links the committed rows into the chain in one short
 * transaction: `hash = HMAC(key, prev_hash ‖ canonical row)`, position by position. Only one sealer
 * runs at a time (the head row is taken `FOR UPDATE SKIP LOCKED`), whichever instance gets it.
 *
 * The key is held outside the database (auditKey.ts), so someone with the database alone
 *  - cannot edit a sealed row, or delete one and recompute the rest: every hash needs the key;
 *  - cannot insert a row of their own for the sealer to chain: it has no valid writer tag, and a tag
 *    copied from a real row gives itself away (its transaction differs from the one the tag was
 *    made in), as does a row edited before it was sealed (its xmin no longer matches its txid);
 *    the sealer leaves such rows out of the chain, marked `rejected`, and verification reports them;
 *  - can still truncate the tail and rewind the head row consistently, which only a checkpoint
 *    (position and hash, signed with the key, kept elsewhere) taken before the truncation reveals.
 * Someone with the key and the database together can rewrite anything: out of reach by design.
 *
 * Rows sealed before the key existed (migration 6) carry no writer tag and an unkeyed SHA-256 hash;
 * they are verified as such, and must all come before the first keyed row.
 */
export type AuditEntry = { actorId: string | null; action: string; caseId: string | null; before: unknown; after: unknown };

//#region The key
let key: Buffer = randomBytes(32);
/** The process's audit key (auditKey.ts loads it from outside the database); in-memory databases keep the random one. */
export function useAuditKey(k: Buffer): void {
  if (k.length < 32) throw new Error('the audit key must be at least 32 bytes');
  key = k;
}
const mac = (...parts: string[]): string => {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p).update('\n');
  return h.digest('hex');
};
const equal = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * A fresh writer tag for one statement's audit rows. Pass it as the `writer` column of every audit
 * row a statement inserts; rows of one transaction may share it, rows of two transactions never do.
 */
export function auditWriter(): string {
  const nonce = randomBytes(12).toString('base64url');
  return `${nonce}.${mac('writer', nonce).slice(0, 32)}`;
}
function writerValid(writer: string | null): boolean {
  if (!writer) return false;
  const dot = writer.indexOf('.');
  return dot > 0 && equal(writer.slice(dot + 1), mac('writer', writer.slice(0, dot)).slice(0, 32));
}
//#endregion

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

export async function appendAudit(db: Kysely<DB>, e: AuditEntry): Promise<void> {
  await appendAuditMany(db, [e]);
}

export async function appendAuditMany(db: Kysely<DB>, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const writer = auditWriter();
  await db
    .insertInto('audit_log')
    .values(entries.map((e) => ({ actor_id: e.actorId, action: e.action, case_id: e.caseId, before: json(e.before), after: json(e.after), chain_pos: null, prev_hash: null, hash: null, writer })))
    .execute();
}

/** The exact bytes that are hashed, built from the database's own canonical text forms. */
type CanonRow = { id: number; at_us: string; actor_id: string | null; action: string; case_id: string | null; before_t: string | null; after_t: string | null; txid: string | null; writer: string | null };
const CANON_COLUMNS = sql`id, (extract(epoch from at) * 1000000)::bigint::text as at_us, actor_id, action, case_id, before::text as before_t, after::text as after_t, txid::text as txid, writer`;

/** A sealed row's hash: keyed for rows with a writer tag, the unkeyed SHA-256 of the rows sealed before the key existed. */
export function rowHash(prevHash: string, r: CanonRow): string {
  if (r.writer === null) {
    const h = createHash('sha256');
    h.update(prevHash);
    h.update('\n');
    h.update(JSON.stringify([r.id, r.at_us, r.actor_id, r.action, r.case_id, r.before_t, r.after_t]));
    return h.digest('hex');
  }
  return mac('row', prevHash, JSON.stringify([r.id, r.at_us, r.actor_id, r.action, r.case_id, r.before_t, r.after_t, r.txid, r.writer]));
}

type Unsealed = CanonRow & { xid: string };

/** Why a row must stay out of the chain, or null when the application wrote it and nobody changed it since. */
function refusal(r: Unsealed, txidOfWriter: Map<string, string>): string | null {
  if (!writerValid(r.writer)) return 'not written by Gavel: no valid writer tag';
  // The row's version was created by the transaction that wrote it (xmin is its 32-bit xid).
  if (r.txid === null || BigInt(r.txid) % 4294967296n !== BigInt(r.xid)) return 'changed after it was written';
  const first = txidOfWriter.get(r.writer!);
  if (first !== undefined && first !== r.txid) return "carries the writer tag of another transaction's row";
  return null;
}

/** Seals up to `max` unsealed rows; returns how many it looked at. Safe to call concurrently from many instances. */
export async function sealAudit(db: Kysely<DB>, max = 5000): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const head = (await sql<{ pos: number; hash: string }>`select pos, hash from audit_head where id = 1 for update skip locked`.execute(trx)).rows[0];
    if (!head) return 0;
    const rows = (await sql<Unsealed>`select ${CANON_COLUMNS}, xmin::text as xid from audit_log where chain_pos is null and rejected is null order by id limit ${max}`.execute(trx)).rows;
    if (rows.length === 0) return 0;
    // The transaction each writer tag was first seen in (already in the chain, or earlier in this round).
    const writers = [...new Set(rows.flatMap((r) => (r.writer ? [r.writer] : [])))];
    const txidOfWriter = new Map<string, string>();
    if (writers.length)
      for (const w of (await sql<{ writer: string; txid: string }>`select distinct on (writer) writer, txid::text as txid from audit_log where writer in (${sql.join(writers)}) and chain_pos is not null order by writer, chain_pos`.execute(trx)).rows)
        txidOfWriter.set(w.writer, w.txid);
    let pos = head.pos;
    let prev = head.hash;
    const ids: number[] = [];
    const poss: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    const rejected: Array<{ id: number; why: string }> = [];
    for (const r of rows) {
      const why = refusal(r, txidOfWriter);
      if (why) {
        rejected.push({ id: r.id, why });
        continue;
      }
      if (!txidOfWriter.has(r.writer!)) txidOfWriter.set(r.writer!, r.txid!);
      pos += 1;
      const h = rowHash(prev, r);
      ids.push(r.id);
      poss.push(pos);
      prevs.push(prev);
      hashes.push(h);
      prev = h;
    }
    if (ids.length)
      await sql`update audit_log a set chain_pos = v.pos, prev_hash = v.prev, hash = v.hash
        from (select unnest(${ids}::bigint[]) as id, unnest(${poss}::bigint[]) as pos, unnest(${prevs}::text[]) as prev, unnest(${hashes}::text[]) as hash) v
        where a.id = v.id`.execute(trx);
    if (rejected.length)
      await sql`update audit_log a set rejected = v.why
        from (select unnest(${rejected.map((r) => r.id)}::bigint[]) as id, unnest(${rejected.map((r) => r.why)}::text[]) as why) v
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

//#region Checkpoints
export const CHECKPOINT_FORMAT = 'gavel-audit-checkpoint/1';
const checkpointMac = (c: Omit<AuditCheckpoint, 'mac'>): string => mac('checkpoint', c.format, String(c.pos), c.hash, c.at);

/**
 * The chain's head now (everything committed sealed first), signed with the key: kept outside the
 * database (exported by an admin, or by `audit:verify --export-checkpoint`), it lets a later
 * verification prove that nothing at or before that position was truncated, rewound or rewritten.
 */
export async function auditCheckpoint(db: Kysely<DB>): Promise<AuditCheckpoint> {
  await sealAll(db);
  const head = (await sql<{ pos: number; hash: string }>`select pos, hash from audit_head where id = 1`.execute(db)).rows[0]!;
  const c = { format: CHECKPOINT_FORMAT, pos: Number(head.pos), hash: head.hash, at: new Date().toISOString() } as const;
  return { ...c, mac: checkpointMac(c) };
}
export function checkpointSigned(c: AuditCheckpoint): boolean {
  return c.format === CHECKPOINT_FORMAT && equal(c.mac, checkpointMac(c));
}
//#endregion

export type AuditProblem = { chainPos: number | null; id: number | null; problem: string };
export type AuditReport = { ok: boolean; sealed: number; unsealed: number; rejected: number; legacy: number; problems: AuditProblem[] };

/** Walks the chain in pages and reports every break, and every row the sealer refused. Read-only. */
export async function verifyAudit(db: Kysely<DB>, opts: { checkpoint?: AuditCheckpoint; pageSize?: number; maxProblems?: number } = {}): Promise<AuditReport> {
  const pageSize = opts.pageSize ?? 5000;
  const maxProblems = opts.maxProblems ?? 100;
  const problems: AuditProblem[] = [];
  const add = (p: AuditProblem) => {
    if (problems.length < maxProblems) problems.push(p);
  };
  const cp = opts.checkpoint;
  if (cp && !checkpointSigned(cp)) add({ chainPos: cp.pos, id: null, problem: 'the checkpoint is not signed with this audit key (forged, or another key)' });
  const head = (await sql<{ pos: number; hash: string }>`select pos, hash from audit_head where id = 1`.execute(db)).rows[0];
  if (!head) return { ok: false, sealed: 0, unsealed: 0, rejected: 0, legacy: 0, problems: [{ chainPos: null, id: null, problem: 'audit_head row is missing' }] };
  let expectPos = 1;
  let prev = 'genesis';
  let sealed = 0;
  let legacy = 0;
  let keyed = false;
  let checkpointSeen = false;
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
      if (r.writer === null) {
        legacy++;
        if (keyed) add({ chainPos: r.chain_pos, id: r.id, problem: 'an unkeyed row after keyed ones (the chain was recomputed without the key)' });
      } else keyed = true;
      const h = rowHash(r.prev_hash ?? '', r);
      if (h !== r.hash) add({ chainPos: r.chain_pos, id: r.id, problem: 'content does not match its hash (row was modified, or the chain recomputed without the key)' });
      if (cp && r.chain_pos === cp.pos) {
        checkpointSeen = true;
        if (r.hash !== cp.hash) add({ chainPos: r.chain_pos, id: r.id, problem: `the row at the checkpoint's position differs from the one the checkpoint of ${cp.at} signed (the chain was rewritten)` });
      }
      prev = r.hash ?? '';
      expectPos = r.chain_pos + 1;
      sealed++;
    }
  }
  if (expectPos - 1 !== head.pos) add({ chainPos: head.pos, id: null, problem: `chain ends at ${expectPos - 1} but the head records ${head.pos} (tail rows deleted)` });
  else if (head.pos > 0 && prev !== head.hash) add({ chainPos: head.pos, id: null, problem: 'last row hash differs from the head record' });
  if (cp && cp.pos > 0 && !checkpointSeen) add({ chainPos: cp.pos, id: null, problem: `the chain ends at ${expectPos - 1}, before the checkpoint of ${cp.at} at ${cp.pos} (the tail was truncated and the head rewound)` });
  const counts = (await sql<{ unsealed: number; rejected: number }>`
    select count(*) filter (where chain_pos is null and rejected is null)::int as unsealed, count(*) filter (where rejected is not null)::int as rejected from audit_log`.execute(db)).rows[0];
  const rejectedRows = (await sql<{ id: number; rejected: string }>`select id, rejected from audit_log where rejected is not null order by id limit ${maxProblems}`.execute(db)).rows;
  for (const r of rejectedRows) add({ chainPos: null, id: r.id, problem: `kept out of the chain: ${r.rejected}` });
  return { ok: problems.length === 0, sealed, unsealed: Number(counts?.unsealed ?? 0), rejected: Number(counts?.rejected ?? 0), legacy, problems };
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
