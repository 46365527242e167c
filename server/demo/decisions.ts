import { sql, type Kysely } from 'kysely';
import type { Mutation } from '@common/api';
import type { ComplaintKind, Remedy, Verdict } from '@common/domain';
import type { PolicyRegistry } from '../services/policies';
import { SeededRandom } from '@common/qa/stats';
import { criticalFindingsAgainst } from '@common/rules';
import type { DB } from '../db/schema';
import { claimCases } from '../services/claims';
import type { StoredAssessment } from '../services/engine';
import { applyMutation } from '../services/sync';

/**
 * Demo history for supervisor QA: each arbitrator claims and decides some seeded cases through the
 * real claim and push paths (so every decision passed the server's validation and left the usual
 * change and audit rows), then the timestamps are spread over the past two weeks with realistic
 * handling times (a few very fast ones), so sampling plans, targeted draws and the dashboard have
 * something to show in a fresh standalone install.
 */
export async function seedDecisions(db: Kysely<DB>, policies: PolicyRegistry, opts: { perArbitrator?: number; seed?: number; anchor?: Date; exclude?: readonly string[] } = {}): Promise<number> {
  const per = opts.perArbitrator ?? 40;
  // Deterministic demo data per seed.
  const random = new SeededRandom(opts.seed ?? 7);
  const rnd = (): number => random.next();
  const pick = <T>(xs: readonly T[]): T => random.pick(xs);
  const exclude = new Set(opts.exclude ?? []);
  const arbitrators = (await db.selectFrom('users').select(['id', 'username']).where('role', '=', 'arbitrator').orderBy('username').execute()).filter((a) => !exclude.has(a.username));
  const anchor = (opts.anchor ?? new Date()).getTime();
  let n = 0;
  for (const [ai, a] of arbitrators.entries()) {
    const rows = await claimCases(db, { userId: a.id, queues: ['merchant', 'consumer'], count: per, offline: false, policy: policies.current() });
    // Arbitrators differ: the first leans to upholding, the last to rejecting, so agreement varies.
    const lean = arbitrators.length > 1 ? ai / (arbitrators.length - 1) : 0.5;
    for (const c of rows) {
      const kind = c.kind as ComplaintKind;
      const policy = await policies.forCase(c);
      const weights: Array<[Verdict, number]> = [
        ['upheld', 0.5 - 0.3 * lean],
        ['partially_upheld', 0.2],
        ['rejected', 0.3 + 0.3 * lean],
      ];
      let r = rnd();
      let verdict: Verdict = 'rejected';
      for (const [v, w] of weights) if ((r -= w) < 0) {
        verdict = v;
        break;
      }
      let codes = policy.reasonCodes[kind].filter((rc) => rc.verdicts.includes(verdict));
      if (codes.length === 0) {
        verdict = 'rejected';
        codes = policy.reasonCodes[kind].filter((rc) => rc.verdicts.includes(verdict));
      }
      if (codes.length === 0) continue;
      const allowed = policy.remediesByKind[kind].filter((x) => x !== 'no_action');
      const remedies: Remedy[] = verdict === 'rejected' || allowed.length === 0 ? ['no_action'] : [pick(allowed)];
      const against = criticalFindingsAgainst(verdict, (JSON.parse(c.view) as { assessment: StoredAssessment }).assessment).length > 0;
      const m: Mutation = {
        clientId: `seed-${a.username}-${c.id}`,
        type: 'decide',
        caseId: c.id,
        decision: {
          verdict,
          remedies,
          reasonCodes: [pick(codes).code],
          note: against ? '已核实证据，与系统提示不同 / evidence checked; differs from the flagged finding' : '',
          citedEvidence: [],
          decidedBy: a.id,
          decidedAt: new Date().toISOString(),
          policyVersion: policy.version,
          mutationId: `seed-${a.username}-${c.id}`,
        },
      };
      const res = await applyMutation({ db, policies, user: { id: a.id, role: 'arbitrator' } }, m);
      if (res.status !== 'applied') continue;
      // Spread over 14 days, but never before the case was filed (the demo files most cases in the
      // last two days); handling mostly 40 s – 8 min, one in ten under 15 s.
      const filed = new Date(c.filed_at).getTime();
      let decided = anchor - Math.floor(rnd() * 14 * 86_400_000) - 3_600_000;
      if (decided <= filed) decided = filed + Math.floor(rnd() * Math.max(60_000, anchor - filed - 60_000));
      const decidedAt = new Date(decided);
      const handling = rnd() < 0.1 ? 3 + rnd() * 11 : 40 + rnd() * rnd() * 440;
      const claimedAt = new Date(Math.max(filed, decided - handling * 1000));
      await sql`update changes set at = ${claimedAt} where case_id = ${c.id} and type = 'claimed'`.execute(db);
      await sql`update changes set at = ${decidedAt},
        payload = jsonb_set(payload, '{decision,decidedAt}', to_jsonb(${decidedAt.toISOString()}::text)) where case_id = ${c.id} and type = 'decided'`.execute(db);
      await sql`update cases set decided_at = ${decidedAt},
        decision = jsonb_set(decision, '{decidedAt}', to_jsonb(${decidedAt.toISOString()}::text)) where id = ${c.id}`.execute(db);
      n++;
    }
  }
  return n;
}
