import { describe, expect, it } from 'vitest';
import { chineseChrome, rawFragments } from './rawText';

describe('rawFragments', () => {
  it('finds ids, codes and errnos in either language', () => {
    const text = '案件 0b6f1c7e-5d7a-4c3b-9a53-1f0e2d3c4b5a 引用 trace_event:74810688001037904:6，发现 NO_MOVEMENT_AFTER_PICKUP，状态 queued_again；connect ECONNREFUSED';
    expect(rawFragments(text, 'en').sort()).toEqual(['0b6f1c7e-5d7a-4c3b-9a53-1f0e2d3c4b5a', 'ECONNREFUSED', 'NO_MOVEMENT_AFTER_PICKUP', 'queued_again', 'trace_event'].sort());
  });
  it('finds an English sentence in the Chinese interface, not a product name or a key', () => {
    expect(rawFragments('备注：a note is required: the verdict goes against', 'zh-CN')).toEqual(['note is required', 'the verdict goes against']);
    expect(rawFragments('按 Ctrl+Enter 提交；iPhone 15 Pro；EXT-1-00000104；κ 0.41；SLA 剩 2h', 'zh-CN')).toEqual([]);
  });
  it('lets English be English', () => {
    expect(rawFragments('Choose at least one reason that fits the verdict', 'en')).toEqual([]);
  });
});

describe('chineseChrome', () => {
  it('keeps only labels with Chinese in them', () => {
    expect(chineseChrome(['Queue', '队列', 'Order history'])).toEqual(['队列']);
  });
});
