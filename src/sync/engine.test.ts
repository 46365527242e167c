import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullResponse } from '@common/api';
import { getCursor } from '../data/casesRepo';
import { GavelDb } from '../data/db';
import { caseView, pullPage } from '../../testing/fixtures/caseViews';
import { backoffDelay, SyncEngine, type SyncPort } from './engine';

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
