import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { ComplaintKind } from '../common/domain';
import { startHost, type RunningHost } from '../main/host/host';
import { startServer, type RunningServer } from '../server/start';
import { startFaultProxy, type FaultProxy } from '../testing/chaos/proxy';
import { AppShellPage } from '../testing/pages/AppShellPage';
import { WorkstationPage } from '../testing/pages/WorkstationPage';
import { platform } from '../testing/platform';
import { rawTextOn, type Locale } from '../testing/rawText';

/**
 * Every kind of conflict a workstation meets, each resolved through the Conflicts page with an
 * action it offers, and each converging within one sync round; in front of them in the queue, a
 * poisoned mutation (text the server can never store) that must not hold back the decisions behind
 * it. Decisions are made while the network is down; meanwhile the platform withdraws one case,
 * another arbitrator takes and decides one, a colleague takes one, this arbitrator's own lease is
 * renewed under a new claim, and evidence arrives on two.
 */
const root = path.resolve(import.meta.dirname, '..');
const locale: Locale = process.env.GAVEL_LOCALE === 'en' ? 'en' : 'zh-CN';
const shots = process.env.GAVEL_SHOTS ? path.resolve(process.env.GAVEL_SHOTS) : null;
let host: RunningHost;
let server: RunningServer;
let proxy: FaultProxy;
let hostDir: string;
let serverDir: string;

async function shot(page: Page, name: string): Promise<void> {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(shots, `${name}-${locale}.png`), fullPage: true });
}

