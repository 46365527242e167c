import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { CaseView, QaOverrideResponse } from '../common/api';
import { VERDICT_LABELS, type Verdict } from '../common/domain';
import { DEFAULT_POLICY } from '../common/policy';
import { startHost, type RunningHost } from '../main/host/host';
import { startServer, type RunningServer } from '../server/start';
import { AppShellPage } from '../testing/pages/AppShellPage';
import { WorkstationPage } from '../testing/pages/WorkstationPage';

/**
 * A notice carried from an override to the arbitrator's inbox: the arbitrator decides a case in the
 * browser-mode app, a supervisor overrides that decision on the server, and the arbitrator's shell
 * shows an unread badge; the inbox says what changed, who changed it (by name) and why, reading it
 * clears the badge for good (also on the server), and its link opens the case.
 * Set GAVEL_SHOTS to a folder to save a screenshot of the inbox.
 */
const root = path.resolve(import.meta.dirname, '..');
const shots = process.env.GAVEL_SHOTS ? path.resolve(process.env.GAVEL_SHOTS) : null;
let host: RunningHost;
let server: RunningServer;
let hostDir: string;
let serverDir: string;

async function shot(page: Page, name: string): Promise<void> {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

test.beforeEach(async ({ browserName: _ }, testInfo) => {
  test.skip(testInfo.project.name !== 'browser', 'runs a backend next to the browser-mode host');
  hostDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-inbox-host-'));
  serverDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-inbox-server-'));
  server = await startServer({ host: '127.0.0.1', port: 0, dataDir: serverDir, seed: 60, logger: false, demoAccounts: true, demoDecisions: { exclude: ['arbitrator1'] } });
  host = await startHost({ rendererDir: path.join(root, 'out', 'renderer'), bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'), dataDir: hostDir });
});

test.afterEach(async () => {
  await host?.close();
  await server?.close();
  for (const dir of [hostDir, serverDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The supervisor, through the backend's own route: overturns a decision with a reason. */
async function overrideAsSupervisor(caseId: string, reason: string): Promise<QaOverrideResponse> {
  const post = async (url: string, body: unknown, token?: string) => {
    const res = await fetch(`${server.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json() as Promise<unknown>;
  };
  const { accessToken } = (await post('/v1/auth/login', { username: 'supervisor1', password: 'gavel-demo-supervisor' })) as { accessToken: string };
  const view = (await (await fetch(`${server.url}/v1/cases/${caseId}`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as CaseView;
  const verdict: Verdict = 'upheld';
  const rc = DEFAULT_POLICY.reasonCodes[view.kind].find((r) => r.verdicts.includes(verdict))!;
  const remedy = DEFAULT_POLICY.remediesByKind[view.kind].find((x) => x !== 'no_action')!;
  return (await post('/v1/qa/overrides', { clientId: `e2e-override-${caseId}`, caseId, decision: { verdict, remedies: [remedy], reasonCodes: [rc.code], note: '' }, reason }, accessToken)) as QaOverrideResponse;
}

test('a notice carried from an override to the arbitrator inbox', async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  const shell = new AppShellPage(page);
  const ws = new WorkstationPage(page);
  await page.goto(host.url);
  await page.evaluate(() => window.gavel!.settings.set({ locale: 'zh-CN', theme: 'light' }));
  await shell.setBackend(server.url);
  await shell.signIn('arbitrator1', 'gavel-demo-1');
  await expect(shell.navLink('inbox')).toBeVisible();
  await shell.open('queue');
  await page.getByTestId('sync-checkout').click();
  await expect.poll(() => ws.rows().count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);

  // The arbitrator rejects a case; it reaches the server.
  await page.getByTestId('queue-body').focus();
  await ws.press('Enter');
  const decided = await ws.rejectOpenedCase('原裁决：证据不足');
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 30_000 });
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  await expect(page.getByTestId('inbox-badge')).toHaveCount(0);

  // A supervisor overturns it, with a reason.
  const reason = '物流轨迹显示包裹未签收，应支持买家';
  const override = await overrideAsSupervisor(decided, reason);
  expect(override.previous.verdict).toBe('rejected');

  // The next sync round brings the notice: a badge in the shell.
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('inbox-badge')).toHaveText('1', { timeout: 30_000 });

  // The inbox: what changed, who (by name, never an id) and why.
  await shell.open('inbox');
  const notice = page.getByTestId('notice');
  await expect(notice).toHaveCount(1);
  await shot(page, 'inbox-zh-CN');
  await expect(notice).toHaveAttribute('data-type', 'override');
  await expect(notice).toHaveAttribute('data-case-id', decided);
  await expect(notice.getByTestId('notice-who')).toHaveText('陈静 (Supervisor)');
  await expect(notice.getByTestId('notice-why')).toHaveText(reason);
  await expect(notice).toContainText('改判');
  await expect(notice).toContainText(`由 ${VERDICT_LABELS.rejected.zh}`);
  await expect(notice).toContainText(`改为 ${VERDICT_LABELS.upheld.zh}`);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  const text = (await page.getByTestId('inbox-page').innerText()).replace(override.overrideId, '');
  expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
  expect(text).not.toMatch(/\b[A-Z]+(?:_[A-Z]+)+\b|\b[a-z]+(?:_[a-z]+)+\b/);

  // Shown is read: the badge goes, the server knows, and a reload does not bring it back.
  await expect(page.getByTestId('inbox-badge')).toHaveCount(0, { timeout: 10_000 });
  const db = server.app.gavel.deps.db;
  await expect.poll(async () => (await db.selectFrom('notice_reads').select('notice_id').execute()).map((r) => r.notice_id), { timeout: 10_000 }).toEqual([override.overrideId]);
  await page.reload();
  await expect(shell.navLink('inbox')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  await expect(page.getByTestId('inbox-badge')).toHaveCount(0);
  await expect(page.getByTestId('notice-new')).toHaveCount(0);

  // The link opens the case, which now carries the supervisor's decision.
  await page.getByTestId('notice-open').click();
  expect(await ws.openedCaseId()).toBe(decided);
});
