import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGliteDialect } from './pgliteDialect';

/**
 * The embedded database runs in the host's own process, which also serves the app's page and its
 * bridge. A long run of statements (the first run's demo import) must let that traffic in.
 */
describe('PGlite dialect', () => {
  let lite: PGlite;
  let db: Kysely<unknown>;
  beforeAll(async () => {
    lite = new PGlite();
    db = new Kysely<unknown>({ dialect: new PGliteDialect(lite) });
    await sql`create table t (n int)`.execute(db);
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('answers a request from the same process while statements run back to back', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      let answered = false;
      const request = fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
        .then((r) => r.text())
        .then((body) => {
          answered = body === 'ok';
        });
      // Statements one after the other, as an import runs them, until the answer is in (or 3,000 of
      // them: several seconds here). Each settles as a microtask; nothing else in this loop yields.
      let statements = 0;
      while (!answered && statements < 3_000) {
        await sql`insert into t select g from generate_series(1, 200) g`.execute(db);
        statements++;
      }
      const ranOut = statements >= 3_000;
      await request;
      // Had the loop never let the socket in, the answer would only come after the last statement.
      expect(ranOut, `answered only after all ${statements} statements`).toBe(false);
      expect(answered).toBe(true);
    } finally {
      server.close();
    }
  });
});
