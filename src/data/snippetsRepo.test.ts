import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snippet } from '@common/api';
import { applyPullPage } from './casesRepo';
import { GavelDb } from './db';
import { getSnippetsVersion, loadSnippets } from './snippetsRepo';
import { pullPage } from '../../testing/fixtures/caseViews';

const snippet = (id: string, position: number, over: Partial<Snippet> = {}): Snippet => ({
  id,
  name: `片段${id}`,
  kind: 'quality',
  verdict: null,
  language: 'zh-CN',
  text: '{{buyer}}的诉求成立。',
  position,
  updatedAt: '2026-12-01T00:00:00.000Z',
  updatedBy: null,
  ...over,
});

let n = 0;
const open: GavelDb[] = [];
afterEach(() => open.splice(0).forEach((d) => d.close()));

describe('snippets on this machine', () => {
  it('a v5 store opens at the latest version with its cases kept and no snippets yet', async () => {
    const name = `snip-up-${n++}`;
    const v5 = new Dexie(name);
    v5.version(5).stores({ cases: 'id', meta: 'key', policies: 'version, seq' });
    await v5.open();
    await v5.table('meta').put({ key: 'pull.cursor', value: '9.0' });
    v5.close();
    const db = new GavelDb(name);
    open.push(db);
    await db.open();
    expect(db.verno).toBe(14);
    expect(await db.meta.get('pull.cursor')).toMatchObject({ value: '9.0' });
    expect(await loadSnippets(db)).toEqual([]);
    expect(await getSnippetsVersion(db)).toBeUndefined();
  });

  it('a pull page that carries the list replaces the stored one whole; a page without it keeps it', async () => {
    const db = new GavelDb(`snip-${n++}`);
    open.push(db);
    await applyPullPage(db, { ...pullPage([], '1.0'), snippets: { version: 'v1', snippets: [snippet('b', 20), snippet('a', 10), snippet('gone', 30)] } });
    expect((await loadSnippets(db)).map((s) => s.id)).toEqual(['a', 'b', 'gone']);
    await applyPullPage(db, { ...pullPage([], '2.0'), snippets: { version: 'v2', snippets: [snippet('a', 10), snippet('b', 5)] } });
    expect((await loadSnippets(db)).map((s) => s.id)).toEqual(['b', 'a']);
    expect(await getSnippetsVersion(db)).toBe('v2');
    await applyPullPage(db, pullPage([], '3.0'));
    expect((await loadSnippets(db)).map((s) => s.id)).toEqual(['b', 'a']);
  });

  it('a stored row the wire schema refuses is left out, not shown', async () => {
    const db = new GavelDb(`snip-${n++}`);
    open.push(db);
    await db.snippets.bulkPut([snippet('ok', 1), { ...snippet('bad', 2), text: '{{buyr}}' }, { ...snippet('worse', 3), kind: 'nonsense' as Snippet['kind'] }]);
    expect((await loadSnippets(db)).map((s) => s.id)).toEqual(['ok']);
  });
});
