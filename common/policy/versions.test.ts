import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byEffectiveFrom, PolicyVersions, versionInForce } from './versions';

const v = (version: string, effectiveFrom: string) => ({ version, effectiveFrom });
const set = new PolicyVersions([v('2026.2', '2026-07-01T00:00:00+08:00'), v('2026.1', '2026-01-01T00:00:00+08:00'), v('2027.1', '2027-01-01T00:00:00+08:00')]);

describe('the version in force at filing', () => {
  it('picks the latest version effective at or before the instant', () => {
    expect(set.governing('2026-03-01T00:00:00+08:00')?.version).toBe('2026.1');
    expect(set.governing('2026-08-01T00:00:00Z')?.version).toBe('2026.2');
    expect(set.governing('2027-06-01T00:00:00Z')?.version).toBe('2027.1');
  });

  it('puts the boundary instant under the new version, and the millisecond before under the old', () => {
    const at = Date.parse('2026-07-01T00:00:00+08:00');
    expect(set.governing(at)?.version).toBe('2026.2');
    expect(set.governing(at - 1)?.version).toBe('2026.1');
    // The same instant written with another offset.
    expect(set.governing('2026-06-30T16:00:00Z')?.version).toBe('2026.2');
    expect(set.governing('2026-06-30T15:59:59.999Z')?.version).toBe('2026.1');
  });

  it('lets the base version govern cases filed before it', () => {
    expect(set.governing('2020-01-01T00:00:00Z')?.version).toBe('2026.1');
    expect(new PolicyVersions([]).governing(0)).toBeUndefined();
  });

  it('looks versions up by name', () => {
    expect(set.get('2026.2')?.effectiveFrom).toBe('2026-07-01T00:00:00+08:00');
    expect(set.get('nope')).toBeUndefined();
  });

  it('property: agrees with a linear scan for any versions and any instant', () => {
    const instant = fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2028-01-01T00:00:00Z') });
    fc.assert(
      fc.property(fc.uniqueArray(instant, { minLength: 1, maxLength: 8 }), instant, fc.boolean(), (starts, at, onBoundary) => {
        const versions = starts.map((s, i) => v(`v${i}`, new Date(s).toISOString()));
        const t = onBoundary ? starts[at % starts.length]! : at;
        const sorted = byEffectiveFrom(versions);
        const inForce = versions.filter((x) => Date.parse(x.effectiveFrom) <= t).sort((a, b) => Date.parse(b.effectiveFrom) - Date.parse(a.effectiveFrom))[0];
        const earliest = sorted[0]!;
        expect(versionInForce(sorted, t)?.version).toBe((inForce ?? earliest).version);
        if (onBoundary) expect(Date.parse(versionInForce(sorted, t)!.effectiveFrom)).toBe(t);
      }),
    );
  });
});
