import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron, test as base, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import { startHost, type RunningHost } from '../main/host/host';

/**
 * One `app` fixture, two ways to run the same specs:
 * - project `browser`: the browser-mode host started in-process (port 0, fresh data dir) and opened in
 *   the system Chromium;
 * - project `electron`: the built app through `_electron.launch`, when an Electron binary exists; the test
 *   is skipped with the reason otherwise (checked on disk only: requiring `electron` would try to
 *   download it, which hangs without a network).
 */
export type AppMode = 'browser' | 'electron';
export type App = {
  mode: AppMode;
  page: Page;
  /** The app's origin: `http://127.0.0.1:<port>` or `app://gavel`. */
  origin: string;
  /** Browser mode only: the running host. */
  host: RunningHost | null;
  /** Every top-level page/window the app has open now (to prove no popup appeared). */
  openPages(): Page[];
};

const root = path.resolve(import.meta.dirname, '..');
const built = (...p: string[]) => path.join(root, 'out', ...p);

/** The Electron executable, or a sentence saying why there is none. */
export function findElectronBinary(): { path: string } | { reason: string } {
  const require = createRequire(import.meta.url);
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed (npm ci)' };
  }
  const platformPath =
    process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : platformPath;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? path.join(override, relative) : path.join(pkgDir, 'dist', relative);
  if (existsSync(candidate)) return { path: candidate };
  return {
    reason: override
      ? `no Electron binary at ELECTRON_OVERRIDE_DIST_PATH (${candidate})`
      : 'no Electron binary: it is fetched on first use and this machine could not download it (set ELECTRON_OVERRIDE_DIST_PATH or ELECTRON_MIRROR)',
  };
}

export const test = base.extend<{ app: App }, { appBrowser: Browser | null }>({
  // Launched once per worker, and only for the browser project (the electron project has no Chromium).
  appBrowser: [
    async ({ playwright }, use, workerInfo) => {
      if (workerInfo.project.name !== 'browser') return use(null);
      const launchOptions = (workerInfo.project.use as { launchOptions?: Parameters<typeof playwright.chromium.launch>[0] }).launchOptions;
      const browser = await playwright.chromium.launch(launchOptions);
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],

  app: async ({ appBrowser }, use, testInfo) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-e2e-'));
    try {
      if (testInfo.project.name === 'electron') {
        const binary = findElectronBinary();
        if ('reason' in binary) testInfo.skip(true, `Electron not available: ${binary.reason}`);
        if (!('path' in binary)) return;
        const electronApp: ElectronApplication = await _electron.launch({
          executablePath: binary.path,
          // Chromium refuses to run as root without --no-sandbox (CI containers); the renderer sandbox flag still applies.
          args: [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
          env: { ...process.env, GAVEL_DATA_DIR: dataDir },
        });
        try {
          const page = await electronApp.firstWindow();
          await use({ mode: 'electron', page, origin: 'app://gavel', host: null, openPages: () => electronApp.windows() });
        } finally {
          await electronApp.close();
        }
        return;
      }
      if (!appBrowser) throw new Error(`project ${testInfo.project.name} has no browser`);
      if (!existsSync(built('renderer', 'index.html')) || !existsSync(built('bridge', 'bridge.js'))) {
        throw new Error('The app is not built: run `npm run build` (npm test does it) before the e2e tests.');
      }
      const host = await startHost({ rendererDir: built('renderer'), bridgeFile: built('bridge', 'bridge.js'), dataDir });
      const context = await appBrowser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        await page.goto(host.url);
        await use({ mode: 'browser', page, origin: host.origin, host, openPages: () => context.pages() });
      } finally {
        await context.close();
        await host.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
