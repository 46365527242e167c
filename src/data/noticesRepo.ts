/**
 * The inbox on this machine: notices (overrides and QA results on this user's decisions) fetched
 * from the server through main after each sync round, stored in the open pair's store, and their
 * read state, kept here at once and sent to the server so every machine of this user agrees.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { NoticeListSchema, NoticesReadRequestSchema, type NoticeList } from '@common/api';
import { relayCalls } from './bridge';
import type { GavelDb } from './db';
import type { NoticeRow } from './rows';
import { useOpenStore } from './stores';

type NoticePort = {
  list(): Promise<NoticeList>;
  markRead(request: { ids: string[] }): Promise<{ read: number }>;
};

/** The relayed routes (`notices:list`, `notices:markRead`); tests pass a port of their own. */
const relayPort = (): NoticePort => relayCalls('notices');

/**
 * Replaces the stored notices with the server's list, validated before anything is written. A
 * notice read here but not yet on the server stays read; one the server no longer lists leaves.
 * `stillOpen` says whether `db` is still the open pair's store (the answer is that pair's).
 */
export async function refreshNotices(db: GavelDb, port: NoticePort = relayPort(), stillOpen: () => boolean = () => true): Promise<void> {
  await flushNoticeReads(db, port);
  const parsed = NoticeListSchema.safeParse(await port.list());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the server's notices are malformed at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  if (!stillOpen()) return;
  await db.transaction('rw', db.notices, async () => {
    const pending = new Set(await db.notices.where('readPending').equals(1).primaryKeys());
    const rows: NoticeRow[] = parsed.data.notices.map((n) => {
      const readHere = pending.has(n.id);
      return { ...n, unread: n.readAt === null && !readHere ? 1 : 0, readPending: n.readAt === null && readHere ? 1 : 0 };
    });
    const listed = new Set(rows.map((r) => r.id));
    const gone = (await db.notices.toCollection().primaryKeys()).filter((id) => !listed.has(id));
    if (gone.length) await db.notices.bulkDelete(gone);
    await db.notices.bulkPut(rows);
  });
}

/** Sends the read marks the server has not seen yet; what fails stays pending for the next round. */
export async function flushNoticeReads(db: GavelDb, port: NoticePort = relayPort()): Promise<void> {
  const ids = (await db.notices.where('readPending').equals(1).primaryKeys()).slice(0, 500);
  if (ids.length === 0) return;
  await port.markRead(NoticesReadRequestSchema.parse({ ids }));
  await db.notices.where('id').anyOf(ids).modify({ readPending: 0 });
}

/** Marks notices read here at once (the badge drops), then tells the server (retried after the next sync if that fails). */
export async function markNoticesRead(db: GavelDb, ids: readonly string[], port: NoticePort = relayPort()): Promise<void> {
  if (ids.length === 0) return;
  await db.notices.where('id').anyOf([...ids]).and((n) => n.unread === 1).modify({ unread: 0, readPending: 1 });
  await flushNoticeReads(db, port).catch(() => undefined);
}

export type InboxNotice = NoticeRow & { local: boolean };

/** Every notice, newest first, with whether its case is on this machine (so the inbox can open it). */
export function useInboxNotices(): InboxNotice[] | undefined {
  const db = useOpenStore()?.db ?? null;
  return useLiveQuery(async () => {
    if (!db) return [];
    const notices = (await db.notices.toArray()).sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
    const cases = await db.cases.bulkGet(notices.map((n) => n.caseId));
    return notices.map((n, i) => ({ ...n, local: cases[i] !== undefined }));
  }, [db]);
}

/** Notices not yet shown in the inbox: the shell's badge. */
export function useUnreadNoticeCount(): number {
  const db = useOpenStore()?.db ?? null;
  return useLiveQuery(async () => (db ? await db.notices.where('unread').equals(1).count() : 0), [db], 0);
}
