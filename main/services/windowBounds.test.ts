import { describe, expect, it } from 'vitest';
import { fitWindowBounds } from './windowBounds';

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const second = { x: 1920, y: 0, width: 1280, height: 1000 };

describe('fitWindowBounds', () => {
  it('keeps saved bounds that are on a present display', () => {
    const saved = { x: 2000, y: 50, width: 1000, height: 700 };
    expect(fitWindowBounds(saved, [primary, second], primary)).toEqual(saved);
  });
  it('re-centres on the primary display when the saved display is gone', () => {
    const saved = { x: 2000, y: 50, width: 1000, height: 700 };
    expect(fitWindowBounds(saved, [primary], primary)).toEqual({ x: 460, y: 170, width: 1000, height: 700 });
  });
  it('defaults to a centred window that fits the screen', () => {
    const small = { x: 0, y: 0, width: 1280, height: 720 };
    const fitted = fitWindowBounds(null, [small], small);
    expect(fitted.width).toBeLessThanOrEqual(1280);
    expect(fitted.height).toBeLessThanOrEqual(720);
    expect(fitted.x).toBeGreaterThanOrEqual(0);
  });
});
