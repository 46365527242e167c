import { describe, expect, it } from 'vitest';
import { compactSpan, formatDateTime, formatFen } from './format';

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

describe('dates and amounts per UI language', () => {
  it('writes English dates with a month name and a 24-hour clock, never dd/mm beside AM/PM', () => {
    const en = formatDateTime('2026-07-03T06:05:00Z', 'en');
    expect(en).toContain('Jul');
    expect(en).toMatch(/\d{2}:\d{2}/);
    expect(en).not.toMatch(/AM|PM|\d{2}\/\d{2}/);
    expect(formatDateTime('2026-07-03T06:05:00Z', 'zh-CN')).toMatch(/2026\/07\/0[34]/);
  });
  it('formats amounts through Intl for the language', () => {
    expect(formatFen(123456, 'en')).toBe('¥1,234.56');
    expect(formatFen(123456, 'zh-CN')).toBe('¥1,234.56');
  });
});
