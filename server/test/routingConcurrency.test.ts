import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, SkillsSaveRequest } from '@common/api';
import { COMPLAINT_KINDS, CONSUMER_KINDS, MERCHANT_KINDS, routingReasons, type ComplaintKind, type SkillProfile } from '@common/domain';
import { importBatch } from '../services/cases';
import { loadRules, routedCase } from '../services/routing';
import { bundle, call, freshPgUrl, makeEnv, PG_SKIP_REASON, seedUsers, type Session, type TestEnv } from '../../testing/serverHarness';

const CASES = 1500;

/** Profiles of the claimers: seniors and juniors, narrow and wide, one with the luxury tag. */
const PROFILES: Record<string, Omit<SkillsSaveRequest, 'userId'>> = {
  seniorAll: { kinds: [...COMPLAINT_KINDS], queues: ['merchant', 'consumer', 'appeals'], languages: ['zh-CN', 'en'], seniority: 'senior', tags: ['luxury'] },
  seniorAll2: { kinds: [...COMPLAINT_KINDS], queues: ['merchant', 'consumer', 'appeals'], languages: ['zh-CN'], seniority: 'senior', tags: [] },
  juniorAll: { kinds: [...COMPLAINT_KINDS], queues: ['merchant', 'consumer', 'appeals'], languages: ['zh-CN'], seniority: 'junior', tags: [] },
  juniorAll2: { kinds: [...COMPLAINT_KINDS], queues: ['merchant', 'consumer', 'appeals'], languages: ['zh-CN', 'en'], seniority: 'junior', tags: ['luxury'] },
  juniorMerchant: { kinds: [...MERCHANT_KINDS], queues: ['merchant'], languages: ['zh-CN'], seniority: 'junior', tags: [] },
  seniorConsumer: { kinds: [...CONSUMER_KINDS], queues: ['consumer'], languages: ['zh-CN'], seniority: 'senior', tags: [] },
  juniorQuality: { kinds: ['quality', 'not_as_described'], queues: ['consumer'], languages: ['zh-CN', 'en'], seniority: 'junior', tags: [] },
  seniorMerchantEn: { kinds: [...MERCHANT_KINDS], queues: ['merchant'], languages: ['en'], seniority: 'senior', tags: ['luxury'] },
};

/**
 * Skills under concurrency, on PostgreSQL: two server instances, eight arbitrators with different
 * profiles claiming in parallel (online and offline, batches of 1–5) until nobody gets anything;
 * then nobody holds a case outside their skills or against a rule, no case went to two people, and
 * every case someone could take was taken.
 */
describe.skipIf(PG_SKIP_REASON !== null)(`routing under concurrent claims on PostgreSQL${PG_SKIP_REASON ? `: SKIPPED (${PG_SKIP_REASON})` : ''}`, () => {
  let a: TestEnv;
  let b: TestEnv;
  let release = () => {};
  let sessions: Record<string, Session> = {};
  beforeAll(async () => {
    const fresh = await freshPgUrl();
    release = fresh.release;
    a = await makeEnv('postgres', { url: fresh.url });
    b = await makeEnv('postgres', { url: fresh.url });
    sessions = await seedUsers(a.app, ['admin', ...Object.keys(PROFILES)]);
    for (const [name, p] of Object.entries(PROFILES)) {
      const r = await call(a.app, sessions.admin!, 'POST', '/v1/routing/skills', { userId: sessions[name]!.userId, ...p });
      expect(r.statusCode, r.body).toBe(200);
    }
    // A skill-tag rule on big amounts, beside the seeded seniority rules for serious kinds.
    const rule = { id: 'big-luxury', name: 'big amounts need luxury', priority: 10, enabled: true, kind: null, queue: null, minAmountFen: 500_000, language: null, minSeniority: null, requiredSkill: 'luxury' };
    expect((await call(a.app, sessions.admin!, 'POST', '/v1/routing/rules', rule)).statusCode).toBe(200);
    const adminId = sessions.admin!.userId;
    for (let i = 0; i < CASES; i += 500) {
      const items = Array.from({ length: Math.min(500, CASES - i) }, (_, k) => ({ index: k, raw: bundle(i + k, { kind: COMPLAINT_KINDS[(i + k) % COMPLAINT_KINDS.length] }) }));
      await importBatch({ db: a.database.db, policies: a.app.gavel.deps.policies, actorId: adminId }, items);
    }
    // Spread amounts and languages deterministically so every rule and profile dimension bites.
    await sql`update cases set amount_fen = (abs(hashtext(id)) % 1000000), language = case when abs(hashtext(external_id)) % 5 = 0 then 'en' else 'zh-CN' end`.execute(a.database.db);
  }, 180_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    release();
  });

  it('nobody is ever handed a case outside their skills', async () => {
    const names = Object.keys(PROFILES);
    const claimedBy = new Map<string, string[]>();
    const claimer = async (name: string, k: number) => {
      const app = k % 2 === 0 ? a.app : b.app;
      for (let round = 0; round < CASES; round++) {
        const res = await call(app, sessions[name]!, 'POST', '/v1/claims', { count: 1 + (round % 5), mode: round % 7 === 3 ? 'offline' : 'online' });
        expect(res.statusCode, res.body).toBe(200);
        const got = res.json<{ cases: CaseView[] }>().cases;
        // An offline claim can come back empty at the offline cap while online ones still get cases.
        if (got.length === 0 && round % 7 !== 3) return;
        for (const c of got) claimedBy.set(c.id, [...(claimedBy.get(c.id) ?? []), name]);
      }
    };
    await Promise.all(names.map((n, k) => claimer(n, k)));

    expect([...claimedBy.values()].filter((v) => v.length > 1)).toEqual([]);
    const db = a.database.db;
    const rules = await loadRules(db);
    const rows = await db.selectFrom('cases').select(['id', 'kind', 'queue', 'amount_fen', 'language', 'assignee_id', 'leased']).execute();
    const byUser = new Map(names.map((n) => [sessions[n]!.userId, n]));
    const profile = (n: string): SkillProfile => PROFILES[n]! as SkillProfile;
    const outside: string[] = [];
    const untaken: string[] = [];
    for (const r of rows) {
      const c = routedCase({ ...r, kind: r.kind as ComplaintKind });
      const holder = r.assignee_id ? byUser.get(r.assignee_id) : undefined;
      if (holder) {
        const why = routingReasons(c, profile(holder), rules);
        if (why.length > 0) outside.push(`${r.id} (${r.kind}, ${r.queue}, ${c.amountFen}, ${c.language}) held by ${holder}: ${why.map((w) => w.code).join(', ')}`);
      } else if (names.some((n) => routingReasons(c, profile(n), rules).length === 0)) untaken.push(r.id);
    }
    expect(outside).toEqual([]);
    expect(untaken).toEqual([]);
    // The rules did bite: some cases had only some people to go to, and the serious ones went to seniors only.
    expect(rows.filter((r) => r.assignee_id).length).toBe(claimedBy.size);
    const serious = rows.filter((r) => r.kind === 'counterfeit' || r.kind === 'false_advertising');
    expect(serious.length).toBeGreaterThan(0);
    expect(serious.every((r) => PROFILES[byUser.get(r.assignee_id ?? '') ?? '']?.seniority === 'senior')).toBe(true);
  }, 180_000);
});
