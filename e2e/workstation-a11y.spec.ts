import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from '../main/host/host';
import { WorkstationPage } from '../testing/pages/WorkstationPage';

/** axe finds no serious or critical violation on the queue, the case view (every tab) or the decision panel, in both themes. */
const root = path.resolve(import.meta.dirname, '..');
let host: RunningHost;
let dataDir: string;

test.beforeEach(async ({ browserName: _ }, testInfo) => {
  test.skip(testInfo.project.name !== 'browser', 'drives the browser-mode host with an embedded backend');
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-a11y-e2e-'));
  host = await startHost({
    rendererDir: path.join(root, 'out', 'renderer'),
    bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'),
    dataDir,
    standalone: { seed: 40 },
  });
});

test.afterEach(async () => {
  await host?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('queue, case view and decision panel pass axe in both themes', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const ws = new WorkstationPage(page);
  await page.goto(host.url);
  await expect(ws.rows().first()).toBeVisible({ timeout: 60_000 });
  const problems: string[] = [];
  const scan = async (label: string) => {
    const { violations } = await new AxeBuilder({ page }).analyze();
    for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'))
      problems.push(`${label}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  };
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate(async (t) => {
      const r = await (window as unknown as { gavel: { settings: { set(p: { theme: string }): Promise<{ ok: boolean }> } } }).gavel.settings.set({ theme: t });
      if (!r.ok) throw new Error('theme not set');
    }, theme);
    await page.goto(`${host.origin}/#/queue`);
    await expect(ws.rows().first()).toBeVisible();
    await scan(`${theme}/queue`);
    await ws.press('Enter');
    await expect(ws.caseView()).toBeVisible();
    if ((await page.getByTestId('finding').count()) > 0) await ws.press('1');
    for (const tab of ['logistics', 'review', 'livestream', 'chat', 'media', 'history']) {
      await page.getByTestId(`tab-${tab}`).click();
      await scan(`${theme}/case/${tab}`);
    }
    // Decision panel with a verdict, reasons and validation problems on screen.
    await ws.press('n', 'd', '1', 'Control+Enter');
    await scan(`${theme}/decision`);
    await ws.press('Escape', 'Escape');
  }
  expect(problems).toEqual([]);
  await context.close();
});
