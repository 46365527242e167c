import { describe, expect, it } from 'vitest';
import { leaseTone, slaTone } from './tones';

describe('countdown tones', () => {
  const H = 3_600_000;
  it('turns amber under 12 hours and red when overdue', () => {
    expect(slaTone(13 * H, 0)).toBe('ok');
    expect(slaTone(12 * H - 1, 0)).toBe('warn');
    expect(slaTone(-1, 0)).toBe('bad');
    expect(leaseTone(null, 0)).toBe('idle');
    expect(leaseTone(60_000, 0)).toBe('warn');
    expect(leaseTone(0, 0)).toBe('bad');
  });
});
