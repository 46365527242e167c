/**
 * Every conflict converges, property-style: random interleavings of platform changes (evidence
 * added, withdrawal, a re-claim by another arbitrator) with an arbitrator's local decisions, syncs
 * and conflict resolutions, run against the real server through main's transport and the
 * renderer's store and engine. After any interleaving, draining (sync, resolve every conflict with
 * an action it offers, decide what is open, sync) must end with:
 * - no case stuck: nothing queued or in conflict; every case this machine shows as open is the
 *   arbitrator's and undecided on the server, with the server's evidence version; every case the
 *   server says is hers and open is here, open;
 * - every decision applied at most once (one `decided` change per case, the arbitrator's own);
 * - every conflict resolvable: each action offered succeeded, and the state one sync round later
 *   matches the server.
 */
import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '@common/api';
import type { ComplaintKind } from '@common/domain';
import { DEFAULT_POLICY } from '@common/policy';
import { fileVault } from '../main/services/session';
import { SyncService } from '../main/services/syncService';
import { startServer, type RunningServer } from '../server/start';
import { bundle, decisionFor } from '../testing/serverHarness';
import { applyClaimedCases } from '../src/data/casesRepo';
import { actionsFor, conflictKind } from '../src/data/conflictsRepo';
import { GavelDb } from '../src/data/db';
import type { ConflictRow } from '../src/data/rows';
import { recordDecision } from '../src/data/outboxRepo';
import { resolveConflictWith } from '../src/sync/conflictResolution';
import { SyncEngine } from '../src/sync/engine';
import { httpSyncPort } from '../testing/httpSyncPort';

const CASES = 4;
let dir: string;
let server: RunningServer;
let sync: SyncService;
let me: string;
let otherToken: string;
let adminToken: string;
let run = 0;
/** How often each kind of conflict came up, over all runs: the arbitrary must not be vacuous. */
const kindsSeen = new Map<string, number>();
/** Which actions the drain took on which kind of conflict (each checked to converge in one round). */
const actionsTaken = new Map<string, number>();

async function login(username: string, password: string): Promise<{ token: string; id: string }> {
  const r = await fetch(new URL('v1/auth/login', server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await r.json()) as { accessToken: string; user: { id: string } };
  return { token: body.accessToken, id: body.user.id };
}

function api(token: string, method: string, route: string, body?: unknown): Promise<Response> {
  return fetch(new URL(route, server.url), { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gavel-converge-'));
  server = await startServer({ host: '127.0.0.1', port: 0, dataDir: null, logger: false, demoAccounts: true });
  sync = new SyncService({ vault: fileVault(path.join(dir, 'vault')) });
  me = (await sync.login(server.url, 'arbitrator1', 'gavel-demo-1')).user!.id;
  otherToken = (await login('arbitrator2', 'gavel-demo-2')).token;
  adminToken = (await login('admin', 'gavel-demo-admin')).token;
}, 120_000);

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

type Command =
  | { type: 'evidence'; i: number; what: 'calls' | 'chats' }
  | { type: 'withdraw'; i: number }
  | { type: 'reclaim'; i: number }
  | { type: 'renew'; i: number }
  | { type: 'decide'; i: number }
  | { type: 'sync' }
  | { type: 'resolve'; j: number; pick: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('evidence' as const), i: fc.nat(CASES - 1), what: fc.constantFrom('calls' as const, 'chats' as const) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('withdraw' as const), i: fc.nat(CASES - 1) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('reclaim' as const), i: fc.nat(CASES - 1) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('renew' as const), i: fc.nat(CASES - 1) }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('decide' as const), i: fc.nat(CASES - 1) }) },
  { weight: 2, arbitrary: fc.constant({ type: 'sync' as const }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('resolve' as const), j: fc.nat(5), pick: fc.constantFrom(0, 1, 2) }) },
);

