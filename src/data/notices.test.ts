import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NoticeList, NoticeView } from '@common/api';
import { GavelDb, storeSchemaAt } from './db';
import { markNoticesRead, refreshNotices } from './noticesRepo';

let db: GavelDb;
let n = 0;
beforeEach(async () => {
  db = new GavelDb(`notices-test-${n++}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const notice = (i: number, over: Partial<NoticeView> = {}): NoticeView => ({
  id: `nt-${i}`,
  caseId: `case-${i}`,
  externalId: `EXT-${i}`,
  kind: 'quality',
  type: 'override',
  at: `2026-11-2${i}T08:00:00.000Z`,
  byId: 'sup-1',
  byName: '王主管',
  note: '证据不支持原判',
  previous: { verdict: 'upheld', remedies: ['refund_buyer'], reasonCodes: [] },
  decision: { verdict: 'rejected', remedies: ['no_action'], reasonCodes: [] },
  readAt: null,
  ...over,
});

/** A server in memory: the list it answers, and the read marks it received (the route's rules). */
function fakeServer(notices: NoticeView[]) {
  const reads: string[][] = [];
  let failReads = false;
  return {
    reads,
    failReads: (v: boolean) => {
      failReads = v;
    },
    port: {
      list: (): Promise<NoticeList> => Promise.resolve({ notices: notices.map((x) => ({ ...x })), unread: notices.filter((x) => x.readAt === null).length }),
      markRead: ({ ids }: { ids: string[] }): Promise<{ read: number }> => {
        if (failReads) return Promise.reject(new Error('offline'));
        reads.push(ids);
        let read = 0;
        for (const x of notices)
          if (ids.includes(x.id) && x.readAt === null) {
            x.readAt = '2026-11-29T00:00:00.000Z';
            read++;
          }
        return Promise.resolve({ read });
      },
    },
  };
}

const unreadIds = async () => (await db.notices.where('unread').equals(1).primaryKeys()).sort();

describe('notices on this machine', () => {
  it('schema v6 upgrades a v5 store in place: its rows stay, the inbox table is added empty', async () => {
    const name = `notices-upgrade-${n++}`;
    const v5 = new Dexie(name);
    v5.version(5).stores(storeSchemaAt(5));
    await v5.open();
    await v5.table('meta').put({ key: 'pull.cursor', value: '4.2' });
    await v5.table('qaNotices').put({ id: 'q1', caseId: 'c1', at: '2026-11-21T00:00:00Z' });
    v5.close();
    const v6 = new GavelDb(name);
    try {
      await v6.open();
      expect(v6.verno).toBe(14);
      expect(await v6.meta.get('pull.cursor')).toMatchObject({ value: '4.2' });
      expect(await v6.qaNotices.count()).toBe(1);
      expect(await v6.notices.count()).toBe(0);
    } finally {
      v6.close();
      await v6.delete();
    }
  });

  it('stores the server list with its read state; a read mark made offline survives a refresh and reaches the server later', async () => {
    const server = fakeServer([notice(1), notice(2, { type: 'feedback' }), notice(3, { readAt: '2026-11-25T00:00:00.000Z' })]);
    await refreshNotices(db, server.port);
    expect(await unreadIds()).toEqual(['nt-1', 'nt-2']);

    server.failReads(true);
    await markNoticesRead(db, ['nt-1'], server.port);
    expect(await unreadIds()).toEqual(['nt-2']);
    // The server still says unread; the local mark wins until the server has it.
    await refreshNotices(db, server.port).catch(() => undefined);
    expect(await unreadIds()).toEqual(['nt-2']);
    expect((await db.notices.get('nt-1'))?.readPending).toBe(1);

    server.failReads(false);
    await refreshNotices(db, server.port);
    expect(server.reads).toEqual([['nt-1']]);
    const first = await db.notices.get('nt-1');
    expect([first?.unread, first?.readPending, typeof first?.readAt]).toEqual([0, 0, 'string']);
    expect(await unreadIds()).toEqual(['nt-2']);
  });

  it('a notice marked read on another machine is read here after the next refresh; one the server no longer lists leaves', async () => {
    const list = [notice(1), notice(2)];
    const server = fakeServer(list);
    await refreshNotices(db, server.port);
    list[0]!.readAt = '2026-11-29T00:00:00.000Z';
    list.pop();
    await refreshNotices(db, server.port);
    expect(await db.notices.toCollection().primaryKeys()).toEqual(['nt-1']);
    expect(await unreadIds()).toEqual([]);
  });

  it('refuses a malformed list without writing anything, and writes nothing once the store is no longer the open one', async () => {
    const bad = { list: () => Promise.resolve({ notices: [{ ...notice(1), byName: 42 }], unread: 1 } as unknown as NoticeList), markRead: () => Promise.resolve({ read: 0 }) };
    await expect(refreshNotices(db, bad)).rejects.toThrow(/notices\.0\.byName/);
    expect(await db.notices.count()).toBe(0);
    await refreshNotices(db, fakeServer([notice(1)]).port, () => false);
    expect(await db.notices.count()).toBe(0);
  });
});
