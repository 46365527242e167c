import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@common/policy';
import type { Finding } from '@common/rules';
import { assessmentOf, buildDecision, EMPTY_DRAFT, problemSection, toggleCitation } from './decisionModel';
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

describe('toggleCitation', () => {
  it('cites all of a finding’s refs once, and a second toggle removes them', () => {
    const once = toggleCitation([], critical, refKey);
    expect(once).toEqual(critical.refs);
    expect(toggleCitation(once, critical, refKey)).toEqual([]);
  });
});
