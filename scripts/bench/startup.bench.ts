/**
 * `npm start` where Electron cannot be had (no binary, no network): wall time from launching the
 * command to the printed browser-mode URL, on the second and later starts, when the failed Electron
 * download is remembered (budget ≤ 8 s). The first start (probe included) is reported beside it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Bench } from './harness';

const root = path.resolve(import.meta.dirname, '../..');
/** Where scripts/electron.mjs remembers a failed download (FETCH_MEMO there); removed to time a first start. */
const FETCH_MEMO = path.join(root, 'node_modules', '.cache', 'gavel', 'electron-fetch.json');

/** Milliseconds until `Open: …` (the launch file, or a URL) appears; the host is stopped right after. */
function startOnce(dataDir: string): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, GAVEL_ELECTRON_RETRY_HOURS: '24' };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--no-open', '--port', '0', '--data-dir', dataDir, '--seed', '300'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/Open: (?:file|http):/.test(out)) {
        const ms = performance.now() - started;
        child.once('exit', () => resolve(ms));
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      if (!/Open: (?:file|http):/.test(out)) reject(new Error(`npm start exited (${code}) before printing the URL:\n${out}`));
    });
  });
}

export const bench: Bench = {
  name: 'startup',
  description: 'npm start without Electron: time to the browser-mode URL, first and later starts',
  async run(ctx) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-bench-start-'));
    try {
      // Builds when sources changed, and seeds the data folder, outside the measurement.
      await startOnce(dataDir);
      const first: number[] = [];
      const later: number[] = [];
      const rounds = Math.max(3, Math.round(7 * ctx.scale));
      for (let i = 0; i < rounds; i++) {
        rmSync(FETCH_MEMO, { force: true });
        first.push(await startOnce(dataDir));
        later.push(await startOnce(dataDir));
        ctx.log(`round ${i + 1}: first start ${first.at(-1)!.toFixed(0)} ms, second ${later.at(-1)!.toFixed(0)} ms`);
      }
      return [
        {
          name: 'npm start to the printed URL, second start',
          unit: 'ms',
          samples: later,
          budget: { op: '<=', value: 8000 },
          peer: { name: 'first start (download host probed)', samples: first },
        },
      ];
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
