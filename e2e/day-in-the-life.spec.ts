import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from '../main/host/host';
import { startServer, type RunningServer } from '../server/start';
import { startFaultProxy, type FaultProxy } from '../testing/chaos/proxy';
import { AppShellPage } from '../testing/pages/AppShellPage';
import { WorkstationPage } from '../testing/pages/WorkstationPage';
import { platform, type Platform } from '../testing/platform';

/**
 * A day on one machine, through the UI, crossing features: an arbitrator works online, loses the
 * backend (the server is killed: the status must say so within 3 s, and again when it is back),
 * decides offline while the platform withdraws one case, adds a call record to another and a
 * colleague takes a third; she meets the three conflicts and resolves each; she signs out with a
 * decision still queued (the app asks first); a supervisor signs in on the same machine and sees
 * none of her data, draws a QA sample and reviews; the arbitrator signs in again and her queued
 * decision goes out, once.
 *
 * The backend is a real server behind a loopback proxy that can play dead. Set GAVEL_SHOTS to a
 * folder to save screenshots on the way, and GAVEL_LOCALE=en to run it in English.
 */
const root = path.resolve(import.meta.dirname, '..');
const locale: 'en' | 'zh-CN' = process.env.GAVEL_LOCALE === 'en' ? 'en' : 'zh-CN';
const shots = process.env.GAVEL_SHOTS ? path.resolve(process.env.GAVEL_SHOTS) : null;
let host: RunningHost;
let server: RunningServer;
let proxy: FaultProxy;
let hostDir: string;
let serverDir: string;

async function startBackend(port = 0): Promise<RunningServer> {
  return startServer({ host: '127.0.0.1', port, dataDir: serverDir, seed: 60, logger: false, demoAccounts: true, demoDecisions: { exclude: ['arbitrator1'] } });
}

async function shot(page: Page, name: string): Promise<void> {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(shots, `${name}-${locale}.png`) });
}

