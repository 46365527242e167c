/**
 * Help → Export diagnostics on a data folder whose logs are full (five rolled 5 MB files for main and
 * for the embedded server): wall time of the export, redaction included (budget ≤ 1 s).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportDiagnostics } from '../../main/services/diagnostics';
import { createSettingsStore } from '../../main/services/settingsStore';
import type { Bench } from './harness';

const FILE_BYTES = 5 * 1024 * 1024;

function fillLogs(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const line = (i: number) =>
    `${JSON.stringify({ level: 30, time: new Date(1_800_000_000_000 + i).toISOString(), pid: 4242, component: 'server', reqId: `req-${i}`, req: { method: 'GET', url: `/v1/sync/pull?cursor=${i}.0&limit=500` }, res: { statusCode: 200 }, responseTime: 3.2, msg: 'request completed' })}\n`;
  const block = Array.from({ length: 2000 }, (_, i) => line(i)).join('');
  const body = block.repeat(Math.ceil(FILE_BYTES / block.length)).slice(0, FILE_BYTES);
  for (const role of ['main', 'server']) for (let n = 1; n <= 5; n++) writeFileSync(path.join(dir, `${role}.${n}.log`), body);
}

export const bench: Bench = {
  name: 'diagnostics',
  description: 'diagnostics export with full rolled log files (2 × 5 × 5 MB)',
  async run(ctx) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-bench-diag-'));
    try {
      fillLogs(path.join(dataDir, 'logs'));
      const settings = createSettingsStore(dataDir);
      const samples: number[] = [];
      const rounds = Math.max(5, Math.round(20 * ctx.scale));
      for (let i = 0; i < rounds + 1; i++) {
        const t0 = performance.now();
        await exportDiagnostics(
          {
            dataDir,
            mode: 'browser',
            settings: () => settings.get(),
            connection: () => ({ status: 'online', backendUrl: null, checkedAt: null, detail: null }),
            session: () => Promise.resolve({ user: null, backendUrl: null, standalone: true, store: null }),
            startup: () => ({ phase: 'ready', done: 300, total: 300, detail: null }),
            update: () => ({ status: 'unsupported', unsupported: 'browser_mode', currentVersion: '0.1.0', version: null, percent: null, feedUrl: null, detail: null, checkedAt: null }),
            secrets: () => Promise.resolve(['bench-launch-secret-0123456789']),
          },
          { cases: 300, outboxPending: 0 },
        );
        if (i > 0) samples.push(performance.now() - t0); // the first pays for module and JIT warm-up
      }
      ctx.log(`${rounds} exports`);
      return [{ name: 'export diagnostics', unit: 'ms', samples, budget: { op: '<=', value: 1000 } }];
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
