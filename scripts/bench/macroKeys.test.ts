import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../common/policy';
import { CODE_SEVERITY, type Finding, type FindingCode, type Stance } from '../../common/rules';
import { DEFAULT_MACROS } from '../../server/db/defaultMacros';
import { keystrokes, keystrokesWith, leanOf, median, targetFor } from './macroKeys';

const finding = (code: FindingCode, stance: Stance): Finding => ({ code, severity: CODE_SEVERITY[code], stance, message_zh: '', message_en: '', refs: [], implicatedPartyIds: [] });

describe('keystrokes per decision, with and without macros', () => {
  const late = DEFAULT_MACROS.filter((m) => m.kind === 'late_shipment');
  it('a decision a macro sets whole takes the macro key and the commit key', () => {
    const r = keystrokes({ kind: 'late_shipment', verdict: 'upheld', reasonCodes: ['LS_SHIPPED_LATE'], remedies: ['refund_buyer', 'warn'] }, late);
    // Y, D, 1, ⇧1, ⇧9, Ctrl+Enter without; Alt+1, Ctrl+Enter with.
    expect(r).toEqual({ without: 6, with: 2 });
  });
  it('a decision no macro sets costs the same either way', () => {
    const r = keystrokes({ kind: 'late_shipment', verdict: 'upheld', reasonCodes: ['LS_NOT_SHIPPED'], remedies: ['refund_buyer'] }, late);
    expect(r.with).toBe(r.without);
  });
  it('median of counts', () => {
    expect(median([2, 2, 6])).toBe(2);
    expect(median([2, 6])).toBe(4);
  });
});

describe('the target decision a case’s own findings ask for', () => {
  const late = DEFAULT_MACROS.filter((m) => m.kind === 'late_shipment');
  it('findings pointing one way: that verdict, the reason the finding names, the house remedies; two keys with macros', () => {
    const r = targetFor('late_shipment', { eligible: true, eligibility: [], findings: [finding('SHIP_TIMEOUT', 'supports_complaint')] }, DEFAULT_POLICY, late);
    expect(r).toMatchObject({ lean: 'supports', oneWay: true, note: false, target: { verdict: 'upheld', reasonCodes: ['LS_SHIPPED_LATE'], remedies: ['refund_buyer', 'warn'] } });
    expect(keystrokes(r.target, late)).toEqual({ without: 6, with: 2 });
  });
  it('mixed findings: the way most critical ones point, with a note against the other', () => {
    const r = targetFor('fake_shipment', { eligible: true, eligibility: [], findings: [finding('NO_MOVEMENT_AFTER_PICKUP', 'supports_complaint'), finding('TRACKING_REUSED', 'supports_complaint'), finding('SHIP_TIMEOUT', 'undermines_complaint')] }, DEFAULT_POLICY, []);
    expect(r).toMatchObject({ lean: 'mixed', oneWay: false, note: true, target: { verdict: 'upheld', reasonCodes: ['FS_NO_MOVEMENT'] } });
  });
  it('an ineligible case is rejected as out of its window; no findings at all, for want of evidence', () => {
    const out = finding('ORDER_OUTSIDE_WINDOW', 'undermines_complaint');
    expect(targetFor('quality', { eligible: false, eligibility: [out], findings: [] }, DEFAULT_POLICY, []).target).toMatchObject({ verdict: 'rejected', reasonCodes: ['OUTSIDE_WINDOW'], remedies: ['no_action'] });
    expect(leanOf({ eligible: true, eligibility: [], findings: [] })).toBe('none');
    expect(targetFor('quality', { eligible: true, eligibility: [], findings: [] }, DEFAULT_POLICY, []).target.reasonCodes).toEqual(['INSUFFICIENT_EVIDENCE']);
  });
  it('a macro that opens a side form is no decision: it never counts as a hit', () => {
    const asks = DEFAULT_MACROS.filter((m) => m.id === 'm-qu-photos');
    const target = { kind: 'quality' as const, verdict: 'upheld' as const, reasonCodes: ['QU_DEFECT_CONFIRMED'], remedies: ['return_and_refund' as const] };
    expect(keystrokesWith(target, asks)).toBe(5);
    expect(keystrokesWith(target, DEFAULT_MACROS.filter((m) => m.kind === 'quality'))).toBe(2);
  });
});

