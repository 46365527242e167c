import { describe, expect, it } from 'vitest';
import { MacroSaveRequestSchema, type Macro } from '@common/api';
import { DEFAULT_POLICY } from '@common/policy';
import { macroProblems } from '@common/rules';
import { EMPTY_DRAFT, type Draft } from './decisionModel';
import { applyMacro } from './macroApply';

const macro: Pick<Macro, 'verdict' | 'reasonCodes' | 'remedies' | 'note' | 'action'> = {
  verdict: 'upheld',
  reasonCodes: ['AS_EMPTY_PARCEL'],
  remedies: ['compensate_merchant', 'restrict_user'],
  note: '{{buyer}}退回的{{product}}不完整。',
  action: null,
};
const vars = { buyer: '张伟', product: '羊毛衫' };

describe('applying a macro to the draft', () => {
  it('sets verdict, reasons and remedies to the macro’s and adds its note filled from the case', () => {
    const { draft, action } = applyMacro(EMPTY_DRAFT, macro, vars);
    expect(draft).toEqual({ ...EMPTY_DRAFT, verdict: 'upheld', reasonCodes: ['AS_EMPTY_PARCEL'], remedies: ['compensate_merchant', 'restrict_user'], note: '张伟退回的羊毛衫不完整。' });
    expect(action).toBeNull();
  });

  it('sets, never toggles: applying it again changes nothing', () => {
    const once = applyMacro(EMPTY_DRAFT, macro, vars).draft;
    expect(applyMacro(once, macro, vars).draft).toEqual(once);
  });

  it('replaces what another choice set, keeps the arbitrator’s own words, citations and override reason', () => {
    const before: Draft = { verdict: 'rejected', reasonCodes: ['INSUFFICIENT_EVIDENCE'], remedies: ['no_action'], note: '称重记录差 1.2 公斤。', cited: [{ type: 'order', orderId: 'o1' }], override: '平台规则允许' };
    const { draft } = applyMacro(before, macro, vars);
    expect(draft.verdict).toBe('upheld');
    expect(draft.reasonCodes).toEqual(['AS_EMPTY_PARCEL']);
    expect(draft.remedies).toEqual(['compensate_merchant', 'restrict_user']);
    expect(draft.note).toBe('称重记录差 1.2 公斤。张伟退回的羊毛衫不完整。');
    expect(draft.cited).toEqual(before.cited);
    expect(draft.override).toBe('平台规则允许');
  });

  it('a macro without a note leaves the note alone; its side action is handed back to open', () => {
    const action = { type: 'request_evidence' as const, from: 'complainant' as const, categories: ['unboxing_video' as const] };
    const r = applyMacro({ ...EMPTY_DRAFT, note: '我的话' }, { ...macro, note: '', action }, vars);
    expect(r.draft.note).toBe('我的话');
    expect(r.action).toEqual(action);
  });

  it('an unknown variable is refused at save time, naming it, so no macro with one reaches a desk', () => {
    const req = { id: 'x', name: '错', kind: 'abnormal_after_sales', scope: 'personal', verdict: 'upheld', reasonCodes: ['AS_EMPTY_PARCEL'], remedies: ['compensate_merchant'], note: '{{buyr}}退回的包裹是空的。' };
    const parsed = MacroSaveRequestSchema.safeParse(req);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['note'], message: expect.stringContaining('{{buyr}}') as string });
    expect(macroProblems({ ...req, kind: 'abnormal_after_sales', verdict: 'upheld', remedies: ['compensate_merchant'], action: null }, DEFAULT_POLICY)).toEqual([
      expect.objectContaining({ field: 'note', code: 'variable_unknown', params: { name: 'buyr' } }),
    ]);
  });

  it('the rules name a reason code or remedy the kind does not have, by field', () => {
    const problems = macroProblems({ kind: 'late_shipment', verdict: 'rejected', reasonCodes: ['LS_FORCE_MAJEURE', 'AS_EMPTY_PARCEL'], remedies: ['remove_review'], note: '', action: null }, DEFAULT_POLICY);
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['reasonCodes[1]', 'reason_unknown'],
      ['remedies[0]', 'remedy_not_allowed'],
      ['remedies', 'rejected_remedies'],
    ]);
  });
});
