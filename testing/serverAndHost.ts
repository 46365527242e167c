import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type Browser, type Page } from '@playwright/test';
import { startHost, type RunningHost } from '../main/host/host';
import { startServer, type RunningServer, type StartOptions } from '../server/start';
import { AppShellPage } from './pages/AppShellPage';
import { WorkstationPage } from './pages/WorkstationPage';

const root = path.resolve(import.meta.dirname, '..');

/**
 * A real backend on loopback (embedded PGlite, the demo accounts, `seed` demo cases) and a
 * browser-mode host beside it that is not yet pointed at it, fresh around each test of the calling
 * spec (the browser project only; the electron project skips with the reason). Returns getters.
 */
export function useServerAndHost(
  name: string,
  seed: number,
  extra: Pick<StartOptions, 'demoDecisions'> = {},
): { host: () => RunningHost; server: () => RunningServer } {
  let host: RunningHost | null = null;
  let server: RunningServer | null = null;
  const dirs: string[] = [];
  test.beforeEach(async ({ browserName: _ }, testInfo) => {
    test.skip(testInfo.project.name !== 'browser', 'runs a backend next to the browser-mode host');
    const serverDir = mkdtempSync(path.join(os.tmpdir(), `gavel-${name}-server-`));
    const hostDir = mkdtempSync(path.join(os.tmpdir(), `gavel-${name}-host-`));
    dirs.push(serverDir, hostDir);
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir: serverDir, seed, logger: false, demoAccounts: true, ...extra });
    host = await startHost({ rendererDir: path.join(root, 'out', 'renderer'), bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'), dataDir: hostDir });
  });
  test.afterEach(async () => {
    await host?.close();
    await server?.close();
    host = null;
    server = null;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    host: () => {
      if (!host) throw new Error('the host is not running (browser project only)');
      return host;
    },
    server: () => {
      if (!server) throw new Error('the server is not running (browser project only)');
      return server;
    },
  };
}

/**
 * A new window on the host, in zh-CN and the light theme, pointed at the server and signed out:
 * where a spec that signs people in starts.
 */
export async function openApp(
  browser: Browser,
  host: RunningHost,
  server: RunningServer,
  viewport = { width: 1440, height: 900 },
): Promise<{ page: Page; shell: AppShellPage; ws: WorkstationPage }> {
  const page = await (await browser.newContext({ viewport })).newPage();
  const shell = new AppShellPage(page);
  await page.goto(host.url);
  await page.evaluate(() => window.gavel!.settings.set({ locale: 'zh-CN', theme: 'light' }));
  await shell.setBackend(server.url);
  return { page, shell, ws: new WorkstationPage(page) };
}
