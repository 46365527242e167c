/**
 * Note snippets on this machine: the server's list as pull delivered it (stored in the page's
 * transaction, replacing the previous list whole) or as a supervisor's edit answered it. Read
 * back through SnippetSchema: a row this version of the app cannot use is left out, not shown.
 */
import { SnippetListSchema, SnippetSchema, type PullResponse, type Snippet, type SnippetList } from '@common/api';
import { relayCalls } from './bridge';
import type { GavelDb } from './db';

export const SNIPPETS_VERSION_KEY = 'snippets.version';

/** Replaces the stored list with the one a pull page carried, if it carried one. Call inside the page's transaction. */
export async function storePulledSnippets(db: GavelDb, list: PullResponse['snippets']): Promise<void> {
  if (!list) return;
  await db.snippets.clear();
  await db.snippets.bulkPut(list.snippets);
  await db.meta.put({ key: SNIPPETS_VERSION_KEY, value: list.version });
}

/** The version of the stored list (pull's `snippetsVersion`), or undefined when none is stored. */
export async function getSnippetsVersion(db: GavelDb): Promise<string | undefined> {
  const row = await db.meta.get(SNIPPETS_VERSION_KEY);
  return typeof row?.value === 'string' ? row.value : undefined;
}

/** Every stored snippet that passes the wire schema, in the server's order. */
export async function loadSnippets(db: GavelDb): Promise<Snippet[]> {
  const rows = await db.snippets.toArray();
  return rows
    .flatMap((r) => {
      const parsed = SnippetSchema.safeParse(r);
      return parsed.success ? [parsed.data] : [];
    })
    .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The snippet routes relayed to the backend (the server lets only supervisors and admins edit). */
export const snippetBackend = relayCalls('snippets');

/** Fetches the server's list now and stores it (after an edit: this desk sees it before the next pull). */
export async function refreshSnippets(db: GavelDb): Promise<SnippetList> {
  const list = SnippetListSchema.parse(await snippetBackend.list());
  await db.transaction('rw', [db.snippets, db.meta], () => storePulledSnippets(db, list));
  return list;
}
