import { describe, expect, it } from 'vitest';
import { SnippetSaveRequestSchema } from '../api/snippets';
import { CaseBundleSchema } from '../domain';
import { cleanBundleInput } from '../../testing/fixtures/bundles';
import { ownWordCount, renderSnippet, snippetTextProblems, snippetVars } from './snippets';

const b = CaseBundleSchema.parse(cleanBundleInput());

describe('snippet variables', () => {
  it('fill from the case: parties by display name, the order, its amount and product', () => {
    const v = snippetVars(b);
    expect(v).toMatchObject({ buyer: '张伟', merchant: '暖羊羊旗舰店', affiliate: '小美直播', complainant: '张伟', respondent: '暖羊羊旗舰店', orderId: 'o1', amount: '¥99.00', product: '羊毛衫', externalId: 'EXT-c1', filedDate: '3月10日' });
    expect(renderSnippet('{{merchant}}未按时发出订单 {{ orderId }}（{{amount}}），{{buyer}}投诉成立。', v)).toBe('暖羊羊旗舰店未按时发出订单 o1（¥99.00），张伟投诉成立。');
  });
  it('leave an unknown slot as written at insert (the editor refused it at save)', () => {
    expect(renderSnippet('{{buyr}}的诉求', snippetVars(b))).toBe('{{buyr}}的诉求');
  });
  it('are checked: unknown names (each once) and unpaired braces are problems; known ones are not', () => {
    expect(snippetTextProblems('{{buyer}}与{{merchant}}，订单 {{orderId}}，{{amount}}')).toEqual([]);
    expect(snippetTextProblems('{{buyr}}和{{buyr}}，{{ seller }}')).toEqual([
      { kind: 'unknown', name: 'buyr' },
      { kind: 'unknown', name: 'seller' },
    ]);
    expect(snippetTextProblems('{{buyer} 的诉求')).toEqual([{ kind: 'unbalanced' }]);
    expect(snippetTextProblems('{{}}')).toEqual([{ kind: 'unknown', name: '' }]);
  });
  it('a save request with a bad variable fails on `text`, naming the variable', () => {
    const r = SnippetSaveRequestSchema.safeParse({ id: 'x', name: '名', kind: null, verdict: null, text: '{{buyr}}的诉求' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['text'], message: expect.stringContaining('{{buyr}}') as string });
    expect(SnippetSaveRequestSchema.parse({ id: 'x', name: '名', kind: 'quality', verdict: null, text: ' {{buyer}}的诉求 ' })).toMatchObject({ text: '{{buyer}}的诉求', language: 'zh-CN', position: 100 });
  });
});

describe('own words beyond snippets', () => {
  it('count only what is left once every rendered snippet is taken out', () => {
    const v = snippetVars(b);
    const s1 = renderSnippet('{{merchant}}未按时发货。', v);
    expect(ownWordCount(s1, [s1])).toBe(0);
    expect(ownWordCount(`${s1}台风停运`, [s1])).toBe(4);
    expect(ownWordCount(`${s1}，。！ `, [s1])).toBe(0);
  });
});
