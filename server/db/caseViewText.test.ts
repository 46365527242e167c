import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { bundle } from '../../testing/serverHarness';
import { DEFAULT_POLICY } from '@common/policy';
import { parseCaseBundle } from '@common/domain';
import { bundleTextColumns, caseViewTexts, importBatch } from '../services/cases';
import { PolicyRegistry } from '../services/policies';
import { migrate } from './migrations';
import { PGliteDialect } from './pgliteDialect';
import type { DB } from './schema';

/**
 * Case views are spliced from the bundle's stored text (migration 23): the header as jsonb, the rest
 * as the text after it. What a user would see go wrong is a view carrying an older bundle than the
 * stored one (new evidence missing) or JSON that does not parse; both are checked here, for cases
 * that existed before the migration and for bundles written after it.
 */
describe('case view text (pglite)', () => {
  const lite = new PGlite();
  const db = new Kysely<DB>({ dialect: new PGliteDialect(lite) });
  afterAll(async () => db.destroy());

  const view = async (id: string) => JSON.parse((await caseViewTexts(db, [id])).get(id)!) as { id: string; status: string; bundle: Record<string, unknown> & { case: Record<string, unknown> } };
  /** The stored bundle with the header fields the view overlays (status, claim, decision) left out on both sides. */
  const withoutOverlay = (b: Record<string, unknown> & { case: Record<string, unknown> }) => {
    const { status: _s, claim: _c, decision: _d, ...header } = b.case;
    return { ...b, case: header };
  };
  const stored = async (id: string) => (await db.selectFrom('cases').select('bundle').where('id', '=', id).executeTakeFirstOrThrow()).bundle as Record<string, unknown> & { case: Record<string, unknown> };

  it('fills the text for cases stored before it, then follows every write of the bundle', async () => {
    await migrate(db, 22);
    const policies = new PolicyRegistry(db);
    await policies.ensureSeeded(DEFAULT_POLICY);
    // Rows as a v22 server wrote them (today's import writes the new columns itself).
    const [old1, old2] = ['old-1', 'old-2'];
    for (const [n, id] of [[1, old1], [2, old2]] as const) {
      const b = parseCaseBundle(bundle(9000 + n));
      if (!b.ok) throw new Error('fixture bundle invalid');
      await sql`insert into cases (id, external_id, kind, queue, status, priority, filed_at, due_at, bundle, bundle_hash, findings)
        values (${id}, ${b.value.case.externalId}, ${b.value.case.kind}, 'merchant', 'queued', 1, ${b.value.case.filedAt}, ${b.value.case.dueAt}, ${JSON.stringify(b.value)}, 'h', '{}')`.execute(db);
    }

    // More than one slice of the backfill (500 a statement).
    await sql`insert into cases (id, external_id, kind, queue, status, priority, filed_at, due_at, bundle, bundle_hash, findings)
      select 'bulk-' || g, 'EXT-BULK-' || g, kind, queue, status, priority, filed_at, due_at, bundle, bundle_hash, findings
      from cases, generate_series(1, 600) g where id = ${old1}`.execute(db);

    expect(await migrate(db)).toContain(23);
    const left = await sql<{ n: number }>`select count(*)::int as n from cases where bundle_rest is null or bundle_case is null`.execute(db);
    expect(left.rows[0]!.n).toBe(0);
    expect(withoutOverlay((await view('bulk-600')).bundle)).toEqual(withoutOverlay(await stored('bulk-600')));
    for (const id of [old1, old2]) expect(withoutOverlay((await view(id)).bundle)).toEqual(withoutOverlay(await stored(id)));

    // A bundle written later (the platform adds evidence: any writer, here plain SQL) is what the view carries.
    await sql`update cases set bundle = jsonb_set(bundle, '{traces}', '[]'::jsonb) || '{"chats": [{"id": "late", "text": "新证据"}]}'::jsonb where id = ${old1}`.execute(db);
    const v1 = await view(old1);
    expect(v1.bundle.traces).toEqual([]);
    expect(v1.bundle.chats).toEqual([{ id: 'late', text: '新证据' }]);
    expect(withoutOverlay(v1.bundle)).toEqual(withoutOverlay(await stored(old1)));
    // A write that leaves the bundle alone (a claim, a decision) keeps the text as it was.
    await sql`update cases set priority = 3 where id = ${old2}`.execute(db);
    expect(withoutOverlay((await view(old2)).bundle)).toEqual(withoutOverlay(await stored(old2)));

    // The import writes the columns from Node (not the trigger): the same bundle either way.
    const admin = (await sql<{ id: string }>`insert into users (id, username, password_hash, role, display_name) values ('admin-1', 'admin', 'x', 'admin', 'Admin') returning id`.execute(db)).rows[0]!.id;
    const [fresh] = await importBatch({ db, policies, actorId: admin }, [{ index: 0, raw: bundle(9003) }]);
    const freshId = (fresh as { caseId: string }).caseId;
    expect(withoutOverlay((await view(freshId)).bundle)).toEqual(withoutOverlay(await stored(freshId)));
    const both = await sql<{ node: string; pg: string }>`select bundle_rest as node, bundle_rest_text(bundle) as pg from cases where id = ${freshId}`.execute(db);
    expect(JSON.parse(`{"case":0${both.rows[0]!.node}`)).toEqual(JSON.parse(`{"case":0${both.rows[0]!.pg}`));

    // A bundle holding nothing but its header still makes a view that parses.
    await sql`update cases set bundle = jsonb_build_object('case', bundle -> 'case') where id = ${old2}`.execute(db);
    expect(Object.keys((await view(old2)).bundle)).toEqual(['case']);
    // The overlay is the server's lifecycle, whatever the stored header says.
    expect((await view(old2)).bundle.case.status).toBe('queued');
  });

  it('cuts the header out of the bundle text wherever the header stands among its members', () => {
    const shapes = [{ schemaVersion: 1, case: { a: '"case":{' }, parties: [1], orders: [] }, { case: { a: 1 }, parties: [1] }, { parties: [1], case: { a: 1 } }, { case: { a: 1 } }, { x: 1, case: { a: 1 }, y: 2 }];
    for (const b of shapes) {
      const cols = bundleTextColumns(b as never, JSON.stringify(b));
      const { case: header, ...rest } = JSON.parse(`{"case":${cols.bundle_case}${cols.bundle_rest}`) as Record<string, unknown>;
      expect([header, rest]).toEqual([b.case, Object.fromEntries(Object.entries(b).filter(([k]) => k !== 'case'))]);
    }
    expect(() => bundleTextColumns({ case: { a: 1 } } as never, '{"case":{"a":2}}')).toThrow(/case header/);
  });
});
