import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER } from './queueModel';
import { parseViews, upsertView, type SavedView } from './savedViews';

const view = (name: string): SavedView => ({ name, filter: { ...EMPTY_FILTER, kinds: ['quality'], severities: ['critical'] }, sort: { id: 'amount', desc: true } });

describe('saved views', () => {
  it('round-trips through JSON', () => {
    const views = [view('严重质量'), view('b')];
    expect(parseViews(JSON.parse(JSON.stringify(views)))).toEqual(views);
  });
  it('drops malformed or unknown entries instead of failing', () => {
    const bad = [
      null,
      { name: '', filter: EMPTY_FILTER, sort: { id: 'sla', desc: false } },
      { name: 'x', filter: { ...EMPTY_FILTER, kinds: ['not_a_kind'] }, sort: { id: 'sla', desc: false } },
      { name: 'y', filter: EMPTY_FILTER, sort: { id: 'nope', desc: false } },
      view('ok'),
    ];
    expect(parseViews(bad).map((v) => v.name)).toEqual(['ok']);
    expect(parseViews('garbage')).toEqual([]);
  });
  it('replaces a view with the same name', () => {
    const next = upsertView([view('a'), view('b')], { ...view('a'), sort: { id: 'sla', desc: false } });
    expect(next.map((v) => [v.name, v.sort.id])).toEqual([
      ['b', 'amount'],
      ['a', 'sla'],
    ]);
  });
});