/** One world per run: fresh cases claimed by the arbitrator, a fresh local store and engine. */
async function world() {
  const n = run++;
  const externalIds = Array.from({ length: CASES }, (_, i) => `PROP-${n}-${i}`);
  const bundles = externalIds.map((ext, i) => {
    const b = bundle(1000 * n + i);
    b.case.externalId = ext;
    return b;
  });
  expect((await api(adminToken, 'POST', 'v1/import', bundles)).status).toBe(200);
  const db = server.app.gavel.deps.db;
  // Claimed first (priority above anything queued), as "take next" would hand them out.
  await db.updateTable('cases').set({ priority: 3 }).where('external_id', 'in', externalIds).execute();
  const port = httpSyncPort(sync);
  const claimed = await port.claim({ count: CASES, mode: 'online' });
  await db.updateTable('cases').set({ priority: 1 }).where('external_id', 'in', externalIds).execute();
  expect(claimed.cases.map((c) => c.externalId).sort()).toEqual(externalIds);
  const local = new GavelDb(`converge-${n}`, { owner: me });
  await applyClaimedCases(local, claimed.cases);
  const engine = new SyncEngine(local, port, { random: () => 0 });
  const ids = claimed.cases.map((c) => c.id);
  return { local, engine, port, ids, externalIds: claimed.cases.map((c) => c.externalId), kinds: claimed.cases.map((c) => c.kind) };
}

type World = Awaited<ReturnType<typeof world>>;
let decisionSeq = 0;

async function apply(w: World, c: Command): Promise<void> {
  const db = server.app.gavel.deps.db;
  switch (c.type) {
    case 'evidence': {
      const row = await db.selectFrom('cases').select(['bundle']).where('id', '=', w.ids[c.i]!).executeTakeFirstOrThrow();
      const b = row.bundle as { case: { complainantId: string; respondentId: string } };
      const id = `${c.what}-${decisionSeq++}`;
      const add =
        c.what === 'calls'
          ? { calls: [{ id, callerId: b.case.complainantId, calleeId: b.case.respondentId, at: '2026-11-20T00:00:00Z', answered: false }] }
          : { chats: [{ id, participantIds: [b.case.complainantId, b.case.respondentId], messages: [{ at: '2026-11-20T00:00:00Z', fromId: b.case.complainantId, text: '补充说明' }] }] };
      await api(adminToken, 'POST', `v1/platform/cases/${w.externalIds[c.i]}/evidence`, add);
      return;
    }
    case 'withdraw':
      await api(adminToken, 'POST', `v1/platform/cases/${w.externalIds[c.i]}/withdraw`, { reason: '已与商家和解' });
      return;
    case 'reclaim': {
      // The lease lapses and another arbitrator takes the case (the claim's own path, aimed at it).
      const id = w.ids[c.i]!;
      const state = await db.selectFrom('cases').select(['status', 'assignee_id']).where('id', '=', id).executeTakeFirstOrThrow();
      if (state.assignee_id !== me || !['queued', 'claimed', 'appealed'].includes(state.status)) return;
      await sql`update cases set lease_expires_at = now() - interval '1 minute' where id = ${id}`.execute(db);
      await server.app.gavel.sweep();
      await db.updateTable('cases').set({ priority: 3 }).where('id', '=', id).execute();
      await api(otherToken, 'POST', 'v1/claims', { count: 1 });
      await db.updateTable('cases').set({ priority: 1 }).where('id', '=', id).execute();
      return;
    }
    case 'renew': {
      // The lease lapses and this same account claims the case again (another of its machines, say):
      // a decision made here under the old lease is then a lost lease, not someone else's case.
      const id = w.ids[c.i]!;
      const state = await db.selectFrom('cases').select(['status', 'assignee_id']).where('id', '=', id).executeTakeFirstOrThrow();
      if (state.assignee_id !== me || !['queued', 'claimed', 'appealed'].includes(state.status)) return;
      await sql`update cases set lease_expires_at = now() - interval '1 minute' where id = ${id}`.execute(db);
      await server.app.gavel.sweep();
      await db.updateTable('cases').set({ priority: 3 }).where('id', '=', id).execute();
      await w.port.claim({ count: 1, mode: 'online' });
      await db.updateTable('cases').set({ priority: 1 }).where('id', '=', id).execute();
      return;
    }
    case 'decide': {
      const row = await w.local.cases.get(w.ids[c.i]!);
      if (row?.local !== 'open') return;
      await recordDecision(w.local, row.id, { ...decisionFor(w.kinds[c.i] as ComplaintKind, me, `d-${decisionSeq++}`), policyVersion: DEFAULT_POLICY.version });
      return;
    }
    case 'sync':
      await w.engine.syncNow().catch(() => undefined);
      return;
    case 'resolve': {
      const open = (await w.local.conflicts.toArray()).filter((x) => x.resolution === null);
      const conflict = open[c.j % Math.max(1, open.length)];
      if (conflict) await resolveChecked(w, conflict, c.pick);
      return;
    }
  }
}

