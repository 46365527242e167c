import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@common/policy';
import { buildApp } from '../app';
import { openDatabase, type Database } from '../db/database';
import { importBatch } from '../services/cases';
import { bundle, call, decisionFor, freshPgUrl, PG_SKIP_REASON, seedUsers, type Session } from '../../testing/serverHarness';
import type { FastifyInstance } from 'fastify';
import type { CaseView } from '@common/api';

/**
 * The hot statements (claim, apply a mutation) are named prepared statements: parsed and planned
 * once per connection, then reused. One pooled connection makes "per connection" observable.
 */
describe.skipIf(PG_SKIP_REASON !== null)(`prepared hot statements on PostgreSQL${PG_SKIP_REASON ? `: SKIPPED (${PG_SKIP_REASON})` : ''}`, () => {
  let release = () => {};
  let database: Database;
  let app: FastifyInstance;
  let s: Record<string, Session>;
  beforeAll(async () => {
    const fresh = await freshPgUrl();
    release = fresh.release;
    database = await openDatabase({ url: fresh.url, poolSize: 1 });
    app = await buildApp({ db: database.db, engine: 'postgres', policy: DEFAULT_POLICY, logger: false, background: false });
    s = await seedUsers(app, ['arb1', 'admin']);
    await importBatch({ db: database.db, policies: app.gavel.deps.policies, actorId: s.admin!.userId }, Array.from({ length: 6 }, (_, i) => ({ index: i, raw: bundle(i) })));
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    release();
  });

  it('plans the claim and the decide once per connection and reuses them', async () => {
    for (let i = 0; i < 3; i++) {
      const cl = await call(app, s.arb1!, 'POST', '/v1/claims', { count: 1 });
      expect(cl.statusCode, cl.body).toBe(200);
      const c = cl.json<{ cases: CaseView[] }>().cases[0]!;
      const id = `m${i}`;
      const push = await call(app, s.arb1!, 'POST', '/v1/sync/push', { mutations: [{ clientId: id, type: 'decide', caseId: c.id, decision: decisionFor(c.kind, s.arb1!.userId, id) }] });
      expect(push.json<{ results: Array<{ status: string }> }>().results[0], push.body).toMatchObject({ status: 'applied' });
    }
    const stmts = (await sql<{ name: string; statement: string; generic_plans: number; custom_plans: number }>`
      select name, statement, generic_plans, custom_plans from pg_prepared_statements`.execute(database.db)).rows;
    const claim = stmts.filter((p) => p.statement.includes('for update skip locked'));
    const decide = stmts.filter((p) => p.statement.includes('insert into mutations'));
    // One statement each, executed three times on this one connection.
    expect(claim).toHaveLength(1);
    expect(decide).toHaveLength(1);
    expect(claim[0]!.generic_plans + claim[0]!.custom_plans).toBe(3);
    expect(decide[0]!.generic_plans + decide[0]!.custom_plans).toBe(3);
  });
});
