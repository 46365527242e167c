/**
 * Macros on this machine: this user's list (the shared ones and their own) as pull delivered it,
 * stored in the page's transaction and replacing the previous list whole, or as an edit in Settings
 * answered it. Read back through MacroSchema: a row this version of the app cannot use is left
 * out, not applied.
 */
import { MacroListSchema, MacroSchema, type Macro, type MacroList, type PullResponse } from '@common/api';
import { relayCalls } from './bridge';
import type { GavelDb } from './db';

export const MACROS_VERSION_KEY = 'macros.version';

/** Replaces the stored list with the one a pull page carried, if it carried one. Call inside the page's transaction. */
export async function storePulledMacros(db: GavelDb, list: PullResponse['macros']): Promise<void> {
  if (!list) return;
  await db.macros.clear();
  await db.macros.bulkPut(list.macros);
  await db.meta.put({ key: MACROS_VERSION_KEY, value: list.version });
}

/** The version of the stored list (pull's `macrosVersion`), or undefined when none is stored. */
export async function getMacrosVersion(db: GavelDb): Promise<string | undefined> {
  const row = await db.meta.get(MACROS_VERSION_KEY);
  return typeof row?.value === 'string' ? row.value : undefined;
}

/** Every stored macro that passes the wire schema: by kind, then position (the order their keys follow). */
export async function loadMacros(db: GavelDb): Promise<Macro[]> {
  const rows = await db.macros.toArray();
  return rows
    .flatMap((r) => {
      const parsed = MacroSchema.safeParse(r);
      return parsed.success ? [parsed.data] : [];
    })
    .sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The macro routes relayed to the backend (the server decides who may change which). */
export const macroBackend = relayCalls('macros');

/** Fetches this user's list now and stores it (after an edit: this desk sees it before the next pull). */
export async function refreshMacros(db: GavelDb): Promise<MacroList> {
  const list = MacroListSchema.parse(await macroBackend.list());
  await db.transaction('rw', [db.macros, db.meta], () => storePulledMacros(db, list));
  return list;
}
