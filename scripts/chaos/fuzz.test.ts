import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '@common/ipc/contract';
import { routeList } from '@common/api/routes';
import { runFuzz } from './fuzz';

/**
 * The fuzzers of `npm run chaos -- --only fuzz` (10k inputs per target there), at 100 inputs per
 * target: every HTTP route in the server's route table, every IPC channel through main's router and
 * through the browser-mode host's WebSocket, unknown channels / foreign senders, malformed frames.
 */
describe('fuzzing every HTTP route and IPC channel (small run)', () => {
  it('finds no 5xx, no unnamed field, no crash, no prototype pollution', async () => {
    const report = await runFuzz({ runs: 100, seed: 8, log: () => undefined });
    expect(report.failures).toEqual([]);
    const names = report.targets.map((t) => t.target);
    expect(routeList.length).toBeGreaterThanOrEqual(18);
    // The fuzzer reads the route table (common/api/routes.ts), so new routes are fuzzed without changes here.
    for (const r of routeList.filter((x) => x.path !== '/v1/auth/logout'))
      expect(names).toContain(`HTTP ${r.method} ${r.path}`);
    for (const c of IPC_CHANNELS) {
      expect(names).toContain(`IPC router ${c}`);
      expect(names).toContain(`IPC host-ws ${c}`);
    }
    expect(report.targets.every((t) => t.runs === 100)).toBe(true);
  }, 240_000);
});
