import { describe, expect, it } from 'vitest';
import { CONTACT_RES, regexRanges, splitMarks, termRanges } from './highlight';
import { claimRanges } from './LivestreamViewer';

describe('splitMarks', () => {
  it('covers the text exactly once, in order, whatever the ranges', () => {
    const text = '这款羊毛围巾羊毛含量100%，全网最低价只要99元';
    const ranges = [...termRanges(text, ['最低价', '全网最低', '最'], 'absolute'), { start: 10, end: 14, mark: 'number' as const }, { start: 12, end: 30, mark: 'price' as const }];
    const segs = splitMarks(text, ranges);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.filter((s) => s.mark === 'absolute').map((s) => s.text)).toEqual(['全网最低']);
  });
  it('keeps hostile markup as literal text', () => {
    const text = '<img src=x onerror=alert(1)> 加微信 abc12345';
    const segs = splitMarks(text, CONTACT_RES.flatMap((re) => regexRanges(text, re, 'contact')));
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.find((s) => s.mark === 'contact')?.text).toBe('微信 abc12345');
    expect(segs[0]?.text).toBe('<img src=x onerror=alert(1)> 加');
  });
  it('returns one plain segment for empty text or no ranges', () => {
    expect(splitMarks('', [])).toEqual([{ text: '' }]);
    expect(splitMarks('abc', [{ start: 5, end: 9, mark: 'price' }])).toEqual([{ text: 'abc' }]);
  });
});

describe('termRanges', () => {
  it('skips terms inside policy exceptions (最近 is not an absolute claim)', () => {
    expect(termRanges('最近很忙，这是最好的', ['最'], 'absolute', ['最近']).map((r) => r.start)).toEqual([7]);
  });
});

describe('livestream claim marks', () => {
  it('marks absolute terms, numeric claims and price claims', () => {
    const text = '全网最低价！羊毛含量100%，到手价99元';
    const marks = splitMarks(text, claimRanges(text)).filter((s) => s.mark);
    expect(marks.map((s) => [s.mark, s.text])).toEqual([
      ['absolute', '全网最低'],
      ['number', '100%'],
      ['price', '到手价99元'],
    ]);
  });
});
