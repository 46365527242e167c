import { describe, expect, it } from 'vitest';
import type { CaseBundleInput } from '@common/domain';
import { DEFAULT_POLICY } from '@common/policy';
import { assessCase } from '@common/rules';
import { clean } from '../../../testing/fixtures/bundles';
import { findingKey, liveAssessment, sameFindings } from './liveAssessment';

const H = 3_600_000;
const pickedUp = Date.parse('2026-03-02T09:00:00+08:00');
/** A fake-shipment complaint whose parcel was picked up and never moved again. */
const stalled = clean((b: CaseBundleInput) => {
  b.case.kind = 'fake_shipment';
  b.traces![0]!.events = b.traces![0]!.events.slice(0, 2);
  b.case.filedAt = new Date(pickedUp + 20 * H).toISOString();
});

describe('live re-assessment of the open case (controlled clock)', () => {
  it('raises NO_MOVEMENT_AFTER_PICKUP once 48 h have passed since the last scan, though the import did not have it', () => {
    const imported = assessCase(stalled, DEFAULT_POLICY, pickedUp + 24 * H);
    const stored = [...imported.eligibility, ...imported.findings];
    expect(stored.map((f) => f.code)).not.toContain('NO_MOVEMENT_AFTER_PICKUP');

    const early = liveAssessment(stalled, DEFAULT_POLICY, pickedUp + 47 * H, stored);
    expect(early.all.map((f) => f.code)).not.toContain('NO_MOVEMENT_AFTER_PICKUP');
    expect(early.appeared.size).toBe(0);

    const later = liveAssessment(stalled, DEFAULT_POLICY, pickedUp + 50 * H, stored);
    const nm = later.all.find((f) => f.code === 'NO_MOVEMENT_AFTER_PICKUP');
    expect(nm?.data).toEqual({ idleHours: 50 });
    expect(later.appeared.has(nm!)).toBe(true);
    expect(later.assessment.at).toBe(new Date(pickedUp + 50 * H).toISOString());
  });

  it('reports a finding the stored assessment had and now is gone', () => {
    const laterStored = assessCase(stalled, DEFAULT_POLICY, pickedUp + 60 * H);
    const stored = [...laterStored.eligibility, ...laterStored.findings];
    // Judged under a policy that waits 72 h, the same case no longer raises it.
    const patient = { ...DEFAULT_POLICY, thresholds: { ...DEFAULT_POLICY.thresholds, noMovementHours: 72 } };
    const live = liveAssessment(stalled, patient, pickedUp + 60 * H, stored);
    expect(live.gone.map((f) => f.code)).toContain('NO_MOVEMENT_AFTER_PICKUP');
  });

  it('keeps a finding the same when only its figures move', () => {
    const a = liveAssessment(stalled, DEFAULT_POLICY, pickedUp + 50 * H, []).all.find((f) => f.code === 'NO_MOVEMENT_AFTER_PICKUP')!;
    const b = liveAssessment(stalled, DEFAULT_POLICY, pickedUp + 90 * H, []).all.find((f) => f.code === 'NO_MOVEMENT_AFTER_PICKUP')!;
    expect(a.message_en).not.toBe(b.message_en);
    expect(findingKey(a)).toBe(findingKey(b));
  });

  it('tells a commit whether the case must be drawn again: only when the findings moved, not their figures', () => {
    const at = (h: number) => liveAssessment(stalled, DEFAULT_POLICY, pickedUp + h * H, []).assessment;
    // 50 h and 90 h idle: the same finding with other figures.
    expect(sameFindings(at(50), at(90))).toBe(true);
    // 47 h → 50 h: NO_MOVEMENT_AFTER_PICKUP appears.
    expect(sameFindings(at(47), at(50))).toBe(false);
    const a = at(50);
    const milder = { ...a, findings: a.findings.map((f) => (f.code === 'NO_MOVEMENT_AFTER_PICKUP' ? { ...f, severity: 'info' as const } : f)) };
    expect(sameFindings(a, milder)).toBe(false);
    expect(sameFindings(a, { ...a, policyVersion: 'other' })).toBe(false);
  });
});
