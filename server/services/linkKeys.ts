/**
 * The link-key index (docs/clusters.md, migration 15): the keys of every case (common/domain/links.ts)
 * in case_link_keys, written at import and when evidence is added. Apart from links.ts (the route,
 * which reads QA state) so the import can write keys without importing the QA services.
 */
import type { Kysely, Transaction } from 'kysely';
import { linkKeys, type CaseBundle } from '@common/domain';
import type { DB } from '../db/schema';

type Db = Kysely<DB> | Transaction<DB>;

/** Key rows written per statement. */
const INSERT_CHUNK = 2_000;
const LABEL_MAX = 500;

/** (Re)writes the link keys of the given cases: their old keys go, the bundle's keys come. */
export async function writeLinkKeys(db: Db, items: ReadonlyArray<{ caseId: string; bundle: CaseBundle }>): Promise<void> {
  if (items.length === 0) return;
  await db.deleteFrom('case_link_keys').where('case_id', 'in', items.map((i) => i.caseId)).execute();
  const rows = items.flatMap((i) => linkKeys(i.bundle).map((k) => ({ key_type: k.type, key_value: k.value, case_id: i.caseId, label: k.label.slice(0, LABEL_MAX) })));
  for (let at = 0; at < rows.length; at += INSERT_CHUNK) await db.insertInto('case_link_keys').values(rows.slice(at, at + INSERT_CHUNK)).execute();
}

/** Fills the keys of cases that have none (cases imported before migration 15), a page at a time. */
export async function backfillLinkKeys(db: Kysely<DB>, page = 500): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await db
      .selectFrom('cases as c')
      .select(['c.id', 'c.bundle'])
      .where((eb) => eb.not(eb.exists(eb.selectFrom('case_link_keys as k').select('k.case_id').whereRef('k.case_id', '=', 'c.id'))))
      .limit(page)
      .execute();
    if (rows.length === 0) return done;
    await writeLinkKeys(db, rows.map((r) => ({ caseId: r.id, bundle: r.bundle as CaseBundle })));
    done += rows.length;
  }
}