/** The server's view of a case, as an admin sees it. */
async function serverCase(id: string): Promise<CaseView> {
  return (await (await api(adminToken, 'GET', `v1/cases/${id}`)).json()) as CaseView;
}

/** This machine agrees with the server about every case of the world. */
async function consistent(w: World): Promise<string[]> {
  const problems: string[] = [];
  // A case with a conflict still to resolve is rightly shown as one.
  const unresolved = new Set((await w.local.conflicts.toArray()).filter((x) => x.resolution === null).map((x) => x.caseId));
  for (const id of w.ids) {
    if (unresolved.has(id)) continue;
    const s = await serverCase(id);
    const local = await w.local.cases.get(id);
    const mineOpen = s.claim?.arbitratorId === me && !s.decision && ['queued', 'claimed', 'appealed', 'awaiting_evidence'].includes(s.status);
    if (mineOpen) {
      if (local?.local !== 'open') problems.push(`${id}: hers and open on the server, ${local ? local.local : 'missing'} here`);
      else if (local.evidenceVersion !== s.evidenceVersion) problems.push(`${id}: evidence v${local.evidenceVersion} here, v${s.evidenceVersion} on the server`);
    } else if (local?.local === 'open') problems.push(`${id}: open here, but ${s.status} held by ${s.claim?.arbitratorId === me ? 'her' : 'another'} on the server`);
    else if (local && local.local !== 'synced') problems.push(`${id}: ${local.local} here after draining`);
  }
  return problems;
}

/**
 * Any action offered must work, and converge within one sync round: the action meets no new
 * refusal, and this machine then agrees with the server about every case.
 */
async function resolveChecked(w: World, conflict: ConflictRow, pick: number): Promise<void> {
  const actions = actionsFor(conflict, me);
  const action = actions[pick % actions.length]!;
  const before = new Set(await w.local.conflicts.toCollection().primaryKeys());
  const taken = `${conflictKind(conflict, me)}:${action}`;
  actionsTaken.set(taken, (actionsTaken.get(taken) ?? 0) + 1);
  await resolveConflictWith(w.local, w.port, me, conflict.clientId, action);
  await w.engine.syncNow();
  const what = `after "${action}" on a ${conflict.result.status} ${conflict.result.reason} conflict`;
  expect((await w.local.conflicts.toArray()).filter((x) => !before.has(x.clientId)).map((x) => `${x.result.status} ${x.result.reason}`), what).toEqual([]);
  expect(await consistent(w), what).toEqual([]);
}

async function drain(w: World, picks: readonly number[]): Promise<void> {
  let k = 0;
  for (let round = 0; round < 4; round++) {
    await w.engine.syncNow();
    const open = (await w.local.conflicts.toArray()).filter((x) => x.resolution === null);
    for (const conflict of open) await resolveChecked(w, conflict, picks[k++ % Math.max(1, picks.length)] ?? 0);
    for (let i = 0; i < w.ids.length; i++) await apply(w, { type: 'decide', i });
    await w.engine.syncNow();
    const left = (await w.local.conflicts.toArray()).filter((x) => x.resolution === null).length + (await w.local.outbox.count());
    if (left === 0) return;
  }
  throw new Error('conflicts kept coming back: not converging');
}

