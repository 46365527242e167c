/**
 * The world around an arbitrator's workstation, driven against a real server running in the test's
 * process: the platform (withdraws a complaint, adds evidence, through its HTTP API) and other
 * arbitrators (a lapsed lease claimed by someone else, a case decided elsewhere). Specs use it to
 * make the conflicts a workstation meets in real use.
 */
import { sql } from 'kysely';
import type { CaseView } from '../common/api';
import type { ComplaintKind, Decision } from '../common/domain';
import { DEFAULT_POLICY } from '../common/policy';
import type { RunningServer } from '../server/start';

type Login = { token: string; id: string };

async function login(server: RunningServer, username: string, password: string): Promise<Login> {
  const r = await fetch(new URL('v1/auth/login', server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!r.ok) throw new Error(`login ${username}: HTTP ${r.status}`);
  const body = (await r.json()) as { accessToken: string; user: { id: string } };
  return { token: body.accessToken, id: body.user.id };
}

async function call<T>(server: RunningServer, who: Login, method: string, route: string, body?: unknown): Promise<T> {
  const r = await fetch(new URL(route, server.url), { method, headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!r.ok) throw new Error(`${method} ${route}: HTTP ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** A decision the default policy accepts for this kind (rejected, no action). */
export function acceptableDecision(kind: ComplaintKind, userId: string, mutationId: string): Decision {
  const rc = DEFAULT_POLICY.reasonCodes[kind].find((r) => r.verdicts.includes('rejected'));
  return { verdict: 'rejected', remedies: ['no_action'], reasonCodes: rc ? [rc.code] : [], note: '另一位仲裁员的裁决', citedEvidence: [], decidedBy: userId, decidedAt: new Date().toISOString(), policyVersion: DEFAULT_POLICY.version, mutationId };
}

export type Platform = {
  /** The case as the server holds it now. */
  caseView(caseId: string): Promise<CaseView>;
  withdraw(caseId: string): Promise<void>;
  /** The platform appends a call record (a missed call from complainant to respondent). */
  addCall(caseId: string, callId: string): Promise<void>;
  /** The lease lapses and `username` claims the case (the claim's own path, aimed at this case). */
  reclaim(caseId: string, username: string, password: string): Promise<void>;
  /** As `reclaim`, then that arbitrator decides it. */
  decideElsewhere(caseId: string, username: string, password: string): Promise<void>;
  /** The `decided` changes the server recorded for a case (at most one, if nothing is applied twice). */
  decidedCount(caseId: string): Promise<number>;
};

export async function platform(server: () => RunningServer): Promise<Platform> {
  const admin = await login(server(), 'admin', 'gavel-demo-admin');
  const caseView = (caseId: string) => call<CaseView>(server(), admin, 'GET', `v1/cases/${caseId}`);
  const reclaim = async (caseId: string, username: string, password: string): Promise<Login> => {
    const s = server();
    const db = s.app.gavel.deps.db;
    await sql`update cases set lease_expires_at = now() - interval '1 minute' where id = ${caseId}`.execute(db);
    await s.app.gavel.sweep();
    // The highest priority the views know, for one claim: "take next" hands out this case first.
    const before = await db.selectFrom('cases').select('priority').where('id', '=', caseId).executeTakeFirstOrThrow();
    await db.updateTable('cases').set({ priority: 3 }).where('id', '=', caseId).execute();
    const other = await login(s, username, password);
    const claimed = await call<{ cases: CaseView[] }>(s, other, 'POST', 'v1/claims', { count: 1 });
    await db.updateTable('cases').set({ priority: before.priority }).where('id', '=', caseId).execute();
    if (claimed.cases[0]?.id !== caseId) throw new Error(`${username} claimed ${claimed.cases[0]?.id ?? 'nothing'}, not ${caseId}`);
    return other;
  };
  return {
    caseView,
    async withdraw(caseId) {
      const c = await caseView(caseId);
      await call(server(), admin, 'POST', `v1/platform/cases/${encodeURIComponent(c.externalId)}/withdraw`, { reason: '买家与商家已和解' });
    },
    async addCall(caseId, callId) {
      const c = await caseView(caseId);
      const b = c.bundle.case;
      await call(server(), admin, 'POST', `v1/platform/cases/${encodeURIComponent(c.externalId)}/evidence`, {
        calls: [{ id: callId, callerId: b.complainantId, calleeId: b.respondentId, at: new Date(Date.parse(b.filedAt) + 3_600_000).toISOString(), answered: false }],
      });
    },
    async reclaim(caseId, username, password) {
      await reclaim(caseId, username, password);
    },
    async decideElsewhere(caseId, username, password) {
      const other = await reclaim(caseId, username, password);
      const c = await caseView(caseId);
      const id = `elsewhere-${caseId}`;
      const res = await call<{ results: { status: string }[] }>(server(), other, 'POST', 'v1/sync/push', {
        mutations: [{ clientId: id, type: 'decide', caseId, leaseEpoch: c.claim?.epoch, evidenceVersion: c.evidenceVersion, decision: acceptableDecision(c.kind, other.id, id) }],
      });
      if (res.results[0]?.status !== 'applied') throw new Error(`deciding ${caseId} elsewhere: ${JSON.stringify(res.results[0])}`);
    },
    async decidedCount(caseId) {
      const rows = await server().app.gavel.deps.db.selectFrom('changes').select('seq').where('case_id', '=', caseId).where('type', '=', 'decided').execute();
      return rows.length;
    },
  };
}
