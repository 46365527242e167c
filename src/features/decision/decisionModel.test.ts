import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@common/policy';
import type { Finding } from '@common/rules';
import { assessmentOf, buildDecision, draftOf, EMPTY_DRAFT, needsOverride, problemSection, toggleCitation } from './decisionModel';
import { refKey } from '../../ui/evidenceHighlight';
import { caseView } from '../../../testing/fixtures/caseViews';

const view = caseView(1);
const critical: Finding = { code: 'WEIGHT_SHORTFALL', severity: 'critical', message_zh: '', message_en: '', refs: [{ type: 'order', orderId: 'o-1' }], stance: 'supports_complaint', implicatedPartyIds: [] };
const ctx = { bundle: view.bundle, assessment: assessmentOf([critical], [], DEFAULT_POLICY.version), policy: DEFAULT_POLICY, userId: 'arb-1', now: new Date('2026-11-23T10:00:00Z'), mutationId: 'm-1' };

describe('buildDecision', () => {
  it('asks for a verdict first', () => {
    expect(buildDecision(EMPTY_DRAFT, ctx).problems.map((p) => p.field)).toEqual(['verdict']);
  });
  it('refuses without a signed-in user', () => {
    expect(buildDecision({ ...EMPTY_DRAFT, verdict: 'upheld' }, { ...ctx, userId: null }).problems.map((p) => p.field)).toEqual(['decidedBy']);
  });
  it('requires a note when rejecting against a critical finding, and accepts it with one', () => {
    const draft = { ...EMPTY_DRAFT, verdict: 'rejected' as const, reasonCodes: ['INSUFFICIENT_EVIDENCE'], remedies: ['no_action' as const] };
    expect(buildDecision(draft, ctx).problems.map((p) => problemSection(p.field))).toEqual(['note']);
    const ok = buildDecision({ ...draft, note: '  称重记录不可靠  ' }, ctx);
    expect(ok.problems).toEqual([]);
    expect(ok.decision).toMatchObject({ verdict: 'rejected', note: '称重记录不可靠', decidedBy: 'arb-1', policyVersion: DEFAULT_POLICY.version, mutationId: 'm-1' });
  });
  it('flags a remedy the verdict does not allow', () => {
    const r = buildDecision({ ...EMPTY_DRAFT, verdict: 'rejected', reasonCodes: ['INSUFFICIENT_EVIDENCE'], remedies: ['compensate_merchant'], note: 'x' }, ctx);
    expect(r.problems.map((p) => problemSection(p.field))).toContain('remedies');
  });
});

describe('the rules that protect the evidence', () => {
  const template = '现有证据不足以支持投诉。';
  const draft = { ...EMPTY_DRAFT, verdict: 'rejected' as const, reasonCodes: ['INSUFFICIENT_EVIDENCE'], remedies: ['no_action' as const] };
  it('does not take a template for the note required against a critical finding', () => {
    expect(buildDecision({ ...draft, note: template }, { ...ctx, snippets: [template] }).problems.map((p) => p.code)).toEqual(['note_own_words']);
    expect(buildDecision({ ...draft, note: `${template}称重记录与面单不符` }, { ...ctx, snippets: [template] }).problems).toEqual([]);
  });
  it('records the reason of an eligibility override, and asks for one when upholding an ineligible case', () => {
    const ineligible: Finding = { ...critical, code: 'ORDER_OUTSIDE_WINDOW', stance: 'undermines_complaint' };
    const c = { ...ctx, assessment: assessmentOf([], [ineligible], DEFAULT_POLICY.version) };
    expect(needsOverride('upheld', c.assessment)).toBe(true);
    expect(needsOverride('rejected', c.assessment)).toBe(false);
    const upheld = { ...EMPTY_DRAFT, verdict: 'upheld' as const, reasonCodes: [DEFAULT_POLICY.reasonCodes[view.bundle.case.kind].find((r) => r.verdicts.includes('upheld'))!.code], remedies: [DEFAULT_POLICY.remediesByKind[view.bundle.case.kind].find((r) => r !== 'no_action')!] };
    expect(buildDecision(upheld, c).problems.map((p) => p.field)).toContain('eligibilityOverride');
    const ok = buildDecision({ ...upheld, override: '商家承认订单号录错', note: '商家承认订单号录错，按成立处理' }, c);
    expect(ok.problems.map((p) => p.field)).not.toContain('eligibilityOverride');
    expect(ok.decision?.eligibilityOverride).toEqual({ reason: '商家承认订单号录错' });
  });
  it('gives back the draft a decision was made from, for undo', () => {
    const d = buildDecision({ ...draft, note: '称重记录不可靠', cited: [{ type: 'order', orderId: 'o-1' }] }, ctx).decision!;
    expect(draftOf(d)).toEqual({ ...draft, note: '称重记录不可靠', cited: [{ type: 'order', orderId: 'o-1' }], override: '' });
  });
});

describe('toggleCitation', () => {
  it('cites all of a finding’s refs once, and a second toggle removes them', () => {
    const once = toggleCitation([], critical, refKey);
    expect(once).toEqual(critical.refs);
    expect(toggleCitation(once, critical, refKey)).toEqual([]);
  });
});
