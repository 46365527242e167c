import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { VERDICT_LABELS, VERDICTS, type ComplaintKind, type Decision, type Verdict } from '../common/domain';
import { DEFAULT_POLICY } from '../common/policy';
import { summarizeAgreement } from '../common/qa/agreement';
import { reasonKey, remedyFor, remedyKey } from '../testing/decisionKeys';
import { qaRecords } from '../server/services/qa';
import { startHost, type RunningHost } from '../main/host/host';
import { startServer, type RunningServer } from '../server/start';

/**
 * Supervisor QA end to end: a real backend seeded with decisions by three arbitrators, the
 * browser-mode app signed in as the supervisor. Draw a stratified sample of 30, re-review 5 blind
 * with the keyboard only, and see each comparison against what the server holds.
 */
const root = path.resolve(import.meta.dirname, '..');
let host: RunningHost;
let server: RunningServer;
let hostDir: string;
let serverDir: string;

test.beforeEach(async ({ browserName: _ }, testInfo) => {
  test.skip(testInfo.project.name !== 'browser', 'runs a backend next to the browser-mode host');
  hostDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-qa-host-'));
  serverDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-qa-server-'));
  server = await startServer({ host: '127.0.0.1', port: 0, dataDir: serverDir, seed: 200, logger: false, demoAccounts: true, demoDecisions: {} });
  host = await startHost({ rendererDir: path.join(root, 'out', 'renderer'), bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'), dataDir: hostDir });
});

test.afterEach(async () => {
  await host?.close();
  await server?.close();
  for (const dir of [hostDir, serverDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** No serious or critical accessibility issue on the screen as it is now. */
async function axe(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${where}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(host.url);
  const res = await page.evaluate(
    async ([url, u, p]) => {
      await window.gavel!.settings.set({ backendUrl: url, locale: 'zh-CN' });
      return window.gavel!.session.login({ username: u!, password: p! });
    },
    [server.url, username, password],
  );
  expect(res).toMatchObject({ ok: true });
  await page.reload();
  await page.getByTestId('app-name').waitFor();
}

test('a supervisor draws a stratified sample of 30 and re-reviews 5 blind by keyboard', async ({ browser }) => {
  test.setTimeout(180_000);
  const db = server.app.gavel.deps.db;
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await signIn(page, 'supervisor1', 'gavel-demo-supervisor');
  await page.getByTestId('nav-qa').click();

  // Plan: stratified by arbitrator, proportional, 30. Preview first, then draw.
  await page.getByTestId('qa-views').getByRole('radio', { name: '抽样计划' }).check();
  await page.getByTestId('qa-plan-size').fill('30');
  await page.getByTestId('qa-plan-preview').click();
  await expect(page.getByTestId('qa-stratum')).toHaveCount(3);
  const allocated = await page.getByTestId('qa-stratum').evaluateAll((rows) => rows.map((r) => Number(r.querySelectorAll('td')[2]?.textContent)));
  expect(allocated.reduce((a, b) => a + b, 0)).toBe(30);
  await axe(page, 'plans');
  await page.getByTestId('qa-plan-draw').click();
  await expect(page.getByTestId('qa-plan-done')).toContainText('30');
  const plans = await db.selectFrom('qa_plans').select(['id', 'seed']).execute();
  expect(plans).toHaveLength(1);

  // Before any review the dashboard has no kappa to show.
  const kappaStat = page.locator('.qa-stat').filter({ hasText: 'Cohen κ' }).locator('.qa-stat__value');
  await page.getByTestId('qa-views').getByRole('radio', { name: '一致性' }).check();
  await expect(page.getByTestId('qa-dashboard')).toBeVisible();
  await expect(kappaStat).not.toHaveText(/\d/);

  // The 30 items arrive blind through sync.
  await page.getByTestId('qa-views').getByRole('radio', { name: '盲审队列' }).check();
  await expect(page.getByTestId('qa-item')).toHaveCount(30, { timeout: 30_000 });

  await axe(page, 'review queue');

  // From here on: keyboard only.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  for (let n = 0; n < 5; n++) {
    if (n > 0) await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    const review = page.getByTestId('qa-review');
    await expect(review).toBeVisible();
    await expect(page.getByTestId('qa-comparison')).toHaveCount(0);
    if (n === 0) await axe(page, 'blind review');
    const itemId = (await review.getAttribute('data-item-id'))!;
    const kind = (await review.getAttribute('data-kind')) as ComplaintKind;
    // The screen is blind; the test peeks at the server so that 3 reviews agree and 2 do not,
    // which gives the dashboard a kappa worth checking.
    const peek = await db.selectFrom('qa_items').innerJoin('cases', 'cases.id', 'qa_items.case_id').select('cases.decision').where('qa_items.id', '=', (await review.getAttribute('data-item-id'))!).executeTakeFirstOrThrow();
    const was = (peek.decision as Decision).verdict;
    const verdict: Verdict = n < 3 ? was : VERDICTS.find((v) => v !== was && DEFAULT_POLICY.reasonCodes[kind].some((r) => r.verdicts.includes(v)))!;

    await page.keyboard.press({ upheld: 'y', partially_upheld: 'p', rejected: 'n' }[verdict]);
    await page.keyboard.press('d');
    await page.keyboard.press(reasonKey(kind, verdict));
    await page.keyboard.press(remedyKey(remedyFor(kind, verdict)));
    await page.keyboard.press('Control+Enter');
    // The comparison appears once the push is answered, against the decision the server holds.
    const cmp = page.getByTestId('qa-comparison');
    await expect(cmp).toBeVisible({ timeout: 30_000 });
    const item = await db.selectFrom('qa_items').select(['case_id', 'status', 'review']).where('id', '=', itemId).executeTakeFirstOrThrow();
    expect(item.status).toBe('reviewed');
    const c = await db.selectFrom('cases').select('decision').where('id', '=', item.case_id).executeTakeFirstOrThrow();
    const original = (c.decision as Decision).verdict;
    await expect(page.getByTestId('qa-compare-verdict')).toContainText(VERDICT_LABELS[original].zh);
    await expect(page.getByTestId('qa-compare-verdict')).toHaveAttribute('data-agrees', String(original === verdict));
    if (n === 3) await axe(page, 'comparison');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('qa-items')).toBeVisible();
  }
  await expect(page.getByTestId('qa-counts')).toContainText('待复核 25 / 共 30');
  const reviewed = await db.selectFrom('qa_items').select('id').where('status', '=', 'reviewed').execute();
  expect(reviewed).toHaveLength(5);

  // The dashboard's kappa now reflects the 5 pairs: the same value the shared statistics give for
  // the server's records.
  await page.getByTestId('qa-views').getByRole('radio', { name: '一致性' }).check();
  // As the signed-in supervisor sees them (without the decisions under its open blind reviews).
  const supervisor = await db.selectFrom('users').select('id').where('username', '=', 'supervisor1').executeTakeFirstOrThrow();
  const records = await qaRecords(db, { id: supervisor.id, role: 'supervisor' }, { limit: 20_000 });
  const expected = summarizeAgreement(records.pairs).kappa.kappa;
  expect(records.pairs.filter((p) => !p.golden)).toHaveLength(5);
  expect(expected).not.toBeNull();
  await expect(kappaStat).toHaveText(expected!.toFixed(2).replace('-', '−'));
});

test('blind reviews made while the backend is down survive a reload and land once, then show the comparison', async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await signIn(page, 'supervisor1', 'gavel-demo-supervisor');
  await page.getByTestId('nav-qa').click();
  await page.getByTestId('qa-views').getByRole('radio', { name: '抽样计划' }).check();
  await page.getByTestId('qa-plan-method').selectOption('random');
  await page.getByTestId('qa-plan-size').fill('3');
  await page.getByTestId('qa-plan-draw').click();
  await expect(page.getByTestId('qa-plan-done')).toContainText('3');
  await page.getByTestId('qa-views').getByRole('radio', { name: '盲审队列' }).check();
  await expect(page.getByTestId('qa-item')).toHaveCount(3, { timeout: 30_000 });

  // The backend goes away; the review is made anyway, by keyboard, and waits in the outbox.
  const port = Number(new URL(server.url).port);
  await server.close();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Enter');
  const review = page.getByTestId('qa-review');
  const itemId = (await review.getAttribute('data-item-id'))!;
  const kind = (await review.getAttribute('data-kind')) as ComplaintKind;
  await page.keyboard.press('n');
  await page.keyboard.press('d');
  await page.keyboard.press(reasonKey(kind, 'rejected'));
  await page.keyboard.press(remedyKey('no_action'));
  await page.keyboard.press('m');
  await page.keyboard.type('离线复核');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('qa-pending')).toBeVisible();
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '1');

  // A reload loses nothing.
  await page.reload();
  await page.getByTestId('nav-qa').click();
  await expect(page.locator(`[data-testid="qa-item"][data-item-id="${itemId}"]`)).toHaveAttribute('data-state', 'pending');

  // Back on the same port and database: the review lands once and the comparison appears.
  server = await startServer({ host: '127.0.0.1', port, dataDir: serverDir, logger: false });
  await expect(page.locator(`[data-testid="qa-item"][data-item-id="${itemId}"]`)).toHaveAttribute('data-state', 'reviewed', { timeout: 90_000 });
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');
  const db = server.app.gavel.deps.db;
  const item = await db.selectFrom('qa_items').select(['status', 'feedback']).where('id', '=', itemId).executeTakeFirstOrThrow();
  expect(item).toEqual({ status: 'reviewed', feedback: '离线复核' });
  expect(await db.selectFrom('audit_log').select('id').where('action', '=', 'qa.review').execute()).toHaveLength(1);
  await page.locator(`[data-testid="qa-item"][data-item-id="${itemId}"]`).click();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('qa-comparison')).toBeVisible();
  await expect(page.getByTestId('qa-feedback-shown')).toHaveText('离线复核');
});

test('arbitrators do not see the QA page', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, 'arbitrator1', 'gavel-demo-1');
  await expect(page.getByTestId('nav-queue')).toBeVisible();
  await expect(page.getByTestId('nav-qa')).toHaveCount(0);
});
