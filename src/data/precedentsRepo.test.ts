import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { PrecedentsResponse } from '@common/api';
import { GavelDb } from './db';
import { loadPrecedents, refreshPrecedents, type PrecedentPort } from './precedentsRepo';

const answer = (caseId: string, computedAt: string): PrecedentsResponse => ({
  caseId,
  computedAt,
  scanned: 3,
  closeScore: 0.5,
  precedents: [
    {
      caseId: 'p1',
      externalId: 'EXT-P1',
      title: null,
      verdict: 'rejected',
      reasonCodes: ['r1'],
      noteFirstLine: '证据不足',
      decidedAt: '2026-11-01T00:00:00.000Z',
      policyVersion: '2026.1',
      amountFen: 9900,
      findingCodes: [],
      score: 0.9,
      why: ['same_party'],
    },
  ],
  distribution: [{ verdict: 'rejected', count: 1 }],
});

describe('precedents on this machine', () => {
  const names: string[] = [];
  const open = () => {
    const name = `prec-${names.length}-${Date.now()}`;
    names.push(name);
    return new GavelDb(name);
  };
  afterEach(async () => {
    for (const n of names.splice(0)) await Dexie.delete(n);
  });

  it('stores what the server answered per case, and keeps it when the server cannot be reached', async () => {
    const db = open();
    const online: PrecedentPort = { forCase: ({ caseId }) => Promise.resolve(answer(caseId, '2026-12-01T08:00:00.000Z')) };
    await refreshPrecedents(db, 'c1', online, new Date('2026-12-01T08:00:01.000Z'));
    const offline: PrecedentPort = { forCase: () => Promise.reject(new Error('offline')) };
    await expect(refreshPrecedents(db, 'c1', offline)).rejects.toThrow('offline');
    const kept = await loadPrecedents(db, 'c1');
    expect(kept).toMatchObject({ caseId: 'c1', fetchedAt: '2026-12-01T08:00:01.000Z', response: { computedAt: '2026-12-01T08:00:00.000Z', distribution: [{ verdict: 'rejected', count: 1 }] } });
    expect(await loadPrecedents(db, 'c2')).toBeNull();
  });

  it('drops the stored precedents of cases that left this machine when the next ones are fetched', async () => {
    const db = open();
    const online: PrecedentPort = { forCase: ({ caseId }) => Promise.resolve(answer(caseId, '2026-12-01T08:00:00.000Z')) };
    await db.cases.put({ id: 'still-here' } as never);
    await refreshPrecedents(db, 'left', online);
    await refreshPrecedents(db, 'still-here', online);
    // 'left' is not a case here (decided and forgotten): gone; the case just fetched and one still held stay.
    await refreshPrecedents(db, 'opened-now', online);
    expect((await db.precedents.toCollection().primaryKeys()).sort()).toEqual(['opened-now', 'still-here']);
  });

  it('refuses an answer that does not match the wire schema, and leaves out a stored row this app cannot read', async () => {
    const db = open();
    const bad: PrecedentPort = { forCase: ({ caseId }) => Promise.resolve({ ...answer(caseId, 'yesterday') }) };
    await expect(refreshPrecedents(db, 'c1', bad)).rejects.toThrow();
    expect(await db.precedents.count()).toBe(0);
    await db.precedents.put({ caseId: 'c3', fetchedAt: '2026-12-01T00:00:00.000Z', response: { caseId: 'c3' } as unknown as PrecedentsResponse });
    expect(await loadPrecedents(db, 'c3')).toBeNull();
  });
});
