import { describe, expect, it } from 'vitest';
import { compactSpan, formatFen } from './format';

describe('countdowns and money', () => {
  const H = 3_600_000;
  it('formats spans compactly', () => {
    expect(compactSpan(2 * 86_400_000 + 4 * H + 5)).toBe('2d 4h');
    expect(compactSpan(-(3 * H + 5 * 60_000))).toBe('3h 05m');
    expect(compactSpan(4 * 60_000 + 9000)).toBe('4m 09s');
  });
  it('formats fen as yuan without floating point', () => {
    expect(formatFen(19900)).toBe('¥199.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(123456789)).toBe('¥1,234,567.89');
  });
});
