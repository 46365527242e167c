import { expect, test } from '@playwright/test';
import { SCENARIOS } from '../testing/chaos/scenarios';
import { World } from '../testing/chaos/world';

/**
 * The fault-injection suite in small (`npm run chaos` is the full run): two trials of every fault
 * (host and server SIGKILLs, the 30%-drop / 20%-duplicate / 2 s-delay network, server restarts during
 * pushes, ±10 min client clock skew) with 20 decisions each, against the real server and host
 * processes and the built renderer. After each: every decision on the server exactly once, the
 * browser's Dexie equal to the server, nothing pending (World.verify).
 */
const TRIALS = 2;
const DECISIONS = 20;
const SEED = 20261123;

test('every decision lands exactly once through kills, a bad network, restarts and clock skew', async ({
  browserName: _,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'browser', 'kills the browser-mode host and the server');
  test.setTimeout(600_000);
  const world = new World({ log: () => undefined });
  const outcomes: string[] = [];
  try {
    await world.start();
    // Skew last: it replaces the workstation with a clock-shifted one.
    for (const s of SCENARIOS) {
      for (let i = 0; i < TRIALS; i++) {
        world.reseed(SEED + i * 7919 + s.name.length);
        const out = await s.trial(world, i, DECISIONS);
        outcomes.push(
          `${s.name} #${i} ${out.fault}: ${out.problems.length ? out.problems.join('; ') : 'ok'}`,
        );
        expect(out.problems, `${s.name} trial ${i} (${out.fault})`).toEqual([]);
      }
    }
  } finally {
    await testInfo.attach('trials', { body: outcomes.join('\n'), contentType: 'text/plain' });
    await world.close();
  }
  expect(outcomes).toHaveLength(SCENARIOS.length * TRIALS);
});
