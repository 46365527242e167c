import { describe, expect, it } from 'vitest';
import { holdIdleWork, idleWorkHeld } from './idleWork';

describe('idle work stands aside during a foreground write', () => {
  it('is held while any write is in flight, and released when the last settles, resolved or failed', async () => {
    expect(idleWorkHeld()).toBe(false);
    let finishA!: () => void;
    let failB!: (e: Error) => void;
    const a = holdIdleWork(new Promise<void>((r) => (finishA = r)));
    const b = holdIdleWork(new Promise<void>((_, j) => (failB = j)));
    expect(idleWorkHeld()).toBe(true);
    finishA();
    await a;
    expect(idleWorkHeld()).toBe(true);
    failB(new Error('quota'));
    await expect(b).rejects.toThrow('quota');
    expect(idleWorkHeld()).toBe(false);
  });
});
