import { describe, expect, it } from 'vitest';
import type { Decision } from '../domain';
import { DEFAULT_POLICY } from '../policy';
import { goesAgainst, validateDecision } from './decision';
import { assessCase } from './engine';
import { AT, clean } from '../../testing/fixtures/bundles';
import { canWithdraw, withdraw } from './lifecycle';
import type { Finding } from './types';

const P = DEFAULT_POLICY;
const decision = (over: Partial<Decision> = {}): Decision => ({
  verdict: 'upheld',
  remedies: ['refund_buyer'],
  reasonCodes: ['LS_SHIPPED_LATE'],
  note: '',
  citedEvidence: [],
  decidedBy: 'arb1',
  decidedAt: AT,
  policyVersion: P.version,
  mutationId: 'm-1',
  ...over,
});

describe('validateDecision', () => {
  const b = clean();
  const a = assessCase(b, P, AT);
  it('accepts a well-formed decision', () => expect(validateDecision(decision(), b, a, P)).toEqual([]));
  it('requires a reason code from the kind’s list that fits the verdict', () => {
    expect(validateDecision(decision({ reasonCodes: [] }), b, a, P).map((p) => p.field)).toContain('reasonCodes');
    expect(validateDecision(decision({ reasonCodes: ['AS_EMPTY_PARCEL'] }), b, a, P)).toEqual([
      { field: 'reasonCodes[0]', code: 'reason_unknown', params: { reason: 'AS_EMPTY_PARCEL', kind: 'late_shipment' }, message: expect.stringContaining('not in the list') as string },
    ]);
    expect(validateDecision(decision({ reasonCodes: ['LS_FORCE_MAJEURE'] }), b, a, P)[0]?.field).toBe('reasonCodes[0]');
  });
  it('checks remedies against the kind', () => {
    expect(validateDecision(decision({ remedies: ['remove_review'] }), b, a, P)[0]).toMatchObject({ field: 'remedies[0]' });
    expect(validateDecision(decision({ remedies: [] }), b, a, P)[0]).toMatchObject({ field: 'remedies' });
    expect(validateDecision(decision({ remedies: ['no_action', 'refund_buyer'] }), b, a, P)[0]).toMatchObject({ field: 'remedies' });
    expect(validateDecision(decision({ verdict: 'rejected', reasonCodes: ['INSUFFICIENT_EVIDENCE'], remedies: ['refund_buyer'] }), b, a, P)[0]).toMatchObject({ field: 'remedies' });
  });
  it('requires a note when rejecting against a critical finding that supports the complaint', () => {
    const late = clean((x) => { x.traces![0]!.events[1]!.at = '2026-03-04T10:00:00+08:00'; });
    const la = assessCase(late, P, AT);
    expect(la.findings.map((f) => f.code)).toContain('SHIP_TIMEOUT');
    const rej = decision({ verdict: 'rejected', reasonCodes: ['LS_FORCE_MAJEURE'], remedies: ['no_action'] });
    expect(validateDecision(rej, late, la, P)).toEqual([{ field: 'note', code: 'note_required', params: { codes: expect.arrayContaining(['SHIP_TIMEOUT']) as string[] }, message: expect.stringContaining('SHIP_TIMEOUT') as string }]);
    expect(validateDecision({ ...rej, note: '台风停运，有官方通告' }, late, la, P)).toEqual([]);
    // A snippet of the kind, however long, is not the arbitrator's own words; a few words beyond it are.
    const snippet = '现有证据不足以支持投诉，订单 {{orderId}} 按规则处理。';
    const rendered = snippet.replace('{{orderId}}', late.orders[0]!.id);
    expect(validateDecision({ ...rej, note: rendered }, late, la, P, { snippets: [snippet] }).map((p) => p.code)).toEqual(['note_own_words']);
    expect(validateDecision({ ...rej, note: `${rendered} 台风停运，有官方通告` }, late, la, P, { snippets: [snippet] })).toEqual([]);
    expect(validateDecision(decision(), late, la, P)).toEqual([]); // upheld agrees with it
  });
  it('requires an eligibility override with a reason when upholding an ineligible case', () => {
    const old = clean((x) => { x.case.kind = 'quality'; x.case.subject.orderIds = ['nope']; });
    const oa = assessCase(old, P, AT);
    const d = decision({ reasonCodes: ['QU_DEFECT_CONFIRMED'] });
    expect(validateDecision(d, old, oa, P).map((p) => p.field)).toEqual(['eligibilityOverride']);
    expect(validateDecision({ ...d, eligibilityOverride: { reason: '  ' } }, old, oa, P).map((p) => p.field)).toEqual(['eligibilityOverride']);
    expect(validateDecision({ ...d, eligibilityOverride: { reason: '商家承认订单号录错' } }, old, oa, P)).toEqual([]);
    expect(validateDecision({ ...d, verdict: 'rejected', reasonCodes: ['INSUFFICIENT_EVIDENCE'], remedies: ['no_action'] }, old, oa, P).map((p) => p.field)).not.toContain('eligibilityOverride');
  });
  it('only accepts cited evidence that is in the bundle', () => {
    const cited = decision({ citedEvidence: [{ type: 'trace_event', trackingNumber: 'SF1000000001', seq: 2 }, { type: 'review', reviewId: 'ghost' }] });
    expect(validateDecision(cited, b, a, P)).toEqual([{ field: 'citedEvidence[1]', code: 'cited_missing', params: { type: 'review' }, message: expect.stringContaining('review') as string }]);
  });
  it('flags a stale policy version', () => expect(validateDecision(decision({ policyVersion: '2025.9' }), b, a, P)[0]?.field).toBe('policyVersion'));
  it('defines "against" by stance', () => {
    const f: Omit<Finding, 'stance'> = { code: 'SHIP_TIMEOUT', severity: 'critical', message_zh: '', message_en: '', refs: [], implicatedPartyIds: [] };
    expect(goesAgainst('rejected', { ...f, stance: 'supports_complaint' })).toBe(true);
    expect(goesAgainst('partially_upheld', { ...f, stance: 'supports_complaint' })).toBe(false);
    expect(goesAgainst('partially_upheld', { ...f, stance: 'undermines_complaint' })).toBe(true);
    expect(goesAgainst('rejected', { ...f, stance: 'neutral' })).toBe(false);
  });
});

describe('withdraw', () => {
  it('serious kinds keep the penalty review', () => {
    expect(withdraw('queued', 'counterfeit')).toEqual({ ok: true, status: 'withdrawn_penalty_retained' });
    expect(withdraw('claimed', 'false_advertising')).toEqual({ ok: true, status: 'withdrawn_penalty_retained' });
    expect(withdraw('awaiting_evidence', 'quality')).toEqual({ ok: true, status: 'withdrawn' });
  });
  it('is refused after a decision', () => {
    for (const s of ['decided', 'appealed', 'closed', 'withdrawn', 'withdrawn_penalty_retained'] as const) {
      expect(canWithdraw(s)).toBe(false);
      expect(withdraw(s, 'quality').ok).toBe(false);
    }
  });
});
