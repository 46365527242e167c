#!/usr/bin/env node
// `tsx scripts/screenshotsQa.mjs`: supervisor QA in zh-CN (and the plan builder in en) against a
// real backend seeded with decisions by three arbitrators: the plan builder with a preview, the
// blind review queue, a blind review, the comparison, and the arbitrator's case with the
// supervisor's feedback and override. Saved to docs/screenshots/qa-*.png. Builds first when needed.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureBuilt } from '../testing/chromium.ts';
import { DEFAULT_POLICY } from '../common/policy/index.ts';
import { parseCli } from '../server/cli.mjs';

parseCli({ name: 'screenshots', usage: `usage: npx tsx scripts/screenshotsQa.mjs   (part of npm run screenshots)

Saves the supervisor QA screens to docs/screenshots/ (builds first when out/ is missing).

  -h, --help   this text` });
/* global window, document */

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'docs', 'screenshots');
ensureBuilt(root);
const { startHost } = await import(path.join(root, 'out', 'main', 'host.js'));
const { startServer } = await import('../server/start.ts');

const serverDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-qa-shots-server-'));
const hostDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-qa-shots-host-'));
const arbDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-qa-shots-arb-'));
const server = await startServer({ host: '127.0.0.1', port: 0, dataDir: serverDir, seed: 200, logger: false, demoAccounts: true, demoDecisions: {} });
const host = await startHost({ rendererDir: path.join(root, 'out', 'renderer'), bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'), dataDir: hostDir });
const arbHost = await startHost({ rendererDir: path.join(root, 'out', 'renderer'), bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'), dataDir: arbDir });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--font-render-hinting=none'] });
mkdirSync(out, { recursive: true });

async function shoot(page, name) {
  await page.evaluate(() => document.fonts.ready);
  const file = path.join(out, `qa-${name}.png`);
  await page.screenshot({ path: file });
  console.log(`wrote ${path.relative(root, file)}`);
}

async function signIn(page, h, username, password, locale) {
  await page.goto(h.url);
  const r = await page.evaluate(
    async ([url, u, p, l]) => {
      await window.gavel.settings.set({ backendUrl: url, locale: l, theme: 'light' });
      return window.gavel.session.login({ username: u, password: p });
    },
    [server.url, username, password, locale],
  );
  if (!r.ok) throw new Error(r.error.message);
  await page.reload();
  await page.getByTestId('app-name').waitFor();
}

try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await signIn(page, host, 'supervisor1', 'gavel-demo-supervisor', 'zh-CN');
  await page.getByTestId('nav-qa').click();
  await page.getByTestId('qa-views').getByRole('radio', { name: '抽样计划' }).check();
  await page.getByTestId('qa-plan-size').fill('30');
  await page.getByTestId('qa-plan-preview').click();
  await page.getByTestId('qa-preview').waitFor();
  await shoot(page, 'plan-preview');
  await page.getByTestId('qa-plan-draw').click();
  await page.getByTestId('qa-plan-done').waitFor();
  await page.getByTestId('qa-views').getByRole('radio', { name: '盲审队列' }).check();
  await page.getByTestId('qa-item').nth(29).waitFor({ timeout: 60_000 });
  await shoot(page, 'queue');

  // A blind review by keyboard, reviewed differently from the original where possible.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Enter');
  const review = page.getByTestId('qa-review');
  await review.waitFor();
  const kind = await review.getAttribute('data-kind');
  await page.keyboard.press('n');
  await page.keyboard.press('d');
  await page.keyboard.press(String(DEFAULT_POLICY.reasonCodes[kind].findIndex((r) => r.verdicts.includes('rejected')) + 1));
  await page.keyboard.press(`Shift+Digit${DEFAULT_POLICY.remediesByKind[kind].indexOf('no_action') + 1}`);
  await page.keyboard.press('m');
  await page.keyboard.type('物流轨迹显示已签收，请再核对称重记录。');
  await shoot(page, 'blind-review');
  await page.keyboard.press('Control+Enter');
  await page.getByTestId('qa-comparison').waitFor({ timeout: 30_000 });
  const agrees = await page.getByTestId('qa-compare-verdict').getAttribute('data-agrees');
  if (agrees === 'false') {
    await page.getByTestId('qa-override-reason').fill('称重记录与退货单一致，原判依据不足。');
    await page.getByTestId('qa-override-submit').click();
    await page.getByTestId('qa-override-done').waitFor();
  }
  await shoot(page, 'comparison');
  const caseId = await page.evaluate(async () => {
    const r = await window.gavel.relay('qa:records', { limit: 10 });
    return r.ok ? r.data.pairs[0]?.caseId : null;
  });

  // Four more reviews (keyboard), then the agreement dashboard over the server's records.
  await page.keyboard.press('Escape');
  for (let i = 0; i < 4; i++) {
    await page.getByTestId('qa-items').waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    const r = page.getByTestId('qa-review');
    await r.waitFor();
    const k = await r.getAttribute('data-kind');
    const v = i % 2 ? 'rejected' : 'upheld';
    await page.keyboard.press(v === 'rejected' ? 'n' : 'y');
    await page.keyboard.press('d');
    await page.keyboard.press(String(DEFAULT_POLICY.reasonCodes[k].findIndex((x) => x.verdicts.includes(v)) + 1));
    const remedy = v === 'rejected' ? DEFAULT_POLICY.remediesByKind[k].indexOf('no_action') : DEFAULT_POLICY.remediesByKind[k].findIndex((x) => x !== 'no_action');
    await page.keyboard.press(`Shift+Digit${remedy + 1}`);
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('qa-comparison').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
  }
  await page.getByTestId('qa-items').waitFor();
  await page.getByTestId('qa-views').getByRole('radio', { name: '一致性' }).check();
  await page.getByTestId('qa-dashboard').waitFor();
  await page.waitForTimeout(800); // chart animations
  await shoot(page, 'dashboard');

  // English plan builder (explicit allocation needs the strata from a preview).
  await page.evaluate(() => window.gavel.settings.set({ locale: 'en' }));
  await page.getByTestId('qa-views').getByRole('radio', { name: 'Sampling plans' }).check();
  await page.getByTestId('qa-plan-method').selectOption('targeted');
  await page.getByTestId('qa-plan-preview').click();
  await page.getByTestId('qa-preview').waitFor();
  await shoot(page, 'plan-targeted-en');

  // The arbitrator who made the decision sees the feedback (and the override) on the case.
  const arbitrator = await server.app.gavel.deps.db
    .selectFrom('qa_items')
    .innerJoin('users', 'users.id', 'qa_items.arbitrator_id')
    .select(['users.username'])
    .where('qa_items.case_id', '=', caseId)
    .executeTakeFirst();
  if (arbitrator) {
    const n = arbitrator.username.replace('arbitrator', '');
    const arbPage = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signIn(arbPage, arbHost, arbitrator.username, `gavel-demo-${n}`, 'zh-CN');
    await arbPage.goto(`${arbHost.origin}/#/queue/case/${encodeURIComponent(caseId)}`);
    await arbPage.getByTestId('qa-notices').waitFor({ timeout: 60_000 });
    await shoot(arbPage, 'arbitrator-notice');
  }
} finally {
  await browser.close();
  await host.close();
  await arbHost.close();
  await server.close();
  for (const d of [serverDir, hostDir, arbDir]) rmSync(d, { recursive: true, force: true });
}
