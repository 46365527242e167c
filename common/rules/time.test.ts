import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoMs } from './time';

describe('isoMs', () => {
  it('agrees with Date.parse on platform-shaped timestamps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('2090-12-31T00:00:00Z') }),
        fc.constantFrom('Z', '+08:00', '-05:30', '+00:00', '+14:00'),
        fc.constantFrom(0, 1, 3, 6),
        (ms, off, fracDigits) => {
          const base = new Date(ms).toISOString();
          const s = `${base.slice(0, 19)}${fracDigits ? base.slice(19, 20) + `${base.slice(20, 23)}000`.slice(0, fracDigits) : ''}${off}`;
          expect(isoMs(s)).toBe(Date.parse(s));
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('falls back for other shapes', () => {
    expect(isoMs('2026-03-01')).toBe(Date.parse('2026-03-01'));
    expect(Number.isNaN(isoMs('nonsense'))).toBe(true);
  });
});
