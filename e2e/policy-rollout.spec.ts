import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DEFAULT_POLICY } from '../common/policy';
import { startHost, type RunningHost } from '../main/host/host';
import { startServer, type RunningServer } from '../server/start';
import { WorkstationPage } from '../testing/pages/WorkstationPage';

/**
 * A policy rollout never throws away offline work: an arbitrator decides two cases while the
 * backend is down; meanwhile an admin publishes a new version and it comes into force; when the
 * app reconnects, both decisions are applied, under the version that governs their cases (the one
 * in force when they were filed). The app then holds the new version too. Real server processes on
 * one database, stopped and started, not mocks.
 */
const root = path.resolve(import.meta.dirname, '..');
let host: RunningHost;
let server: RunningServer | null = null;
let hostDir: string;
let serverDir: string;

const startBackend = async (port: number, seed = 0) => {
  server = await startServer({ host: '127.0.0.1', port, dataDir: serverDir, seed, logger: false, demoAccounts: true });
  return server;
};
const adminFetch = async (base: string, p: string, init: RequestInit = {}) => {
  const login = await fetch(new URL('v1/auth/login', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'gavel-demo-admin' }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  return fetch(new URL(p, base), { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}`, ...init.headers } });
};

test.beforeEach(async ({ browserName: _ }, testInfo) => {
  test.skip(testInfo.project.name !== 'browser', 'stops and restarts a backend next to the browser-mode host');
  hostDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-rollout-host-'));
  serverDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-rollout-server-'));
  await startBackend(0, 24);
  host = await startHost({ rendererDir: path.join(root, 'out', 'renderer'), bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'), dataDir: hostDir });
});

test.afterEach(async () => {
  await host?.close();
  await server?.close();
  server = null;
  for (const dir of [hostDir, serverDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

test('decide offline, publish a new version, reconnect: the decisions are applied under their cases’ version', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const ws = new WorkstationPage(page);
  await page.goto(host.url);
  const url = server!.url;
  const port = Number(new URL(url).port);
  const signedIn = await page.evaluate(async (u) => {
    await window.gavel!.settings.set({ backendUrl: u });
    return window.gavel!.session.login({ username: 'arbitrator2', password: 'gavel-demo-2' });
  }, url);
  expect(signedIn).toMatchObject({ ok: true });
  await page.getByTestId('sync-checkout').click();
  await expect.poll(async () => (await ws.idbAll('cases')).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  expect((await ws.idbAll<{ version: string }>('policies')).map((p) => p.version)).toEqual([DEFAULT_POLICY.version]);

  // Offline: two decisions by keyboard.
  await server!.close();
  server = null;
  await page.locator('body').focus();
  await ws.press('Enter');
  const decided = [await ws.rejectOpenedCase('离线裁决 1'), await ws.rejectOpenedCase('离线裁决 2')];
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '2', { timeout: 10_000 });

  // The rollout, while the app cannot reach the backend: the same database served on another port.
  const elsewhere = await startBackend(0);
  const effective = Date.now() + 2000;
  const draft = { ...DEFAULT_POLICY, version: '2026.rollout', effectiveFrom: new Date(effective).toISOString(), thresholds: { ...DEFAULT_POLICY.thresholds, shipTimeoutMax: 5 } };
  const published = await adminFetch(elsewhere.url, 'v1/policies', { method: 'POST', body: JSON.stringify(draft) });
  expect(published.status, await published.clone().text()).toBe(201);
  await new Promise((r) => setTimeout(r, Math.max(0, effective - Date.now()) + 200));
  expect(await (await adminFetch(elsewhere.url, 'v1/policies')).json()).toMatchObject({ inForce: '2026.rollout' });
  await elsewhere.close();

  // Reconnect: the app's backend returns, the outbox drains, nothing is rejected.
  await startBackend(port);
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 90_000 });
  await expect(page.getByTestId('sync-conflicts')).toHaveCount(0);
  const events = (await (await adminFetch(server!.url, 'v1/events?limit=100')).json()) as {
    events: { type: string; caseId: string; decision: { policyVersion: string; assessment?: { policyVersion: string } } | null }[];
  };
  const applied = events.events.filter((e) => e.type === 'decided');
  expect(applied.map((e) => e.caseId).sort()).toEqual([...decided].sort());
  for (const e of applied) expect(e.decision).toMatchObject({ policyVersion: DEFAULT_POLICY.version, assessment: { policyVersion: DEFAULT_POLICY.version } });
  // And the new version reached the app.
  await expect.poll(async () => (await ws.idbAll<{ version: string }>('policies')).map((p) => p.version).sort(), { timeout: 30_000 }).toEqual([DEFAULT_POLICY.version, '2026.rollout'].sort());
  await context.close();
});
