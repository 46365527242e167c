import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseView } from '@common/api';
import { applyPullPage, casesSharingMedia } from './casesRepo';
import { GavelDb } from './db';
import { bundleRowFromView } from './rows';
import { caseView, pullPage } from '../../testing/fixtures/caseViews';

const sha = (c: string) => c.repeat(64);
function withMedia(n: number, shas: string[]): CaseView {
  const v = caseView(n);
  v.bundle.media = shas.map((s, i) => ({ id: `md-${n}-${i}`, kind: 'photo', purpose: 'unboxing', sha256: s, mimeType: 'image/jpeg', bytes: 1000, uri: `https://media.example/${s.slice(0, 8)}` }));
  return v;
}

let names: string[] = [];
afterEach(async () => {
  for (const name of names) await Dexie.delete(name);
  names = [];
});

describe('media reused across cases', () => {
  it('finds the other cases holding the same file, by hash', async () => {
    names.push('media-1');
    const db = new GavelDb('media-1');
    await applyPullPage(db, pullPage([withMedia(1, [sha('a'), sha('b')]), withMedia(2, [sha('a')]), withMedia(3, [sha('c'), sha('a')])], '1.0'));
    const found = await casesSharingMedia(db, 'c1', [sha('a'), sha('b')]);
    expect(found.get(sha('a'))?.sort()).toEqual(['c2', 'c3']);
    expect(found.has(sha('b'))).toBe(false);
    expect((await casesSharingMedia(db, 'c3', [sha('c')])).size).toBe(0);
    db.close();
  });

  it('indexes bundles stored by schema v1 when the database upgrades', async () => {
    names.push('media-upgrade');
    const v1 = new Dexie('media-upgrade');
    v1.version(1).stores({ cases: 'id', bundles: 'caseId', orders: 'id', decisions: 'mutationId', outbox: '++seq, &clientId', conflicts: 'clientId', meta: 'key' });
    const { mediaShas: _dropped, ...old } = bundleRowFromView(withMedia(7, [sha('d'), sha('d'), sha('e')]));
    await v1.table('bundles').put({ ...old, caseId: 'c7' });
    await v1.table('bundles').put({ ...bundleRowFromView(withMedia(8, [sha('e')])), mediaShas: undefined, caseId: 'c8' });
    v1.close();

    const db = new GavelDb('media-upgrade');
    expect((await db.bundles.get('c7'))?.mediaShas).toEqual([sha('d'), sha('e')]);
    expect((await casesSharingMedia(db, 'c8', [sha('e')])).get(sha('e'))).toEqual(['c7']);
    db.close();
  });
});
