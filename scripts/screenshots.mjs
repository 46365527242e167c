#!/usr/bin/env node
// `npm run screenshots`: start the browser-mode host on the built app with the seeded demo (standalone),
// open it in Chromium, and save the queue and settings in zh-CN and en, light and dark, to docs/screenshots/. Made by script so they stay honest
// and can be regenerated after any UI change. Builds first when out/ is missing.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
// Run with tsx (npm run screenshots): the Chromium definition is shared with Playwright and the benches.
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureBuilt } from '../testing/chromium.ts';
import { parseCli } from '../server/cli.mjs';

parseCli({ name: 'screenshots', usage: `usage: npm run screenshots   (or: npx tsx scripts/screenshots.mjs)

Saves the first screen in zh-CN and en, light and dark, and a searched queue, to docs/screenshots/ (builds first when out/ is missing).

  -h, --help   this text` });
/* global window, document -- page.evaluate callbacks run in the browser */

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'docs', 'screenshots');
ensureBuilt(root);
const { startHost } = await import(path.join(root, 'out', 'main', 'host.js'));

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-shots-'));
const host = await startHost({ rendererDir: path.join(root, 'out', 'renderer'), dataDir, standalone: { seed: 120 } });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--font-render-hinting=none'] });
mkdirSync(out, { recursive: true });

const shots = [
  { name: 'queue-zh-CN-light', locale: 'zh-CN', theme: 'light', route: 'queue' },
  { name: 'queue-en-light', locale: 'en', theme: 'light', route: 'queue' },
  { name: 'queue-zh-CN-dark', locale: 'zh-CN', theme: 'dark', route: 'queue' },
  { name: 'queue-en-dark', locale: 'en', theme: 'dark', route: 'queue' },
  // A search: the list starts again at its top with the first match selected (Enter opens it).
  { name: 'queue-search-zh-CN-light', locale: 'zh-CN', theme: 'light', route: 'queue', search: '售后' },
  { name: 'queue-search-en-light', locale: 'en', theme: 'light', route: 'queue', search: 'after-sales' },
  { name: 'settings-zh-CN-light', locale: 'zh-CN', theme: 'light', route: 'settings' },
  { name: 'settings-en-dark', locale: 'en', theme: 'dark', route: 'settings' },
];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(host.url);
  await page.getByTestId('app-name').waitFor();
  for (const shot of shots) {
    // The theme is set explicitly (not emulated) so the screenshot shows what the setting produces.
    await page.evaluate(async ({ locale, theme }) => {
      const result = await window.gavel.settings.set({ locale, theme });
      if (!result.ok) throw new Error(result.error.message);
    }, shot);
    await page.goto(`${host.origin}/#/${shot.route}`);
    await page.reload();
    await page.getByTestId(`page-${shot.route}`).waitFor();
    if (shot.route === 'queue') await page.getByTestId('queue-row').first().waitFor({ timeout: 120_000 });
    if (shot.search) {
      const all = await page.getByTestId('queue-count').textContent();
      await page.getByTestId('queue-search').fill(shot.search);
      await page.waitForFunction((before) => document.querySelector('[data-testid=queue-count]')?.textContent !== before, all);
      await page.locator('[data-testid=queue-row][aria-selected=true]').first().waitFor();
    }
    await page.evaluate(() => document.fonts.ready);
    const file = path.join(out, `${shot.name}.png`);
    await page.screenshot({ path: file });
    console.log(`wrote ${path.relative(root, file)}`);
  }
} finally {
  await browser.close();
  await host.close();
  rmSync(dataDir, { recursive: true, force: true });
}
