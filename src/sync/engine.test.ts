import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullResponse } from '@common/api';
import type { Mutation, MutationResult } from '@common/api';
import { applyClaimedCases, getCursor } from '../data/casesRepo';
import { GavelDb } from '../data/db';
import { caseView, decision, pullPage } from '../../testing/fixtures/caseViews';
import { enqueueMutation, recordDecision } from '../data/outboxRepo';
import { backoffDelay, failureKind, SyncEngine, type SyncPort } from './engine';

let db: GavelDb;
let n = 0;
beforeEach(() => {
  db = new GavelDb(`engine-${n++}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

function port(pages: PullResponse[], log: string[]): SyncPort {
  return {
    pull: (cursor) => {
      log.push(`pull ${cursor ?? '-'}`);
      const i = cursor === undefined ? 0 : pages.findIndex((_p, k) => k > 0 && pages[k - 1]!.cursor === cursor);
      const page = pages[i];
      return page ? Promise.resolve(page) : Promise.reject(new Error(`no page after ${cursor}`));
    },
    push: () => Promise.resolve({ results: [] }),
    claim: () => Promise.resolve({ cases: [] }),
    heartbeat: () => Promise.resolve({ renewed: [], lost: [] }),
    fetchCase: (caseId) => Promise.reject(new Error(`no case ${caseId} in this test`)),
  };
}

describe('pullAll', () => {
  it('walks every page in order and stores the last cursor', async () => {
    const log: string[] = [];
    const pages = [pullPage([caseView(1)], '1.0', true), pullPage([caseView(2)], '2.0', true), pullPage([caseView(3)], '3.0', false)];
    const engine = new SyncEngine(db, port(pages, log));
    expect(await engine.pullAll()).toBe(3);
    expect(log).toEqual(['pull -', 'pull 1.0', 'pull 2.0']);
    expect(await getCursor(db)).toBe('3.0');
    expect(await db.cases.count()).toBe(3);
  });

  it('keeps the cursor of the last page written when a later fetch fails', async () => {
    const log: string[] = [];
    const pages = [pullPage([caseView(1)], '1.0', true), pullPage([caseView(2)], '2.0', true)];
    const engine = new SyncEngine(db, port(pages, log));
    await expect(engine.pullAll()).rejects.toThrow(/no page after 2.0/);
    expect(await getCursor(db)).toBe('2.0');
    expect(await db.cases.count()).toBe(2);
  });
});

describe('backoff', () => {
  it('grows exponentially within its bounds, with full jitter', () => {
    expect(backoffDelay(0, 1000, 30_000, () => 0)).toBe(1000);
    expect(backoffDelay(3, 1000, 30_000, () => 1)).toBe(8000);
    expect(backoffDelay(30, 1000, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(30, 1000, 30_000, () => 0.5)).toBe(15_500);
  });
});

/** Answers as a server would: a batch holding a note with `poison` in it is refused as a whole (400). */
function refusingServer(log: string[][]): SyncPort {
  return {
    ...port([pullPage([], '9.0')], []),
    push: (mutations: Mutation[]) => {
      log.push(mutations.map((m) => m.clientId));
      if (mutations.some((m) => m.type === 'add_note' && m.text.includes('poison')))
        return Promise.reject(Object.assign(new Error('body field mutations[0].text: must be valid Unicode'), { code: 'bad_request' }));
      return Promise.resolve({ results: mutations.map((m): MutationResult => ({ clientId: m.clientId, status: 'applied', caseId: m.caseId, caseVersion: 2 })) });
    },
  };
}

describe('no mutation blocks another', () => {
  it('a batch the server refuses as a whole is split until the offender is alone; it is set aside and every other one is applied, in order', async () => {
    await applyClaimedCases(db, [caseView(1), caseView(2), caseView(3), caseView(4)]);
    await recordDecision(db, 'c1', decision('d1'));
    await enqueueMutation(db, { clientId: 'note-bad', type: 'add_note', caseId: 'c2', text: 'poison' });
    await recordDecision(db, 'c3', decision('d3'));
    await recordDecision(db, 'c4', decision('d4'));
    const log: string[][] = [];
    const engine = new SyncEngine(db, refusingServer(log));
    expect(await engine.flush()).toEqual({ applied: 3, rejected: 1, conflicts: 0 });
    expect(log[0]).toEqual(['d1', 'note-bad', 'd3', 'd4']);
    // Halved around the offender: every other mutation went out in exactly one accepted batch.
    expect(log.filter((b) => !b.includes('note-bad')).flat().sort()).toEqual(['d1', 'd3', 'd4']);
    expect(log.at(-2)).toEqual(['note-bad']);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.conflicts.get('note-bad')).toMatchObject({ quarantined: true, result: { status: 'rejected', reason: 'invalid_request' } });
    expect((await db.cases.bulkGet(['c1', 'c3', 'c4'])).map((c) => c?.local)).toEqual(['synced', 'synced', 'synced']);
  });

  it('what main refuses to send is a conflict marked as set aside; the rest are applied', async () => {
    await applyClaimedCases(db, [caseView(1), caseView(2)]);
    await recordDecision(db, 'c1', decision('d1'));
    await recordDecision(db, 'c2', decision('d2'));
    const engine = new SyncEngine(db, {
      ...port([], []),
      push: (ms: Mutation[]) =>
        Promise.resolve({
          results: ms.map((m): MutationResult => (m.clientId === 'd1' ? { clientId: 'd1', status: 'rejected', reason: 'invalid_request', message: 'not sent: decision.note: invalid' } : { clientId: m.clientId, status: 'applied', caseId: m.caseId, caseVersion: 2 })),
          quarantined: ['d1'],
        }),
    });
    expect(await engine.flush()).toEqual({ applied: 1, rejected: 1, conflicts: 0 });
    expect(await db.conflicts.get('d1')).toMatchObject({ quarantined: true });
  });
});

describe('the undo window', () => {
  it('the background round keeps a new decision, and what follows it, on this machine until its window ends; an explicit sync sends it at once', async () => {
    await applyClaimedCases(db, [caseView(1), caseView(2), caseView(3)]);
    const t0 = new Date('2026-12-06T10:00:00.000Z');
    await recordDecision(db, 'c1', decision('old'), new Date(t0.getTime() - 11_000));
    await recordDecision(db, 'c2', decision('new'), new Date(t0.getTime() - 4_000));
    await enqueueMutation(db, { clientId: 'note-after', type: 'add_note', caseId: 'c3', text: 'behind the held one' }, new Date(t0.getTime() - 1_000));
    const log: string[][] = [];
    let now = t0;
    const engine = new SyncEngine(db, refusingServer(log), { undoWindowMs: 10_000, now: () => now });
    await engine.flush(true);
    // The decision past its window went; the one inside it stays undoable, and the note behind it waits.
    expect(log.flat()).toEqual(['old']);
    expect((await db.outbox.toArray()).map((r) => r.clientId)).toEqual(['new', 'note-after']);
    now = new Date(t0.getTime() + 6_001);
    await engine.flush(true);
    expect(log.flat()).toEqual(['old', 'new', 'note-after']);

    await recordDecision(db, 'c3', decision('sent-now'), now);
    await engine.flush();
    expect(log.flat()).toEqual(['old', 'new', 'note-after', 'sent-now']);
  });

  it('"sync now" during a background round that holds decisions sends them once that round ends', async () => {
    await applyClaimedCases(db, [caseView(1)]);
    const now = new Date('2026-12-06T10:00:00.000Z');
    await recordDecision(db, 'c1', decision('fresh'), new Date(now.getTime() - 1_000));
    const log: string[][] = [];
    const engine = new SyncEngine(db, { ...refusingServer(log), pull: () => Promise.resolve(pullPage([], '9.0')) }, { undoWindowMs: 10_000, now: () => now });
    const background = engine.syncNow(true);
    const explicit = engine.syncNow();
    await Promise.all([background, explicit]);
    expect(log.flat()).toEqual(['fresh']);
  });
});

describe('a cursor from another database', () => {
  it('is pulled again from the start; what the full pull does not mention leaves, unless a mutation for it waits', async () => {
    await applyClaimedCases(db, [caseView(1), caseView(2), caseView(3)]);
    await db.meta.put({ key: 'pull.cursor', value: '99999.1' });
    await recordDecision(db, 'c3', decision('d3'));
    const pulls: (string | undefined)[] = [];
    const engine = new SyncEngine(db, {
      ...port([], []),
      pull: (cursor) => {
        pulls.push(cursor);
        if (cursor === '99999.1') return Promise.reject(Object.assign(new Error('cursor is ahead of the change log'), { code: 'bad_request', field: 'cursor' }));
        return Promise.resolve(pullPage([caseView(1)], '12.3'));
      },
    });
    await engine.pullAll();
    expect(pulls).toEqual(['99999.1', undefined]);
    expect(await getCursor(db)).toBe('12.3');
    expect((await db.cases.toCollection().primaryKeys()).sort()).toEqual(['c1', 'c3']);
  });
});

describe('failures are named by kind', () => {
  it('a full disk is storage, a 4xx a refusal, a cursor refusal its own, anything else transient', () => {
    expect(failureKind(Object.assign(new Error('x'), { name: 'QuotaExceededError' }))).toBe('storage');
    expect(failureKind({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe('storage');
    expect(failureKind({ code: 'bad_request' })).toBe('refused');
    expect(failureKind({ code: 'bad_request', field: 'cursor' })).toBe('cursor');
    expect(failureKind({ code: 'wrong_store' })).toBe('switched');
    expect(failureKind({ code: 'offline' })).toBe('transient');
  });

  it('a pull that cannot be stored (quota) leaves the engine reachable and says storage', async () => {
    const engine = new SyncEngine(db, {
      ...port([pullPage([caseView(1)], '1.0')], []),
    });
    const full = Object.assign(new Error('QuotaExceededError: the quota has been exceeded'), { name: 'QuotaExceededError' });
    const put = db.cases.bulkPut.bind(db.cases);
    db.cases.bulkPut = (() => Promise.reject(full)) as unknown as typeof db.cases.bulkPut;
    await expect(engine.syncNow()).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(engine.getState()).toMatchObject({ online: true, lastFailure: 'storage' });
    db.cases.bulkPut = put;
    await engine.syncNow();
    expect(engine.getState()).toMatchObject({ lastFailure: null, lastError: null });
  });
});
