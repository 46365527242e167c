import { describe, expect, it } from 'vitest';
import { appendSnippet, cycleSnippet } from './snippetInsert';

describe('snippet insert', () => {
  const a = '暖羊羊旗舰店超时发货。';
  const b = '订单 o1 超过承诺发货时间。';
  it('appends after the note, spacing only after Latin words', () => {
    expect(appendSnippet('', a)).toBe(a);
    expect(appendSnippet('台风停运。 ', a)).toBe(`台风停运。${a}`);
    expect(appendSnippet('see photo', a)).toBe(`see photo ${a}`);
  });
  it('cycles: the same key swaps the snippet it just added for the next, and keeps the own words before it', () => {
    const one = cycleSnippet('台风停运，', [a, b]);
    expect(one).toBe(`台风停运，${a}`);
    const two = cycleSnippet(one, [a, b]);
    expect(two).toBe(`台风停运，${b}`);
    expect(cycleSnippet(two, [a, b])).toBe(`台风停运，${a}`);
    expect(cycleSnippet(`${a}我的理由`, [a, b])).toBe(`${a}我的理由${a}`);
    expect(cycleSnippet('x', [])).toBe('x');
  });
});
