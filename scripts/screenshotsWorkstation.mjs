#!/usr/bin/env node
// `node scripts/screenshotsWorkstation.mjs`: the workstation in zh-CN against the embedded, seeded
// backend (standalone mode): the queue, then one case per evidence viewer, each saved to
// docs/screenshots/workstation-*.png. Builds first when out/ is missing. Uses only the keyboard to
// move between screens, so the screenshots show what keyboard users see (focus rings included).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
// Run with tsx (npm run screenshots): the Chromium definition is shared with Playwright and the benches.
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureBuilt } from '../testing/chromium.ts';
import { parseCli } from '../server/cli.mjs';

parseCli({ name: 'screenshots', usage: `usage: npx tsx scripts/screenshotsWorkstation.mjs   (part of npm run screenshots)

Saves every workstation viewer to docs/screenshots/ (builds first when out/ is missing).

  -h, --help   this text` });
/* global window, document, requestAnimationFrame -- page.evaluate callbacks run in the browser */

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'docs', 'screenshots');
ensureBuilt(root);
const { startHost } = await import(path.join(root, 'out', 'main', 'host.js'));

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-ws-shots-'));
const host = await startHost({ rendererDir: path.join(root, 'out', 'renderer'), dataDir, standalone: { seed: 200 } });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--font-render-hinting=none'] });
mkdirSync(out, { recursive: true });

/** Viewer tab → a case kind whose evidence fills it. */
const viewers = [
  { tab: 'logistics', kinds: ['异常售后', '虚假发货'] },
  { tab: 'review', kinds: ['异常评价'] },
  { tab: 'livestream', kinds: ['虚假宣传', '异常带货者'] },
  { tab: 'chat', kinds: ['客服失联'] },
  { tab: 'media', kinds: ['异常售后', '质量问题'] },
  { tab: 'history', kinds: ['异常下单', '异常售后', '质量问题'] },
];

async function shoot(page, name) {
  await page.evaluate(() => document.fonts.ready);
  const file = path.join(out, `workstation-${name}.png`);
  await page.screenshot({ path: file });
  console.log(`wrote ${path.relative(root, file)}`);
}

try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(host.url);
  await page.getByTestId('app-name').waitFor();
  await page.evaluate(async () => {
    const result = await window.gavel.settings.set({ locale: 'zh-CN', theme: 'light' });
    if (!result.ok) throw new Error(result.error.message);
  });
  await page.goto(`${host.origin}/#/queue`);
  await page.reload();
  await page.getByTestId('queue-row').first().waitFor({ timeout: 60_000 });
  // Check out more cases so every kind of evidence has a case to show.
  const checkout = page.getByRole('button', { name: /领取 \d+ 件/ });
  if ((await checkout.count()) > 0) {
    const before = await page.getByTestId('queue-row').count();
    await checkout.first().click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="queue-row"]').length > n, before, { timeout: 60_000 }).catch(() => {});
  }
  // The settled state: with a sync still in flight the status bar reads 同步中… ("syncing").
  await page.waitForFunction(() => document.querySelector('[data-testid="sync-now"]')?.disabled === false, null, { timeout: 60_000 });
  await shoot(page, 'queue');
  // Case ids per kind label, read while the queue is on screen (the rows are virtualised: scroll through).
  const byKind = await page.evaluate(async () => {
    const out = {};
    const body = document.querySelector('[data-testid="queue-body"]');
    for (let y = 0; body && y <= body.scrollHeight; y += body.clientHeight) {
      body.scrollTop = y;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      for (const row of document.querySelectorAll('[data-testid="queue-row"]')) {
        const kind = row.querySelector('.kind-cell__label')?.textContent ?? '';
        (out[kind] ??= []).push(row.getAttribute('data-case-id'));
      }
    }
    if (body) body.scrollTop = 0;
    return out;
  });

  for (const v of viewers) {
    let found = false;
    for (const kind of v.kinds) {
      const id = byKind[kind]?.[0];
      if (!id) continue;
      await page.goto(`${host.origin}/#/queue/case/${encodeURIComponent(id)}`);
      await page.getByTestId('page-case').waitFor();
      await page.getByTestId(`tab-${v.tab}`).click();
      // Jump to the first finding so the highlight is part of the picture.
      if ((await page.getByTestId('finding').count()) > 0) await page.keyboard.press('1');
      await page.getByTestId(`tab-${v.tab}`).click();
      found = true;
      break;
    }
    if (!found) {
      console.log(`no case for ${v.tab}`);
      continue;
    }
    await shoot(page, v.tab);
  }
  await page.keyboard.press('?');
  await page.getByTestId('cheatsheet').waitFor();
  await shoot(page, 'cheatsheet');
} finally {
  await browser.close();
  await host.close();
  rmSync(dataDir, { recursive: true, force: true });
}