test.beforeEach(async ({ browserName: _ }, testInfo) => {
  test.skip(testInfo.project.name !== 'browser', 'runs a backend and a proxy next to the browser-mode host');
  hostDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-day-host-'));
  serverDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-day-server-'));
  server = await startBackend();
  proxy = await startFaultProxy(server.url, Math.random);
  host = await startHost({ rendererDir: path.join(root, 'out', 'renderer'), bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'), dataDir: hostDir });
});

test.afterEach(async () => {
  await host?.close();
  await proxy?.close();
  await server?.close();
  for (const dir of [hostDir, serverDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a day in the life: online, offline, conflicts, sign-out; a supervisor on the same machine', async ({ browser }) => {
  test.setTimeout(300_000);
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  const shell = new AppShellPage(page);
  const ws = new WorkstationPage(page);
  const world: Platform = await platform(() => server);
  await page.goto(host.url);
  await page.evaluate((l) => window.gavel!.settings.set({ locale: l, theme: 'light' }), locale);

  // Signed out: nothing that needs an account, and no navigation to it.
  await expect(page.getByTestId('page-sign-in')).toBeVisible();
  await expect(page.locator('[data-testid^="nav-"]')).toHaveCount(1);
  await expect(shell.navLink('settings')).toBeVisible();

  await shell.setBackend(proxy.url);
  await expect(page.getByTestId('account-backend')).toHaveAttribute('data-standalone', 'false');
  await shell.signIn('arbitrator1', 'gavel-demo-1');
  await shell.open('queue');
  await page.getByTestId('sync-checkout').click();
  await expect.poll(() => ws.rows().count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(8);
  const store = await ws.storeName();

  // Online: one decision, synced. "Synced" only once nothing waits and the pull went through.
  await page.locator('body').focus();
  await ws.press('Enter');
  const online = await ws.rejectOpenedCase('在线裁决');
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 30_000 });
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  await shot(page, 'local-state-statusbar-online');

  // The server is killed: the header and the status bar say so within 3 s, whatever sync is doing.
  const port = Number(new URL(server.url).port);
  await server.close();
  const lost = Date.now();
  await expect(shell.connection).toHaveAttribute('data-status', 'offline', { timeout: 3_000 });
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'offline', { timeout: 3_000 - (Date.now() - lost) });

  // Three decisions offline: they wait, and the bar does not call that "synced".
  const offline: string[] = [];
  for (const note of ['撤回前的裁决', '新证据前的裁决', '被改派前的裁决']) offline.push(await ws.rejectOpenedCase(note));
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '3');
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'offline');
  await shot(page, 'local-state-statusbar-offline');
  const [withdrawn, newEvidence, reclaimed] = offline as [string, string, string];

  // The server comes back but the network does not (yet); meanwhile the world moves on.
  proxy.setMode('down');
  server = await startBackend(port);
  await world.withdraw(withdrawn);
  await world.addCall(newEvidence, 'call-after-decision');
  await world.reclaim(reclaimed, 'arbitrator2', 'gavel-demo-2');

  // The network returns: recovery shows within 3 s, the queue drains into three conflicts.
  proxy.setMode('up');
  await expect(shell.connection).toHaveAttribute('data-status', 'online', { timeout: 3_000 });
  await expect(page.getByTestId('sync-conflicts')).toHaveAttribute('data-count', '3', { timeout: 30_000 });
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced');

  await page.getByTestId('sync-conflicts').click();
  const card = (caseId: string) => page.locator(`[data-testid="conflict"][data-case-id="${caseId}"]`);
  await expect(card(withdrawn)).toHaveAttribute('data-kind', 'withdrawn');
  await expect(card(newEvidence)).toHaveAttribute('data-kind', 'new_evidence');
  await expect(card(reclaimed)).toHaveAttribute('data-kind', 'reclaimed');
  await shot(page, 'local-state-conflicts-1-three');

  // Withdrawn: discarding takes it off the queue as work; it shows as settled.
  await card(withdrawn).locator('[data-action="discarded"]').click();
  await expect(card(withdrawn)).toHaveCount(0);
  await shot(page, 'local-state-conflicts-2-withdrawn-discarded');
  // Re-claimed by a colleague: discarding takes it off this machine.
  await card(reclaimed).locator('[data-action="discarded"]').click();
  await expect(card(reclaimed)).toHaveCount(0);
  await shot(page, 'local-state-conflicts-3-reclaimed-discarded');
  // New evidence: deciding again reads the case first; it opens with the call record marked.
  await card(newEvidence).locator('[data-action="redecided"]').click();
  await expect(ws.caseView()).toHaveAttribute('data-case-id', newEvidence);
  await expect(page.getByTestId('new-evidence')).toBeVisible();
  // One call record, said as one ("1 calls" was what a newcomer read in English).
  await expect(page.getByTestId('new-evidence')).toContainText(locale === 'en' ? ': 1 call.' : '来电 1 次');
  await expect(page.getByTestId('tab-new-chat')).toHaveText('+1');
  await page.getByTestId('tab-chat').click();
  await expect(page.locator('[data-ref="call:call-after-decision"]')).toHaveAttribute('data-new', 'true');
  await shot(page, 'local-state-conflicts-4-redecide-new-evidence');
  await ws.rejectOpenedCase('看过新来电后的裁决');
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 30_000 });
  await expect(page.getByTestId('sync-conflicts')).toHaveCount(0);
  // The commit is written to the outbox asynchronously: "0 pending" can be read just before it is.
  await expect.poll(() => world.decidedCount(newEvidence), { timeout: 30_000 }).toBe(1);
  expect((await world.caseView(newEvidence)).decision?.note).toBe('看过新来电后的裁决');
  await shell.open('conflicts');
  await expect(page.getByTestId('conflict')).toHaveCount(0);
  await shot(page, 'local-state-conflicts-5-all-resolved');
  const cases = await ws.idbAll<{ id: string; local: string }>('cases');
  expect(cases.find((c) => c.id === withdrawn)?.local).toBe('synced');
  expect(cases.some((c) => c.id === reclaimed)).toBe(false);

  // One more decision while the network is down, then sign out: the app asks first, and keeps it.
  proxy.setMode('down');
  await expect(shell.connection).toHaveAttribute('data-status', 'offline', { timeout: 3_000 });
  await shell.open('queue');
  // The navigation link just clicked keeps the focus, and Enter there would follow the link again.
  await page.getByTestId('queue-body').focus();
  await ws.press('Enter');
  const queued = await ws.rejectOpenedCase('退出前排队的裁决');
  expect(await shell.startSignOut()).toBe(1);
  // One queued decision, said as one ("1 actions not uploaded yet" was what a newcomer read).
  await expect(page.getByTestId('sign-out-warning')).toContainText(locale === 'en' ? '1 action not uploaded yet' : '还有 1 条操作未上传');
  if (locale === 'en') {
    await expect(page.getByTestId('sign-out-warning')).toContainText('has 1 decision or action on');
    await expect(page.getByTestId('sign-out-force')).toHaveText('Keep it and sign out');
  }
  await shot(page, 'local-state-switch-prompt');
  await page.getByTestId('sign-out-force').click();
  await expect(page.getByTestId('sign-in')).toBeVisible();
  await page.goto(`${host.origin}/#/queue`);
  await expect(page.getByTestId('page-sign-in')).toBeVisible();
  await expect(ws.rows()).toHaveCount(0);
  await expect(page.locator('[data-testid^="nav-"]')).toHaveCount(1);

  // A supervisor signs in on the same machine. Every queue row and status count rendered from the
  // moment of the switch is recorded: none may come from arbitrator1's store (her queued decision,
  // her conflicts), not for one frame.
  proxy.setMode('up');
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __seen: string[] }).__seen = seen;
    const look = () => {
      for (const el of document.querySelectorAll<HTMLElement>('[data-testid="queue-row"]')) seen.push(`${el.dataset.caseId}:${el.dataset.local}`);
      const pending = document.querySelector<HTMLElement>('[data-testid="sync-pending"]');
      if (pending) seen.push(`pending:${pending.dataset.count}`);
      const conflicts = document.querySelector<HTMLElement>('[data-testid="sync-conflicts"]');
      if (conflicts) seen.push(`conflicts:${conflicts.dataset.count}`);
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await shell.signIn('supervisor1', 'gavel-demo-supervisor');
  // The supervisor's own store opens once her session is known; the page never shows the old one meanwhile.
  const openStore = () => page.evaluate(() => document.documentElement.dataset.store ?? null);
  await expect.poll(async () => [null, store].includes(await openStore()), { timeout: 30_000 }).toBe(false);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced', { timeout: 60_000 });
  const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.filter((s) => s === `${queued}:pending` || s.startsWith('conflicts:') || s === 'pending:1')).toEqual([]);
  // What the supervisor is shown of arbitrators' cases is never its open work.
  expect(seen.filter((s) => s.endsWith(':open') && cases.some((c) => s.startsWith(`${c.id}:`)))).toEqual([]);
  await shell.open('conflicts');
  await expect(page.getByTestId('conflict')).toHaveCount(0);

  // The supervisor draws a QA sample; its blind reviews arrive (the cursor is the supervisor's own).
  await shell.open('qa');
  await page.getByTestId('qa-views').locator('input[type=radio]').nth(1).check();
  await page.getByTestId('qa-plan-method').selectOption('random');
  await page.getByTestId('qa-plan-size').fill('4');
  await page.getByTestId('qa-plan-draw').click();
  await expect(page.getByTestId('qa-plan-done')).toContainText('4');
  await page.getByTestId('qa-views').locator('input[type=radio]').nth(0).check();
  await expect(page.getByTestId('qa-item')).toHaveCount(4, { timeout: 30_000 });

  // arbitrator1 again: her queued decision goes out, once.
  expect(await shell.startSignOut()).toBeNull();
  await shell.signIn('arbitrator1', 'gavel-demo-1');
  // Her own store opens again once the sign-in is through (there is a moment with none open).
  await expect.poll(openStore, { timeout: 30_000 }).toBe(store);
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 30_000 });
  expect(await world.decidedCount(queued)).toBe(1);
  expect((await world.caseView(queued)).decision?.note).toBe('退出前排队的裁决');
  expect(await world.decidedCount(online)).toBe(1);
});
