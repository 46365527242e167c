import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../testing/chromium.ts';
const root = path.resolve(import.meta.dirname, '..');
const { startHost } = await import(path.join(root, 'out', 'main', 'host.js'));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-tmpshot-'));
const host = await startHost({ rendererDir: path.join(root, 'out', 'renderer'), dataDir, standalone: { seed: 60 } });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(host.url);
await page.getByTestId('queue-row').first().waitFor({ timeout: 60000 });
for (const locale of (process.env.LOCALES ?? 'en,zh-CN').split(',')) {
  await page.evaluate(async (l) => { await window.gavel.settings.set({ locale: l }); }, locale);
  await page.reload();
  await page.getByTestId('queue-row').first().waitFor({ timeout: 60000 });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `/tmp/shot-queue-${locale}.png` });
  await page.getByTestId('queue-body').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('page-case').waitFor();
  if (process.env.DECIDE) {
    await page.keyboard.press('n');
    await page.keyboard.press('Control+Enter');
    await page.waitForTimeout(500);
    await page.screenshot({ path: `/tmp/shot-problems-${locale}.png` });
  }
  await page.screenshot({ path: `/tmp/shot-case-${locale}.png` });
  await page.goto(`${host.origin}/#/queue`);
}
await browser.close();
await host.close();
