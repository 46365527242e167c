/**
 * Domain benchmarks (issue 3 budgets):
 * - assessCase throughput on typical generated bundles, one core (budget ≥ 20,000 bundles/s);
 * - `generate` of 100k cases in a child process: wall seconds (≤ 120) and peak RSS (≤ 1 GiB),
 *   the child reporting its own maxRSS so the parent's heap does not pollute the figure.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CaseBundle } from '../../common/domain';
import { DEFAULT_POLICY } from '../../common/policy';
import { assessCase } from '../../common/rules';
import { generateBundles } from '../../server/demo/bundles';
import type { Bench, Metric } from './harness';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

function assessThroughput(bundles: CaseBundle[], ats: number[], rounds: number): number[] {
  const samples: number[] = [];
  let sink = 0;
  const warmup = 2;
  for (let r = 0; r < rounds + warmup; r++) {
    const t0 = performance.now();
    for (let i = 0; i < bundles.length; i++) sink += assessCase(bundles[i]!, DEFAULT_POLICY, ats[i]!).findings.length;
    const s = (performance.now() - t0) / 1000;
    // The first rounds pay for JIT tiering and for collecting the generator's garbage.
    if (r >= warmup) samples.push(bundles.length / s);
  }
  if (sink < 0) console.log(sink); // keeps the loop observable to the optimiser
  return samples;
}

export const bench: Bench = {
  name: 'domain',
  description: 'rules engine throughput and synthetic data generation (100k cases)',
  async run(ctx) {
    const metrics: Metric[] = [];

    const n = Math.max(500, Math.round(10_000 * ctx.scale));
    const bundles: CaseBundle[] = [];
    const ats: number[] = [];
    for (const g of generateBundles({ cases: n, seed: 4242 })) {
      bundles.push(g.bundle);
      ats.push(Date.parse(g.label.at));
    }
    ctx.log(`assessCase over ${n} generated bundles (typical mix: ~half with anomalies)`);
    metrics.push({ name: 'assessCase throughput', unit: 'bundles/s', samples: assessThroughput(bundles, ats, 5), budget: { op: '>=', value: 20_000 } });

    const cases = Math.max(1000, Math.round(100_000 * ctx.scale));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gavel-gen-'));
    const seconds: number[] = [];
    const rss: number[] = [];
    try {
      const runs = ctx.scale < 0.5 ? 3 : 1;
      for (let i = 0; i < runs; i++) {
        ctx.log(`generate --cases ${cases} (run ${i + 1}/${runs}) in a child process`);
        const t0 = performance.now();
        const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/generate.ts', '--cases', String(cases), '--seed', '1', '--out', dir, '--summary-json'], { cwd: root, maxBuffer: 1 << 20 });
        seconds.push((performance.now() - t0) / 1000);
        const summary = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { peakRssMiB?: number };
        if (typeof summary.peakRssMiB !== 'number') throw new Error(`generate printed no summary: ${stdout}`);
        rss.push(summary.peakRssMiB);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const note = cases === 100_000 ? 'wall time includes process start-up' : `scaled run: ${cases} cases, budget is for 100k`;
    metrics.push({ name: `generate ${cases} cases`, unit: 's', samples: seconds, budget: { op: '<=', value: 120 }, note });
    metrics.push({ name: `generate ${cases} cases peak RSS`, unit: 'MiB', samples: rss, budget: { op: '<=', value: 1024 } });
    return metrics;
  },
};
