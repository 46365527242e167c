import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@common/policy';
import { assessCase, contactRanges, type Finding } from '@common/rules';
import { clean } from '../../../testing/fixtures/bundles';
import { findingRanges, splitMarks, termRanges } from './highlight';

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
    const segs = splitMarks(text, contactRanges(text).map((r) => ({ ...r, mark: 'contact' as const })));
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

describe('marks inside text come from the findings that point at the item', () => {
  const segmentFindings = (text: string): Finding[] => {
    const b = clean((x) => {
      x.case.kind = 'false_advertising';
      x.sessions![0]!.segments[1]!.text = text;
    });
    return assessCase(b, DEFAULT_POLICY, '2026-03-11T10:00:00+08:00').findings.filter((f) => f.refs.some((r) => r.type === 'segment' && r.index === 1));
  };
  it('marks the absolute terms, the contradicting claim and the price claim a segment was flagged for', () => {
    const text = '全网最低价！羊毛含量100%，到手价89元';
    const marks = splitMarks(text, findingRanges(text, segmentFindings(text), DEFAULT_POLICY)).filter((s) => s.mark);
    expect(marks.map((s) => [s.mark, s.text])).toEqual([
      ['absolute', '全网最低'],
      ['number', '100%'],
      ['price', '89'],
    ]);
  });
  it('marks nothing in a segment no finding points at, however it reads', () => {
    const text = '羊毛含量30%，到手价99元，最近天冷';
    expect(segmentFindings(text)).toEqual([]);
    expect(findingRanges(text, [], DEFAULT_POLICY)).toEqual([]);
  });
  it('keeps the policy exceptions out of absolute-term marks (最近 is not a claim)', () => {
    const text = '最近很忙，这是最好的';
    expect(findingRanges(text, segmentFindings(text), DEFAULT_POLICY).map((r) => r.start)).toEqual([7]);
  });
});
