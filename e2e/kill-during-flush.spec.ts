import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from '../server/start';
import { WorkstationPage } from '../testing/pages/WorkstationPage';

/**
 * The worst moment to die: the browser-mode host is SIGKILLed after the server has applied a push
 * but before the answer reached the app. A loopback proxy between main and the server forwards the
 * push, waits for the server's answer, then kills the host and drops the connection. After a restart
 * the app must re-send the unacknowledged mutations and the server must apply none of them twice.
 */
const root = path.resolve(import.meta.dirname, '..');
let server: RunningServer;
let proxy: http.Server | null = null;
let host: ChildProcess | null = null;
let hostDir: string;
let serverDir: string;
let mode: 'down' | 'kill_on_push' | 'up' = 'up';
let killedAfterApplied = false;
/** How many mutations the push the host died on carried. */
let killedPushSize = 0;

/** Starts the built host as its own process (so it can be SIGKILLed) and returns its launch URL. */
function startHostProcess(port: number): Promise<{ url: string; port: number }> {
  const args = JSON.stringify(['--no-open', '--no-standalone', '--data-dir', hostDir, '--port', String(port)]);
  const child = spawn(process.execPath, ['-e', `import(${JSON.stringify(path.join(root, 'out/main/host.js'))}).then((m) => m.runHostCli(${args}))`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  host = child;
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host did not start: ${out}`)), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /one-time link: (http:\/\/127\.0\.0\.1:(\d+)\/__gavel\/launch\?t=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, port: Number(m[2]) });
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`host exited (${code}): ${out}`)));
  });
}

/** A loopback proxy that can play dead, or kill the host right after the server applied a push. */
function startProxy(target: string): Promise<string> {
  const upstream = new URL(target);
  proxy = http.createServer((req, res) => {
    if (mode === 'down') {
      req.socket.destroy();
      return;
    }
    const sent: Buffer[] = [];
    req.on('data', (c: Buffer) => sent.push(c));
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          if (mode === 'kill_on_push' && req.method === 'POST' && req.url?.startsWith('/v1/sync/push') && answer.statusCode === 200) {
            mode = 'down';
            killedPushSize = (JSON.parse(Buffer.concat(sent).toString('utf8')) as { mutations: unknown[] }).mutations.length;
            killedAfterApplied = true;
            host?.kill('SIGKILL');
            req.socket.destroy();
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
        });
      },
    );
    forward.on('error', () => req.socket.destroy());
    req.pipe(forward);
  });
  const listening = proxy;
  return new Promise((resolve) => listening.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(listening.address() as AddressInfo).port}`)));
}

test.beforeEach(async ({ browserName: _ }, testInfo) => {
  test.skip(testInfo.project.name !== 'browser', 'kills the browser-mode host process');
  hostDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-kill-host-'));
  serverDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-kill-server-'));
  mode = 'up';
  killedAfterApplied = false;
  killedPushSize = 0;
  server = await startServer({ host: '127.0.0.1', port: 0, dataDir: serverDir, seed: 120, logger: false, demoAccounts: true });
});

test.afterEach(async () => {
  host?.kill('SIGKILL');
  host = null;
  // Only what this test started: a skipped test (electron project) never started a proxy.
  const p = proxy;
  proxy = null;
  if (p) await new Promise((r) => p.close(r));
  await server?.close();
  for (const dir of [hostDir, serverDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

async function decidedOnServer(): Promise<{ caseId: string; decision: { note: string } | null }[]> {
  const login = await fetch(new URL('v1/auth/login', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'gavel-demo-admin' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const res = await fetch(new URL('v1/events?limit=1000', server.url), { headers: { authorization: `Bearer ${accessToken}` } });
  const body = (await res.json()) as { events: { type: string; caseId: string; decision: { note: string } | null }[] };
  return body.events.filter((e) => e.type === 'decided');
}

const OFFLINE = 10;

test('a host killed after the server applied a push re-sends it, and nothing is applied twice', async ({ browser }) => {
  test.setTimeout(240_000);
  const proxyUrl = await startProxy(server.url);
  const first = await startHostProcess(0);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const ws = new WorkstationPage(page);
  await page.goto(first.url);
  const signedIn = await page.evaluate(async (url) => {
    await window.gavel!.settings.set({ backendUrl: url });
    return window.gavel!.session.login({ username: 'arbitrator3', password: 'gavel-demo-3' });
  }, proxyUrl);
  expect(signedIn).toMatchObject({ ok: true });
  await page.getByTestId('sync-checkout').click();
  await expect.poll(() => ws.rows().count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(20);

  // Offline: ten decisions by keyboard (one push carries them all; more would test nothing more).
  mode = 'down';
  await page.locator('body').focus();
  await ws.press('Enter');
  const decided: string[] = [];
  for (let i = 0; i < OFFLINE; i++) decided.push(await ws.rejectOpenedCase(`崩溃前裁决 ${i + 1}`));
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', String(OFFLINE), { timeout: 10_000 });
  // A background sync that began before the last decision was written may still be retrying its
  // shorter batch (main retries a push for about a second); it would reach the server first. Any
  // sync that starts once the button is enabled again reads all of them.
  await expect(page.getByTestId('sync-now')).toBeEnabled({ timeout: 30_000 });
  // And past the last decision's undo window, no background round holds any of them back.
  await expect(page.getByTestId('undo-toast')).toBeHidden({ timeout: 15_000 });
  await expect(page.getByTestId('sync-now')).toBeEnabled({ timeout: 30_000 });

  // The backend comes back; the first push is applied by the server and the host dies before the answer.
  mode = 'kill_on_push';
  await page.getByTestId('sync-now').click();
  await expect.poll(() => killedAfterApplied, { timeout: 60_000 }).toBe(true);
  await expect.poll(() => host?.exitCode !== null || host?.signalCode !== null, { timeout: 10_000 }).toBe(true);
  expect(killedPushSize, 'the push the host died on carried every offline decision').toBe(OFFLINE);
  expect((await decidedOnServer()).length).toBe(OFFLINE); // applied, but the app never heard

  // Restart the host on the same port (same origin, so the same IndexedDB) and open the app again.
  mode = 'up';
  const second = await startHostProcess(first.port);
  await page.goto(second.url);
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 90_000 });
  expect(await ws.idbAll('outbox')).toHaveLength(0);
  type Row = { caseId: string; state: string };
  const rows = (await ws.idbAll<Row>('decisions')).filter((r) => decided.includes(r.caseId));
  expect(rows.map((r) => r.state)).toEqual(Array(OFFLINE).fill('applied'));

  const onServer = await decidedOnServer();
  expect(onServer.map((e) => e.caseId).sort()).toEqual([...decided].sort());
  expect(new Set(onServer.map((e) => e.decision?.note)).size).toBe(OFFLINE);
  await context.close();
});
