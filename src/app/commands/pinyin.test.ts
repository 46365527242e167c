import { describe, expect, it } from 'vitest';
import { fuzzyScore } from './keymap';
import { loadPinyin } from './pinyin';

describe('pinyin spellings for the palette', () => {
  it('spells Chinese titles in toneless pinyin and initials', async () => {
    const pinyin = await loadPinyin();
    expect(pinyin('提交裁决')).toEqual(['tijiaocaijue', 'tjcj']);
    expect(pinyin('Next case')).toEqual([]);
  });
  it('lets a pinyin query find the Chinese title', async () => {
    const pinyin = await loadPinyin();
    const best = (q: string, title: string) => Math.max(...[title, ...pinyin(title)].map((s) => fuzzyScore(q, s) ?? -Infinity));
    expect(best('tjcj', '提交裁决')).toBeGreaterThan(-Infinity);
    expect(best('caijue', '提交裁决')).toBeGreaterThan(-Infinity);
    expect(best('kuaijiejian', '显示快捷键')).toBeGreaterThan(-Infinity);
    expect(best('xyz', '提交裁决')).toBe(-Infinity);
  });
});