describe('conflicts converge under any interleaving of platform changes and local work', () => {
  it('no case stuck, every decision applied at most once, every conflict resolvable', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 4, maxLength: 14 }), fc.array(fc.constantFrom(0, 1, 2), { minLength: 1, maxLength: 6 }), async (commands, picks) => {
        const w = await world();
        try {
          for (const c of commands) await apply(w, c);
          await drain(w, picks);
          for (const c of await w.local.conflicts.toArray()) {
            const kind = conflictKind(c, me);
            kindsSeen.set(kind, (kindsSeen.get(kind) ?? 0) + 1);
          }
          expect(await w.local.outbox.count()).toBe(0);
          expect(await consistent(w)).toEqual([]);
          // At most once: one `decided` change per case, and it is this arbitrator's.
          const db = server.app.gavel.deps.db;
          const decided = await db.selectFrom('changes').select(['case_id']).where('type', '=', 'decided').where('case_id', 'in', w.ids).execute();
          expect(new Set(decided.map((d) => d.case_id)).size).toBe(decided.length);
          for (const { case_id } of decided) expect((await serverCase(case_id)).decision?.decidedBy).toBe(me);
          // Each decision the server applied is one this machine recorded as applied.
          for (const { case_id } of decided) {
            const mutationId = (await serverCase(case_id)).decision!.mutationId;
            expect(await w.local.decisions.get(mutationId)).toMatchObject({ state: 'applied' });
          }
        } finally {
          w.local.close();
          await w.local.delete();
        }
      }),
      {
        numRuns: Number(process.env.GAVEL_PROPERTY_RUNS ?? 20),
        seed: Number(process.env.GAVEL_PROPERTY_SEED ?? 20261206),
        endOnFailure: true,
        // Besides the random runs, one of each conflict met with each action it offers.
        examples: [
          [[{ type: 'decide', i: 0 }, { type: 'withdraw', i: 0 }, { type: 'sync' }], [0]],
          [[{ type: 'reclaim', i: 1 }, { type: 'decide', i: 1 }, { type: 'sync' }], [0]],
          [[{ type: 'decide', i: 3 }, { type: 'renew', i: 3 }, { type: 'sync' }], [0]],
          [[{ type: 'decide', i: 3 }, { type: 'renew', i: 3 }, { type: 'sync' }], [1]],
          [[{ type: 'decide', i: 3 }, { type: 'renew', i: 3 }, { type: 'sync' }], [2]],
          ...[0, 1, 2].map((pick): [Command[], number[]] => [[{ type: 'evidence', i: 2, what: 'calls' }, { type: 'decide', i: 2 }, { type: 'sync' }], [pick]]),
        ],
      },
    );
    // Every kind the platform changes here can cause came up and was resolved.
    for (const kind of ['withdrawn', 'new_evidence', 'reclaimed', 'lease_lost']) expect(kindsSeen.get(kind) ?? 0, `${kind} conflicts met (${JSON.stringify([...kindsSeen])})`).toBeGreaterThan(0);
    // ...and every action each of them offers was taken, and checked, at least once.
    for (const taken of ['withdrawn:discarded', 'reclaimed:discarded', 'lease_lost:redecided', 'lease_lost:sent_to_supervisor', 'lease_lost:discarded', 'new_evidence:redecided', 'new_evidence:sent_to_supervisor', 'new_evidence:discarded'])
      expect(actionsTaken.get(taken) ?? 0, `${taken} taken (${JSON.stringify([...actionsTaken])})`).toBeGreaterThan(0);
  }, 600_000);
});
