import { describe, expect, it } from 'vitest';
import { caseRowFromView } from '../../data/rows';
import { caseView } from '../../../testing/fixtures/caseViews';
import type { CaseRow } from '../../data/rows';
import { EMPTY_FILTER, filterRows, sortRows, sortWarmSteps, stepSelection, warmSearch } from './queueModel';

const collator = new Intl.Collator('zh-CN');
const rows: CaseRow[] = [1, 2, 3, 4].map((n) => caseRowFromView(caseView(n, { title: n === 3 ? '评价引流纠纷' : `退货空包 ${n}` }), 'open'));
rows[1]!.local = 'pending';
rows[2]!.kind = 'abnormal_review';
rows[3]!.topSeverity = 3;
rows[3]!.findingCounts = { critical: 0, warn: 0, info: 0 };

describe('filterRows', () => {
  it('returns everything for the empty filter, as a copy', () => {
    const out = filterRows(rows, EMPTY_FILTER);
    expect(out).toEqual(rows);
    expect(out).not.toBe(rows);
  });
  it('matches Chinese substrings of the search text', () => {
    expect(filterRows(rows, { ...EMPTY_FILTER, query: '引流' }).map((r) => r.id)).toEqual(['c3']);
    expect(filterRows(rows, { ...EMPTY_FILTER, query: '空包' }).map((r) => r.id)).toEqual(['c1', 'c2', 'c4']);
    expect(filterRows(rows, { ...EMPTY_FILTER, query: 'ext-1002' }).map((r) => r.id)).toEqual(['c2']);
  });
  it('matches within one row only, never across the boundary between two', () => {
    const two = [
      { ...rows[0]!, id: 'x', searchText: 'xxab' },
      { ...rows[0]!, id: 'y', searchText: 'cdyy' },
    ];
    const ids = (query: string): string[] => filterRows(two, { ...EMPTY_FILTER, query }).map((r) => r.id);
    for (const _ of warmSearch(two)) void _;
    expect(ids('abcd')).toEqual([]);
    expect(ids('ab')).toEqual(['x']);
    expect(ids('cd')).toEqual(['y']);
    expect(ids('ab cd')).toEqual([]);
    expect(ids('\u0000')).toEqual(['x', 'y']);
  });
  it('finds the same rows as a plain per-row substring check, for any mix of terms', () => {
    const words = ['商家', '买家', 'ab', 'b1', '12', 'ext-', '退货', 'z'];
    const big: CaseRow[] = Array.from({ length: 5_000 }, (_, i) => ({
      ...rows[0]!,
      id: `s${i}`,
      searchText: `ext-${i}\n${words[i % 8]}${i % 13}\n${words[(i * 7) % 8]}${i % 5 === 0 ? '\u0000ab' : ''}`,
    }));
    const queries = ['b1', 'ab 12', '商家 z', 'ext- 退货 1', 'nothing-here', '1 2 3', 'b'];
    const expected = queries.map((query) => big.filter((r) => query.split(' ').every((t) => r.searchText!.includes(t))).map((r) => r.id));
    const found = (): string[][] => queries.map((query) => filterRows(big, { ...EMPTY_FILTER, query }).map((r) => r.id));
    // Before the joined text exists (row by row), and after the idle warm-up built it.
    expect(found()).toEqual(expected);
    for (const _ of warmSearch(big)) void _;
    expect(found()).toEqual(expected);
  });
  it('combines kind, severity and local-state filters with AND, values within one with OR', () => {
    expect(filterRows(rows, { ...EMPTY_FILTER, kinds: ['abnormal_review'] }).map((r) => r.id)).toEqual(['c3']);
    expect(filterRows(rows, { ...EMPTY_FILTER, severities: ['none'] }).map((r) => r.id)).toEqual(['c4']);
    expect(filterRows(rows, { ...EMPTY_FILTER, severities: ['critical', 'none'], locals: ['pending'] }).map((r) => r.id)).toEqual(['c2']);
  });
});

