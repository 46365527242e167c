import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '@common/api';
import { importBatch } from '../services/cases';
import { bundle, call, freshPgUrl, makeEnv, PG_SKIP_REASON, seedUsers, type Session, type TestEnv } from '../../testing/serverHarness';

const CASES = 5000;
const CLAIMERS = 20;

/** Two server instances on one PostgreSQL database, 20 claimers racing over 5,000 cases. */
describe.skipIf(PG_SKIP_REASON !== null)(`concurrent claims on PostgreSQL${PG_SKIP_REASON ? `: SKIPPED (${PG_SKIP_REASON})` : ''}`, () => {
  let a: TestEnv;
  let b: TestEnv;
  let release = () => {};
  let sessions: Session[] = [];
  beforeAll(async () => {
    const fresh = await freshPgUrl();
    release = fresh.release;
    a = await makeEnv('postgres', { url: fresh.url });
    b = await makeEnv('postgres', { url: fresh.url });
    const names = Array.from({ length: CLAIMERS }, (_, i) => `claimer${i}`);
    const s = await seedUsers(a.app, names);
    sessions = names.map((n) => s[n]!);
    const admin = (await a.database.db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
    for (let i = 0; i < CASES; i += 500) {
      const items = Array.from({ length: Math.min(500, CASES - i) }, (_, k) => ({ index: k, raw: bundle(i + k) }));
      await importBatch({ db: a.database.db, policies: a.app.gavel.deps.policies, actorId: admin }, items);
    }
  }, 180_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    release();
  });

  it('never hands one case to two arbitrators', async () => {
    const claimedBy = new Map<string, number[]>();
    const claimer = async (k: number) => {
      const app = k % 2 === 0 ? a.app : b.app;
      // Bounded: at most CASES claims can succeed in total.
      for (let round = 0; round < CASES; round++) {
        const res = await call(app, sessions[k]!, 'POST', '/v1/claims', { count: 1 + (round % 5) });
        expect(res.statusCode, res.body).toBe(200);
        const got = res.json<{ cases: CaseView[] }>().cases;
        if (got.length === 0) return;
        for (const c of got) claimedBy.set(c.id, [...(claimedBy.get(c.id) ?? []), k]);
      }
    };
    await Promise.all(Array.from({ length: CLAIMERS }, (_, k) => claimer(k)));
    const doubles = [...claimedBy.values()].filter((v) => v.length > 1);
    expect(doubles).toEqual([]);
    expect(claimedBy.size).toBe(CASES);
    const epochs = await a.database.db.selectFrom('cases').select((eb) => [eb.fn.max('lease_epoch').as('max'), eb.fn.countAll<number>().as('n')]).where('leased', '=', true).executeTakeFirstOrThrow();
    expect(Number(epochs.n)).toBe(CASES);
    expect(Number(epochs.max)).toBe(1);
  }, 120_000);
});