test.beforeEach(async ({ browserName: _ }, testInfo) => {
  test.skip(testInfo.project.name !== 'browser', 'runs a backend and a proxy next to the browser-mode host');
  hostDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-conflicts-host-'));
  serverDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-conflicts-server-'));
  server = await startServer({ host: '127.0.0.1', port: 0, dataDir: serverDir, seed: 40, logger: false, demoAccounts: true });
  proxy = await startFaultProxy(server.url, Math.random);
  host = await startHost({ rendererDir: path.join(root, 'out', 'renderer'), bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'), dataDir: hostDir });
});

test.afterEach(async () => {
  await host?.close();
  await proxy?.close();
  await server?.close();
  for (const dir of [hostDir, serverDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

test('every conflict action converges, and a poisoned mutation blocks nothing behind it', async ({ browser }) => {
  test.setTimeout(300_000);
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  const shell = new AppShellPage(page);
  const ws = new WorkstationPage(page);
  const world = await platform(() => server);
  await page.goto(host.url);
  const signedIn = await page.evaluate(
    async ([url, l]) => {
      await window.gavel!.settings.set({ backendUrl: url!, locale: l as 'en' | 'zh-CN', theme: 'light' });
      return window.gavel!.session.login({ username: 'arbitrator1', password: 'gavel-demo-1' });
    },
    [proxy.url, locale],
  );
  expect(signedIn).toMatchObject({ ok: true });
  await shell.open('queue');
  await page.getByTestId('sync-checkout').click();
  await expect.poll(() => ws.rows().count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });

  // The network goes; eight decisions wait, the first one poisoned (a lone surrogate in its note:
  // valid JSON, but no database can store it, and the server refuses any batch carrying it).
  proxy.setMode('down');
  await expect(shell.connection).toHaveAttribute('data-status', 'offline', { timeout: 3_000 });
  await page.locator('body').focus();
  await ws.press('Enter');
  const poisoned = await ws.openedCaseId();
  const { reason, remedy } = WorkstationPage.rejectKeys((await ws.kind()) as ComplaintKind);
  await ws.press('n', 'd', reason, remedy, 'm');
  await page.evaluate(() => {
    const note = document.activeElement as HTMLTextAreaElement;
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(note, 'half a character: \ud800');
    note.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await ws.press('Escape', 'Control+Enter');
  await expect(ws.caseView()).not.toHaveAttribute('data-case-id', poisoned);
  const ids: string[] = [];
  for (let i = 0; i < 7; i++) ids.push(await ws.rejectOpenedCase(`离线裁决 ${i + 1}`));
  const [withdrawn, decidedElsewhere, reclaimed, leaseLost, escalated, discarded, good] = ids as [string, string, string, string, string, string, string];
  // All eight wait, except that main may already have set the poisoned one aside: once its undo
  // window ends it goes alone (the rest are still held), and main refuses it without the network.
  const setAside = page.getByTestId('sync-conflicts');
  const waiting = async () => Number(await page.getByTestId('sync-pending').getAttribute('data-count')) + ((await setAside.count()) ? Number(await setAside.getAttribute('data-count')) : 0);
  await expect.poll(waiting).toBe(8);

  await world.withdraw(withdrawn);
  await world.decideElsewhere(decidedElsewhere, 'arbitrator2', 'gavel-demo-2');
  await world.reclaim(reclaimed, 'arbitrator3', 'gavel-demo-3');
  await world.reclaim(leaseLost, 'arbitrator1', 'gavel-demo-1');
  await world.addCall(escalated, 'call-e');
  await world.addCall(discarded, 'call-f');

  // Back online: nothing waits any more; the good decision behind the poisoned one is applied.
  proxy.setMode('up');
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 30_000 });
  await expect(page.getByTestId('sync-conflicts')).toHaveAttribute('data-count', '7', { timeout: 30_000 });
  expect(await world.decidedCount(good)).toBe(1);
  await page.getByTestId('sync-conflicts').click();
  const card = (caseId: string) => page.locator(`[data-testid="conflict"][data-case-id="${caseId}"]`);
  const kinds: [string, string][] = [
    [poisoned, 'quarantined'],
    [withdrawn, 'withdrawn'],
    [decidedElsewhere, 'decided_elsewhere'],
    [reclaimed, 'reclaimed'],
    [leaseLost, 'lease_lost'],
    [escalated, 'new_evidence'],
    [discarded, 'new_evidence'],
  ];
  for (const [id, kind] of kinds) await expect(card(id)).toHaveAttribute('data-kind', kind);
  await shot(page, 'local-state-conflicts-every-kind');
  // Every kind of conflict in words, in both languages: no id, code or errno on the page.
  const other: Locale = locale === 'en' ? 'zh-CN' : 'en';
  for (const l of [locale, other, locale]) {
    await page.evaluate(async (lng) => void (await window.gavel!.settings.set({ locale: lng })), l);
    await expect(page.locator('html')).toHaveAttribute('lang', l);
    expect(await rawTextOn(page, l, 'conflicts')).toEqual([]);
  }

  const act = async (caseId: string, action: string) => {
    await card(caseId).locator(`[data-action="${action}"]`).click();
    await expect(card(caseId)).toHaveCount(0);
  };
  /** After an action and one sync round, the local row agrees with the server. */
  const settled = async (caseId: string, local: string | undefined) => {
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
    const row = (await ws.idbAll<{ id: string; local: string }>('cases')).find((r) => r.id === caseId);
    expect(row?.local).toBe(local);
  };

  // Withdrawn, decided elsewhere, re-claimed: discarding settles or removes the case.
  await act(withdrawn, 'discarded');
  await settled(withdrawn, 'synced');
  await act(decidedElsewhere, 'discarded');
  await settled(decidedElsewhere, undefined);
  await act(reclaimed, 'discarded');
  await settled(reclaimed, undefined);
  // New evidence, sent to a supervisor: an escalation goes out and the case leaves the queue.
  await act(escalated, 'sent_to_supervisor');
  await settled(escalated, undefined);
  expect((await world.caseView(escalated)).status).toBe('escalated');
  // New evidence, discarded: the case stays this arbitrator's, open, with the new call marked.
  await act(discarded, 'discarded');
  await settled(discarded, 'open');
  expect((await ws.idbAll<{ id: string; newKeys?: string[] }>('cases')).find((r) => r.id === discarded)?.newKeys).toEqual(['call:call-f']);
  await shot(page, 'local-state-conflicts-after-discards');

  // Lease lost (the case came back under a new claim): decide again, accepted under the new lease.
  await act(leaseLost, 'redecided');
  await expect(ws.caseView()).toHaveAttribute('data-case-id', leaseLost);
  await ws.rejectOpenedCase('新租约下重新裁决');
  // The poisoned decision: decide again, this time with text that can be stored.
  await shell.open('conflicts');
  await act(poisoned, 'redecided');
  await expect(ws.caseView()).toHaveAttribute('data-case-id', poisoned);
  await ws.rejectOpenedCase('重新填写的备注');
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 30_000 });
  await expect(page.getByTestId('sync-conflicts')).toHaveCount(0);
  await shell.open('conflicts');
  await expect(page.getByTestId('conflict')).toHaveCount(0);

  // On the server: each decision applied at most once, the second decisions are the ones that stand.
  for (const id of [poisoned, leaseLost, good, decidedElsewhere]) expect(await world.decidedCount(id)).toBe(1);
  expect((await world.caseView(poisoned)).decision?.note).toBe('重新填写的备注');
  expect((await world.caseView(leaseLost)).decision?.note).toBe('新租约下重新裁决');
  expect(await world.decidedCount(discarded)).toBe(0);
  expect(await world.decidedCount(withdrawn)).toBe(0);
});
