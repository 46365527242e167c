import { describe, expect, it } from 'vitest';
import { COMPLAINT_KINDS } from '../domain';
import defaultPolicyJson from './default-policy.json';
import { DEFAULT_POLICY, parsePolicy } from './index';

describe('default policy', () => {
  it('the shipped JSON file is the TS const (regenerate with npx tsx scripts/genSchema.ts)', () => {
    expect(defaultPolicyJson).toEqual(DEFAULT_POLICY);
    expect(parsePolicy(defaultPolicyJson).ok).toBe(true);
  });

  it('holds the rulebook thresholds', () => {
    const t = DEFAULT_POLICY.thresholds;
    expect([t.orderWindowDays, t.reviewWindowDays, t.noMovementHours, t.weightShortfallRatio, t.maxTransitKmh, t.shipTimeoutMax]).toEqual([90, 180, 48, 0.5, 1000, 3]);
    expect([t.claimSpecTolerance, t.highRefundRate, DEFAULT_POLICY.leases.normalMinutes]).toEqual([0.05, 0.6, 10]);
  });

  it('gives every kind reason codes for both outcomes and at least one remedy', () => {
    for (const k of COMPLAINT_KINDS) {
      const codes = DEFAULT_POLICY.reasonCodes[k];
      expect(codes.some((c) => c.verdicts.includes('rejected'))).toBe(true);
      expect(codes.some((c) => c.verdicts.includes('upheld'))).toBe(true);
      expect(DEFAULT_POLICY.remediesByKind[k].length).toBeGreaterThan(0);
    }
  });

  it('rejects a bad policy with a path', () => {
    const bad = structuredClone(DEFAULT_POLICY) as unknown as { thresholds: { weightShortfallRatio: number } };
    bad.thresholds.weightShortfallRatio = 2;
    const r = parsePolicy(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.path).toBe('thresholds.weightShortfallRatio');
  });
});
