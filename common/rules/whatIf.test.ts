import { describe, expect, it } from 'vitest';
import type { Decision } from '../domain';
import { DEFAULT_POLICY, type Policy } from '../policy';
import { AT, D, FILED, clean, iso, t } from '../../testing/fixtures/bundles';
import { addSummary, compareCase, emptySummary, tally } from './whatIf';

const draft = (patch: Partial<Policy['thresholds']>, more: Partial<Policy> = {}): Policy => ({ ...DEFAULT_POLICY, version: 'draft', thresholds: { ...DEFAULT_POLICY.thresholds, ...patch }, ...more });
const at = t(AT);

describe('what-if: a draft against the governing policy', () => {
  it('reports nothing for a draft that changes nothing that matters to the case', () => {
    expect(compareCase({ bundle: clean(), governing: DEFAULT_POLICY, at }, draft({ ringWindowDays: 10 }))).toBeNull();
  });

  it('reports raised codes and eligibility flips', () => {
    const old = clean((b) => {
      b.case.kind = 'abnormal_order';
      b.case.complainantId = 'm1';
      b.case.respondentId = 'u1';
      b.orders![0]!.createdAt = iso(t(FILED) - 40 * D);
      b.orders![0]!.shipBy = iso(t(FILED) - 38 * D);
    });
    const flip = compareCase({ bundle: old, governing: DEFAULT_POLICY, at }, draft({ orderWindowDays: 30 }));
    expect(flip).toMatchObject({ raised: ['ORDER_OUTSIDE_WINDOW'], dropped: [], eligible: { from: true, to: false }, decided: false, validation: null });
  });

  it('reports a decision that would no longer validate (its reason code is gone from the draft)', () => {
    const b = clean();
    const decision: Decision = { verdict: 'rejected', remedies: ['no_action'], reasonCodes: ['LS_FORCE_MAJEURE'], note: '', citedEvidence: [], decidedBy: 'a', decidedAt: AT, policyVersion: DEFAULT_POLICY.version, mutationId: 'm' };
    const noForceMajeure = draft({}, { reasonCodes: { ...DEFAULT_POLICY.reasonCodes, late_shipment: DEFAULT_POLICY.reasonCodes.late_shipment.filter((r) => r.code !== 'LS_FORCE_MAJEURE') } });
    const flip = compareCase({ bundle: b, governing: DEFAULT_POLICY, at, decision }, noForceMajeure);
    expect(flip?.validation).toEqual({ from: [], to: ['reasonCodes[0]'] });
    expect(flip?.decided).toBe(true);
  });

  it('tallies by kind and by code', () => {
    const s = emptySummary();
    const old = clean((b) => { b.orders![0]!.shipBy = iso(t('2026-03-02T08:00:00+08:00')); });
    const flip = compareCase({ bundle: old, governing: DEFAULT_POLICY, at }, draft({ shipTimeoutMax: 1 }));
    // Same code under both (the count changes, the code does not): not a flip.
    expect(flip).toBeNull();
    tally(s, 'late_shipment', false, flip);
    tally(s, 'late_shipment', true, { caseId: 'x', externalId: 'X', kind: 'late_shipment', decided: true, raised: ['SHIP_TIMEOUT'], dropped: [], eligible: { from: true, to: true }, validation: { from: [], to: ['note'] } });
    expect(s).toEqual({ examined: { open: 1, decided: 1 }, changed: 1, byKind: { late_shipment: { cases: 2, changed: 1, raised: 1, dropped: 0, eligibility: 0, validation: 1 } }, raisedByCode: { SHIP_TIMEOUT: 1 }, droppedByCode: {} });
    // Slices of one run add up.
    const twice = addSummary(addSummary(emptySummary(), s), s);
    expect(twice).toMatchObject({ examined: { open: 2, decided: 2 }, changed: 2, byKind: { late_shipment: { cases: 4, validation: 2 } }, raisedByCode: { SHIP_TIMEOUT: 2 } });
  });
});
