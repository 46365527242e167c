import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DEFAULT_POLICY } from '../common/policy';
import { startHost, type RunningHost } from '../main/host/host';
import { startServer, type RunningServer } from '../server/start';
import { WorkstationPage } from '../testing/pages/WorkstationPage';

/**
 * The offline promise, end to end: claim 50 cases, lose the backend, decide 20 with the keyboard,
 * reload the app, bring the backend back. Every decision must be on the server exactly once and the
 * status bar must show nothing pending. The backend is a real server process stopped and restarted on
 * the same port and database, not a mock.
 */
const root = path.resolve(import.meta.dirname, '..');
let host: RunningHost;
let server: RunningServer | null = null;
let hostDir: string;
let serverDir: string;
let port = 0;

const startBackend = async (seed = 0) => {
  server = await startServer({ host: '127.0.0.1', port, dataDir: serverDir, seed, logger: false, demoAccounts: true });
  port = Number(new URL(server.url).port);
  return server;
};

test.beforeEach(async ({ browserName: _ }, testInfo) => {
  test.skip(testInfo.project.name !== 'browser', 'stops and restarts a backend next to the browser-mode host');
  hostDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-offline-host-'));
  serverDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-offline-server-'));
  port = 0;
  await startBackend(120);
  host = await startHost({ rendererDir: path.join(root, 'out', 'renderer'), bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'), dataDir: hostDir });
});

test.afterEach(async () => {
  await host?.close();
  await server?.close();
  server = null;
  for (const dir of [hostDir, serverDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

test('decisions made while the backend is down survive a reload and land exactly once', async ({ browser }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const ws = new WorkstationPage(page);
  await page.goto(host.url);

  // Setup through the app's own API: point it at the backend and sign in (the renderer never sees a token).
  const backendUrl = server!.url;
  const signedIn = await page.evaluate(async (url) => {
    await window.gavel!.settings.set({ backendUrl: url });
    return window.gavel!.session.login({ username: 'arbitrator2', password: 'gavel-demo-2' });
  }, backendUrl);
  expect(signedIn).toMatchObject({ ok: true, data: { user: { username: 'arbitrator2' } } });

  // Claim 50 for offline work (the status bar action), with the policy's long lease.
  await page.getByTestId('sync-checkout').click();
  await expect.poll(() => ws.rows().count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(20);
  await expect.poll(async () => (await ws.idbAll('cases')).length, { timeout: 60_000 }).toBe(DEFAULT_POLICY.leases.offlineMaxCases);

  // The backend goes away.
  await server!.close();
  server = null;

  // Twenty decisions, keyboard only.
  await page.getByTestId('queue-row').first().waitFor();
  await page.locator('body').focus();
  await ws.press('Enter');
  const decided: string[] = [];
  for (let i = 0; i < 20; i++) decided.push(await ws.rejectOpenedCase(`离线裁决 ${i + 1}`));
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '20', { timeout: 10_000 });

  // A reload (or a crash) loses nothing: the outbox is on disk.
  await page.reload();
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '20', { timeout: 30_000 });
  expect(await ws.idbAll('outbox')).toHaveLength(20);

  // The backend returns on the same port and database; sync resumes by itself.
  await startBackend();
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 90_000 });
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-online', 'true');

  // On the server: exactly one decision per case, ours.
  const admin = await fetch(new URL('v1/auth/login', server!.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'gavel-demo-admin' }),
  });
  const { accessToken } = (await admin.json()) as { accessToken: string };
  const events = (await (await fetch(new URL('v1/events?limit=1000', server!.url), { headers: { authorization: `Bearer ${accessToken}` } })).json()) as {
    events: { type: string; caseId: string; decision: { note: string } | null }[];
  };
  const decidedEvents = events.events.filter((e) => e.type === 'decided');
  expect(decidedEvents.map((e) => e.caseId).sort()).toEqual([...decided].sort());
  expect(new Set(decidedEvents.map((e) => e.decision?.note)).size).toBe(20);
  await context.close();
});

test('sign-out warns while decisions are pending, and a forced sign-out keeps them on this machine', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const ws = new WorkstationPage(page);
  await page.goto(host.url);
  await page.evaluate(async (url) => {
    await window.gavel!.settings.set({ backendUrl: url });
    return window.gavel!.session.login({ username: 'arbitrator1', password: 'gavel-demo-1' });
  }, server!.url);
  await page.getByTestId('sync-checkout').click();
  await expect.poll(() => ws.rows().count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  await server!.close();
  server = null;

  await page.locator('body').focus();
  await ws.press('Enter');
  await ws.rejectOpenedCase('退出前的离线裁决');
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '1');

  await page.goto(`${host.origin}/#/settings`);
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('sign-out-warning')).toContainText('1');
  await expect(page.getByTestId('user')).not.toContainText(/未登录|Not signed in/);
  await page.getByTestId('sign-out-force').click();
  await expect(page.getByTestId('sign-in')).toBeVisible();
  await expect(page.getByTestId('user')).toContainText(/未登录|Not signed in/);
  expect(await ws.idbAll('outbox')).toHaveLength(1);
  await context.close();
});
