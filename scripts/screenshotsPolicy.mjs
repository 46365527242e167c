#!/usr/bin/env node
// `tsx scripts/screenshotsPolicy.mjs`: the policy what-if (zh-CN and en) and a case showing a
// finding that appeared since import, against a real backend. Saved to docs/screenshots/policy-*.png.
// Builds first when needed.
//
// The "appeared since import" case is real, not staged in the database: a fake-shipment complaint
// whose parcel's last scan is 48 h minus a few seconds old when it is imported. The server's
// assessment at import has no NO_MOVEMENT_AFTER_PICKUP; a few seconds later the workstation opens
// the case, re-assesses it, and the finding is there, marked new.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureBuilt } from '../testing/chromium.ts';
import { cleanBundleInput } from '../testing/fixtures/bundles.ts';
import { parseCli } from '../server/cli.mjs';

parseCli({ name: 'screenshots', usage: `usage: npx tsx scripts/screenshotsPolicy.mjs   (part of npm run screenshots)

Saves the policy what-if (zh-CN and en) and a case with a finding that appeared since import to
docs/screenshots/policy-*.png, against a server it starts (builds first when out/ is missing).

  -h, --help   this text` });
/* global window, document */

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'docs', 'screenshots');
ensureBuilt(root);
const { startHost } = await import(path.join(root, 'out', 'main', 'host.js'));
const { startServer } = await import('../server/start.ts');

const H = 3_600_000;
const iso = (ms) => new Date(ms).toISOString();
const serverDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-policy-shots-server-'));
const dirs = [serverDir];
const server = await startServer({ host: '127.0.0.1', port: 0, dataDir: serverDir, seed: 400, logger: false, demoAccounts: true, demoDecisions: {} });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--font-render-hinting=none'] });
mkdirSync(out, { recursive: true });

async function newHost() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-policy-shots-host-'));
  dirs.push(dataDir);
  return startHost({ rendererDir: path.join(root, 'out', 'renderer'), bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'), dataDir });
}

async function shoot(page, name) {
  await page.evaluate(() => document.fonts.ready);
  const file = path.join(out, `policy-${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
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

async function whatIf(page, locale) {
  await page.getByTestId('nav-policy').click();
  await page.getByTestId('policy-versions').waitFor({ timeout: 60_000 });
  await page.getByTestId('policy-start-from-current').click();
  const draft = JSON.parse(await page.getByTestId('policy-draft').inputValue());
  draft.version = '2027.1';
  draft.description = locale === 'en' ? 'Shorter complaint windows, stricter weights and transit, fewer complaints make a serial complainant' : '缩短投诉时效，收紧重量与运输速度标准，降低频繁投诉门槛';
  Object.assign(draft.thresholds, { orderWindowDays: 30, reviewWindowDays: 60, weightShortfallRatio: 0.9, maxTransitKmh: 600, serialMinComplaints: 3 });
  // One reason code retired: decisions that cite it would no longer validate.
  draft.reasonCodes.quality = draft.reasonCodes.quality.filter((r) => r.code !== 'QU_DEFECT_CONFIRMED');
  await page.getByTestId('policy-draft').fill(JSON.stringify(draft, null, 2));
  await page.getByTestId('policy-draft-ok').waitFor();
  await page.getByTestId('policy-run').click();
  await page.getByTestId('policy-results').waitFor({ timeout: 60_000 });
  await page.getByTestId('policy-results').evaluate((el) => el.scrollIntoView({ block: 'start' }));
}

try {
  // The what-if, as an admin (who may also publish), in both languages.
  for (const locale of ['zh-CN', 'en']) {
    const host = await newHost();
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await signIn(page, host, 'admin', 'gavel-demo-admin', locale);
    // The server judges its own cases: nothing to wait for on this machine.
    await whatIf(page, locale);
    await shoot(page, `what-if-${locale}`);
    await context.close();
    await host.close();
  }

  // A case where a finding appeared since import.
  const adminToken = (await (await fetch(`${server.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'gavel-demo-admin' }) })).json()).accessToken;
  const now = Date.now();
  const b = cleanBundleInput();
  b.case.id = 'c-appeared';
  b.case.externalId = 'EXT-2026-APPEARED';
  b.case.kind = 'fake_shipment';
  b.case.title = '揽收后一直没有物流更新';
  b.case.complaintText = '商家说已经发货，但是快递揽收之后两天都没有任何更新。';
  b.case.filedAt = iso(now - 20 * H);
  b.case.dueAt = iso(now + 28 * H);
  b.case.priority = 'urgent';
  b.orders[0].createdAt = iso(now - 60 * H);
  b.orders[0].shipBy = iso(now - 12 * H);
  b.orders[0].commissionSettledAt = undefined;
  b.traces[0].events = [
    { seq: 1, at: iso(now - 50 * H), city: '深圳', status: 'created' },
    { seq: 2, at: iso(now - 48 * H + 15_000), city: '深圳', status: 'picked_up', weightGrams: 650 },
  ];
  b.reviews = [];
  const imported = await fetch(`${server.url}/v1/import`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` }, body: JSON.stringify([b]) });
  if (!imported.ok) throw new Error(`import failed: ${await imported.text()}`);
  await new Promise((r) => setTimeout(r, 20_000));
  for (const locale of ['zh-CN', 'en']) {
    const host = await newHost();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await signIn(page, host, 'supervisor1', 'gavel-demo-supervisor', locale);
    await page.getByTestId('queue-search').fill('EXT-2026-APPEARED');
    await page.getByTestId('queue-row').first().waitFor({ timeout: 120_000 });
    await page.getByTestId('queue-row').first().click();
    await page.getByTestId('queue-row').first().press('Enter');
    await page.getByTestId('finding-appeared').waitFor({ timeout: 30_000 });
    await page.getByTestId('finding').first().click();
    await shoot(page, `appeared-since-import-${locale}`);
    await context.close();
    await host.close();
  }
} finally {
  await browser.close();
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
