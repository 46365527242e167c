import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';
import { startHost, type RunningHost } from '../main/host/host';

const root = path.resolve(import.meta.dirname, '..');

/**
 * Registers a fresh browser-mode host with an embedded backend seeded with `seed` demo cases
 * around each test of the calling spec file (the browser project only; the electron project skips
 * with the reason). Returns a getter for the running host.
 */
export function useStandaloneHost(seed: number): () => RunningHost {
  let host: RunningHost | null = null;
  let dataDir: string | null = null;
  test.beforeEach(async ({ browserName: _ }, testInfo) => {
    test.skip(testInfo.project.name !== 'browser', 'drives the browser-mode host with an embedded backend');
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-e2e-'));
    host = await startHost({
      rendererDir: path.join(root, 'out', 'renderer'),
      bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'),
      dataDir,
      standalone: { seed },
    });
  });
  test.afterEach(async () => {
    await host?.close();
    host = null;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!host) throw new Error('the standalone host is not running (browser project only)');
    return host;
  };
}
