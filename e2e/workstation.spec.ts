import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { ComplaintKind } from '../common/domain';
import { startHost, type RunningHost } from '../main/host/host';
import { WorkstationPage } from '../testing/pages/WorkstationPage';

/**
 * Decides ten cases from the embedded, seeded backend using only the keyboard: open from the
 * queue, walk every evidence tab, pick verdict / reason / remedy by their keys, write a note, commit
 * with Ctrl+Enter and land on the next case. Then checks the decisions in IndexedDB and that sync
 * delivered them to the server.
 */
const root = path.resolve(import.meta.dirname, '..');
let host: RunningHost;
let dataDir: string;

test.beforeEach(async ({ browserName: _ }, testInfo) => {
  test.skip(testInfo.project.name !== 'browser', 'drives the browser-mode host with an embedded backend');
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-ws-e2e-'));
  host = await startHost({
    rendererDir: path.join(root, 'out', 'renderer'),
    bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'),
    dataDir,
    standalone: { seed: 80 },
  });
});

test.afterEach(async () => {
  await host?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('decides ten cases with the keyboard only, and they sync', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const ws = new WorkstationPage(page);
  await page.goto(host.url);
  await expect(ws.rows().first()).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => ws.rows().count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(10);

  // Ctrl+K finds a command by its Chinese name and runs it; ? and Esc open and close the cheat sheet.
  await ws.press('Control+k');
  await expect(page.getByTestId('palette')).toBeVisible();
  await page.keyboard.type('快捷键');
  await ws.press('Enter');
  await expect(page.getByTestId('palette')).toBeHidden();
  await expect(page.getByTestId('cheatsheet')).toBeVisible();
  await ws.press('Escape');
  await expect(page.getByTestId('cheatsheet')).toBeHidden();

  // j moves the selection, k moves it back, Enter opens the selected case.
  const first = await ws.rows().first().getAttribute('data-case-id');
  await ws.press('j', 'k');
  await expect(ws.rows().first()).toHaveAttribute('aria-selected', 'true');
  await ws.press('Enter');
  expect(await ws.openedCaseId()).toBe(first);

  const decided: string[] = [];
  for (let i = 0; i < 10; i++) {
    const id = await ws.openedCaseId();
    const kind = (await ws.kind()) as ComplaintKind;
    // Walk every evidence tab with ] and check each shows its viewer (or says it has nothing).
    for (let tab = 0; tab < 6; tab++) {
      await ws.press(']');
      const selected = page.getByRole('tab', { selected: true });
      await expect(selected).toHaveCount(1);
      await expect(page.locator('#evidence-panel')).not.toBeEmpty();
    }
    // Number keys jump to findings (when the case has any); X cites the selected finding.
    if ((await page.getByTestId('finding').count()) > 0) {
      await ws.press('1');
      await expect(page.getByTestId('finding').first()).toHaveAttribute('aria-current', 'true');
      await ws.press('x');
    }
    const { reason, remedy } = WorkstationPage.rejectKeys(kind);
    await ws.press('n', 'd', reason, remedy);
    await expect(page.getByTestId('verdict-rejected')).toHaveAttribute('aria-pressed', 'true');
    await ws.press('m');
    await page.keyboard.type('键盘裁决：证据不足以支持投诉');
    await ws.press('Escape', 'Control+Enter');
    await expect(ws.caseView()).not.toHaveAttribute('data-case-id', id, { timeout: 10_000 });
    decided.push(id);
  }

  // Every decision is in IndexedDB with the arbitrator's choices…
  type Row = { caseId: string; state: string; decision: { verdict: string; remedies: string[]; note: string; decidedBy: string } };
  const rows = await ws.idbAll<Row>('decisions');
  const mine = rows.filter((r) => decided.includes(r.caseId));
  expect(mine).toHaveLength(10);
  for (const r of mine) {
    expect(r.decision).toMatchObject({ verdict: 'rejected', remedies: ['no_action'], note: '键盘裁决：证据不足以支持投诉' });
    expect(r.decision.decidedBy).not.toBe('');
  }
  // …and sync delivers them: the server applies each one exactly once.
  await expect
    .poll(async () => (await ws.idbAll<Row>('decisions')).filter((r) => decided.includes(r.caseId) && r.state === 'applied').length, { timeout: 60_000 })
    .toBe(10);
  expect(await ws.idbAll('outbox')).toHaveLength(0);

  // Escape returns to the queue, where the decided cases now say so.
  await ws.press('Escape');
  await expect(page.getByTestId('page-queue')).toBeVisible();

  // A decided case shows the recorded decision: the verdict, who made it and when, and the note.
  await page.evaluate((id) => (window.location.hash = `#/queue/case/${id}`), decided[0]!);
  const recorded = page.getByTestId('decision-done');
  await expect(recorded).toContainText('投诉不成立');
  await expect(recorded).toContainText('键盘裁决：证据不足以支持投诉');
  await expect(recorded).toContainText(/于 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 裁决/);
  await context.close();
});
