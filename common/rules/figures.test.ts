import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageBeyond, keepSide } from './figures';

const D = 86_400_000;

describe('figures that keep their side of a limit', () => {
  it('rounds as usual when that stays beyond the limit', () => {
    expect(keepSide(1234.4, 1000)).toBe(1234);
    expect(keepSide(91.04, 90, 1)).toBe(91);
  });
  it('adds decimals near the limit instead of printing the limit itself', () => {
    expect(keepSide(1000.3, 1000)).toBe(1000.3);
    expect(keepSide(49.96, 50)).toBe(49.96);
    expect(keepSide(60.004, 60)).toBe(60.004);
  });
  it('says "90 days and 1 minute", never "90.0 days", for an order just outside a 90-day window', () => {
    const a = ageBeyond(90 * D + 60_000, 90);
    expect(a.en).toBe('90 days and 1 minute');
    expect(a.zh).toBe('90 天零 1 分钟');
    expect(a.days).toBeGreaterThan(90);
    expect(ageBeyond(90 * D + 3_600_000 + 5, 90).en).toBe('90 days and 1 hour');
    expect(ageBeyond(90 * D + 2 * 3_600_000 + 5, 90).en).toBe('90.1 days');
    expect(ageBeyond(90 * D + 1, 90).en).toBe('90 days and 1 ms');
    expect(ageBeyond(91.5 * D, 90).en).toBe('91.5 days');
  });
  it('property: the printed figure is beyond the limit whenever the value is', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 1e-9, max: 100, noNaN: true }), fc.boolean(), (limit, delta, above) => {
        const x = above ? limit + delta : limit - delta;
        const r = keepSide(x, limit);
        expect(above ? r > limit : r < limit).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 5 * D }), (limit, excess) => {
        const a = ageBeyond(limit * D + excess, limit);
        expect(a.days).toBeGreaterThan(limit);
        const n = Number(/^[\d.]+/.exec(a.en)?.[0]);
        // Either a decimal figure beyond the limit, or the limit plus a named excess.
        expect(n > limit || (n === limit && / and \d+ /.test(a.en))).toBe(true);
      }),
    );
  });
});
