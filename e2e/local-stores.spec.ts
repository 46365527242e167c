import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from '../main/host/host';
import { startServer, type RunningServer } from '../server/start';
import { startFaultProxy, type FaultProxy } from '../testing/chaos/proxy';
import { AppShellPage } from '../testing/pages/AppShellPage';
import { WorkstationPage } from '../testing/pages/WorkstationPage';

/**
 * Local data belongs to one (backend, account) pair, through the UI: moving from standalone to a
 * server and back never shows one backend's cases as the other's work, says which backend the app
 * is on (standalone only when it is), asks before leaving decisions behind and sends them when
 * that pair signs in again; and a full local disk is named as such, not as an outage.
 */
const root = path.resolve(import.meta.dirname, '..');
let host: RunningHost;
let server: RunningServer | null = null;
let proxy: FaultProxy | null = null;
const dirs: string[] = [];

const tmp = (name: string) => {
  const d = mkdtempSync(path.join(os.tmpdir(), name));
  dirs.push(d);
  return d;
};

test.beforeEach(async ({ browserName: _ }, testInfo) => {
  test.skip(testInfo.project.name !== 'browser', 'runs the embedded backend and a server next to the browser-mode host');
  host = await startHost({ rendererDir: path.join(root, 'out', 'renderer'), bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'), dataDir: tmp('gavel-stores-host-'), standalone: { seed: 30 } });
});

test.afterEach(async () => {
  await host?.close();
  await proxy?.close();
  await server?.close();
  proxy = null;
  server = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Records every queue row (id and local state) rendered from now on, frame by frame. */
async function watchRows(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __rows: string[] }).__rows = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll<HTMLElement>('[data-testid="queue-row"]')) seen.push(el.dataset.caseId ?? '');
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  return () => page.evaluate(() => (window as unknown as { __rows: string[] }).__rows);
}

test('standalone to a server and back: each backend’s cases stay its own, and decisions wait for their pair', async ({ browser }) => {
  test.setTimeout(240_000);
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  const shell = new AppShellPage(page);
  const ws = new WorkstationPage(page);
  await ws.openQueue(host.url, 5);
  const embedded = new Set(await ws.rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-case-id') ?? '')));
  const standaloneStore = await ws.storeName();
  expect(standaloneStore).toMatch(/^gavel:standalone:/);
  await shell.open('settings');
  await expect(page.getByTestId('account-backend')).toHaveAttribute('data-standalone', 'true');

  // A real server. Changing the address signs out of the embedded backend; none of its cases stay.
  server = await startServer({ host: '127.0.0.1', port: 0, dataDir: tmp('gavel-stores-server-'), seed: 30, logger: false, demoAccounts: true });
  proxy = await startFaultProxy(server.url, Math.random);
  await shell.setBackend(proxy.url);
  await expect(page.getByTestId('sign-in')).toBeVisible();
  await expect(page.getByTestId('account-backend')).toHaveAttribute('data-standalone', 'false');
  await expect(page.getByTestId('account-backend')).toContainText(proxy.url.replace(/\/$/, ''));
  await expect(page.getByTestId('sync-state')).toHaveCount(0);
  const rows = await watchRows(page);
  await shell.signIn('arbitrator1', 'gavel-demo-1');
  await shell.open('queue');
  // Nothing yet pulled on this server: the bar does not claim "synced" before the first pull.
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', /^(syncing|notYet|synced)$/);
  await page.getByTestId('sync-checkout').click();
  await expect.poll(() => ws.rows().count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(5);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  const serverStore = await ws.storeName();
  expect(serverStore).not.toBe(standaloneStore);
  expect((await rows()).filter((id) => embedded.has(id))).toEqual([]);
  const onServer = new Set(await ws.rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-case-id') ?? '')));

  // Offline on the server, one decision waits. Back to standalone: the app asks first.
  proxy.setMode('down');
  await expect(shell.connection).toHaveAttribute('data-status', 'offline', { timeout: 3_000 });
  await page.locator('body').focus();
  await ws.press('Enter');
  const waiting = await ws.rejectOpenedCase('等待这个后端的裁决');
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '1');
  await shell.setBackend(null);
  await expect(page.getByTestId('backend-switch-warning')).toHaveAttribute('data-count', '1');
  await page.getByTestId('backend-switch-force').click();
  // Standalone signs in to the embedded backend by itself; its own cases, none of the server's.
  await expect(page.getByTestId('account-backend')).toHaveAttribute('data-standalone', 'true', { timeout: 30_000 });
  await shell.open('queue');
  await expect(ws.rows().first()).toBeVisible({ timeout: 30_000 });
  expect(await ws.storeName()).toBe(standaloneStore);
  const back = await ws.rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-case-id') ?? ''));
  expect(back.filter((id) => onServer.has(id))).toEqual([]);
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');

  // The server again: its pair's decision goes out when it signs in, to that server only, once.
  proxy.setMode('up');
  await shell.setBackend(proxy.url);
  await shell.signIn('arbitrator1', 'gavel-demo-1');
  expect(await ws.storeName()).toBe(serverStore);
  await shell.open('queue');
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 30_000 });
  const decided = await server.app.gavel.deps.db.selectFrom('changes').select('seq').where('case_id', '=', waiting).where('type', '=', 'decided').execute();
  expect(decided).toHaveLength(1);
});

test('a full local disk is named as such: saved work stays, nothing is reported as an outage', async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  const shell = new AppShellPage(page);
  const ws = new WorkstationPage(page);
  await ws.openQueue(host.url, 5);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced', { timeout: 60_000 });
  await page.locator('body').focus();
  await ws.press('Enter');
  const saved = await ws.rejectOpenedCase('磁盘满之前的裁决');
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 30_000 });

  // The disk fills up: from now on IndexedDB refuses every write the way the browser does when its
  // quota is spent (a QuotaExceededError DOMException), below Dexie and the app.
  await page.evaluate(() => {
    const w = window as unknown as { __diskFull: boolean };
    w.__diskFull = true;
    for (const method of ['put', 'add'] as const) {
      // eslint-disable-next-line @typescript-eslint/unbound-method -- applied below with the store as `this`
      const original = IDBObjectStore.prototype[method];
      IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<typeof original>) {
        if (w.__diskFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return original.apply(this, args);
      };
    }
  });
  const { reason, remedy } = WorkstationPage.rejectKeys((await ws.kind()) as Parameters<typeof WorkstationPage.rejectKeys>[0]);
  const open = await ws.openedCaseId();
  await ws.press('n', 'd', reason, remedy, 'Control+Enter');
  await expect(page.getByTestId('decision-message')).toHaveText(/存储已满|storage is full/);
  await expect(ws.caseView()).toHaveAttribute('data-case-id', open);
  await page.getByTestId('sync-checkout').click();
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'storageFull', { timeout: 30_000 });
  await expect(page.getByTestId('sync-storage-full')).toBeVisible();
  await expect(shell.connection).toHaveAttribute('data-status', 'online');
  expect((await ws.idbAll<{ id: string; local: string }>('cases')).find((c) => c.id === saved)?.local).toBe('synced');

  // Space again: the next round goes through, the message goes, the same decision is saved.
  await page.evaluate(() => ((window as unknown as { __diskFull: boolean }).__diskFull = false));
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  await expect(page.getByTestId('sync-storage-full')).toHaveCount(0);
  await ws.press('Control+Enter');
  await expect(ws.caseView()).not.toHaveAttribute('data-case-id', open);
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 30_000 });
});