describe('sortRows', () => {
  it('sorts by amount both ways', () => {
    expect(sortRows([...rows], { id: 'amount', desc: false }, collator).map((r) => r.amountFen)).toEqual([19901, 19902, 19903, 19904]);
    expect(sortRows([...rows], { id: 'amount', desc: true }, collator).map((r) => r.amountFen)).toEqual([19904, 19903, 19902, 19901]);
  });
  it('weights a critical finding above any number of warnings', () => {
    const a = { ...rows[0]!, id: 'a', findingCounts: { critical: 1, warn: 0, info: 0 } };
    const b = { ...rows[0]!, id: 'b', findingCounts: { critical: 0, warn: 40, info: 0 } };
    expect(sortRows([b, a], { id: 'findings', desc: true }, collator).map((r) => r.id)).toEqual(['a', 'b']);
  });
  it('puts unclaimed cases last when sorting by lease', () => {
    const free = { ...rows[0]!, id: 'free', leaseExpiresAtMs: null };
    expect(sortRows([free, rows[1]!], { id: 'lease', desc: false }, collator).map((r) => r.id)).toEqual(['c2', 'free']);
  });
  it('orders large lists like a plain stable comparator sort, ties in SLA order, both ways', () => {
    // Many ties (amount repeats every 977 rows) and, for the lease column, a key range too wide to
    // pack into one double, which takes the comparator path.
    const big: CaseRow[] = Array.from({ length: 20_000 }, (_, i) => ({
      ...rows[0]!,
      id: `r${i}`,
      dueAtMs: 1_700_000_000_000 + ((i * 7919) % 100_003),
      amountFen: (i * 31) % 977,
      leaseExpiresAtMs: i % 5 === 0 ? null : (i * 104_729) % 2 ** 52,
    }));
    const sla = [...big].sort((a, b) => a.dueAtMs - b.dueAtMs || big.indexOf(a) - big.indexOf(b));
    const reference = (key: (r: CaseRow) => number, desc: boolean): string[] =>
      [...sla].sort((a, b) => (key(a) - key(b)) * (desc ? -1 : 1)).map((r) => r.id);
    expect(sortRows(big, { id: 'sla', desc: false }, collator).map((r) => r.id)).toEqual(sla.map((r) => r.id));
    for (const desc of [false, true]) {
      expect(sortRows(big, { id: 'amount', desc }, collator).map((r) => r.id)).toEqual(reference((r) => r.amountFen, desc));
      const lease = (r: CaseRow): number => r.leaseExpiresAtMs ?? 2 ** 53;
      expect(sortRows(big, { id: 'lease', desc }, collator).map((r) => r.id)).toEqual(reference(lease, desc));
    }
  });
  it('sorts the same after the idle warm-up as without it, in either locale', () => {
    const make = (): CaseRow[] =>
      Array.from({ length: 3_000 }, (_, i) => ({ ...rows[0]!, id: `w${i}`, complainantName: ['张三', '阿里', 'Zoe', 'adam'][i % 4]!, amountFen: (i * 37) % 101, dueAtMs: (i * 7919) % 1009 }));
    for (const locale of ['zh-CN', 'en']) {
      const c = new Intl.Collator(locale);
      const cold = make();
      const warm = make();
      for (const _ of sortWarmSteps(warm, c)) void _;
      for (const id of ['parties', 'amount', 'kind', 'findings', 'lease', 'status', 'sla'] as const)
        for (const desc of [false, true]) expect(sortRows(warm, { id, desc }, c).map((r) => r.id)).toEqual(sortRows(cold, { id, desc }, c).map((r) => r.id));
    }
  });
  it('sorts party names in Chinese collation order', () => {
    const names = ['张三', '阿里', '王五', '李四'].map((n, i) => ({ ...rows[0]!, id: `n${i}`, complainantName: n }));
    expect(sortRows(names, { id: 'parties', desc: false }, collator).map((r) => r.complainantName)).toEqual(['阿里', '李四', '王五', '张三']);
  });
  it('searches every whitespace-separated term as a substring', () => {
    expect(filterRows(rows, { ...EMPTY_FILTER, query: '退货 4' }).map((r) => r.id)).toEqual(['c4']);
    expect(filterRows(rows, { ...EMPTY_FILTER, query: 'EXT-100' }).map((r) => r.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
  });
});

describe('stepSelection', () => {
  it('moves and clamps, and starts at the first row', () => {
    const ids = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(stepSelection(ids, null, 1)).toBe('a');
    expect(stepSelection(ids, 'a', 1)).toBe('b');
    expect(stepSelection(ids, 'c', 1)).toBe('c');
    expect(stepSelection(ids, 'a', -1)).toBe('a');
    expect(stepSelection(ids, 'gone', 1)).toBe('a');
    expect(stepSelection([], 'a', 1)).toBeNull();
  });
});
