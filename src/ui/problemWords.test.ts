// @vitest-environment jsdom
import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../app/i18n';
import { problemText } from './problemWords';

let i18n: Awaited<ReturnType<typeof initI18n>>;
beforeAll(async () => {
  i18n = await initI18n('zh-CN');
});

describe('problemText', () => {
  it('words a server or rule problem by its code, with finding codes and remedies by label', () => {
    const zh = i18n.getFixedT('zh-CN');
    const note = problemText({ code: 'note_required', params: { codes: ['NO_MOVEMENT_AFTER_PICKUP'] }, message: 'a note is required: ... NO_MOVEMENT_AFTER_PICKUP' }, zh, 'zh');
    expect(note).toContain('需要填写备注');
    expect(note).not.toMatch(/[A-Z]{2,}_[A-Z_]+|a note is required/);
    const remedy = problemText({ code: 'remedy_not_allowed', params: { remedy: 'no_action', kind: 'late_shipment' }, message: 'remedy no_action is not allowed' }, zh, 'zh');
    expect(remedy).toContain('不处理');
    expect(remedy).not.toMatch(/no_action|late_shipment/);
  });
  it('falls back to the field’s sentence when an older server sends no code', () => {
    expect(problemText({ path: 'decision.reasonCodes[0]', message: 'reason code X is not in the list' }, i18n.getFixedT('zh-CN'), 'zh')).toBe('请至少选择一个与结论相符的理由');
  });
});
