/**
 * The system Chromium every browser-driving tool here uses (Playwright projects, browser benches):
 * Debian's package, never a downloaded browser. Without the background-networking flags Chromium
 * keeps trying to reach Google's hosts, which this closed network refuses by the dozen.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DISABLED_CHROMIUM_FEATURES } from '../main/services/chromiumFeatures';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // As the app's Electron shell runs its renderer; GAVEL_STOCK_CHROMIUM=1 measures a stock browser.
  ...(process.env.GAVEL_STOCK_CHROMIUM === '1' ? [] : [`--disable-features=${DISABLED_CHROMIUM_FEATURES.join(',')}`]),
];

/** The browser-mode host serves out/; build it once when a bench or script starts from a clean tree. */
export function ensureBuilt(root: string): void {
  const outputs = ['out/main/host.js', 'out/renderer/index.html', 'out/bridge/bridge.js'];
  if (outputs.every((f) => existsSync(path.join(root, f)))) return;
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}
