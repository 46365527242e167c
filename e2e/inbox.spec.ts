import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { VERDICT_LABELS, type ComplaintKind } from '../common/domain';
import { reasonKey, remedyFor, remedyKey } from '../testing/decisionKeys';
import { openApp, useServerAndHost } from '../testing/serverAndHost';
import { shot } from '../testing/shots';

/**
 * A notice carried from an override to the arbitrator's inbox: the arbitrator decides a case in the
 * browser-mode app; on the same machine a supervisor samples it, reviews it blind and overrides it;
 * signed in again, the arbitrator's shell shows an unread badge; the inbox says what changed, who changed it (by name) and why, reading it
 * clears the badge for good (also on the server), and its link opens the case.
 * Set GAVEL_SHOTS to a folder to save a screenshot of the inbox.
 */
const { host, server } = useServerAndHost('inbox', 60);

test('a notice carried from an override to the arbitrator inbox', async ({ browser }) => {
  test.setTimeout(180_000);
  const { page, shell, ws } = await openApp(browser, host(), server());
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

  // On the same machine, a supervisor samples that decision, reviews it blind (upholding it, with
  // feedback) and overrides it with a reason, all through the QA page.
  expect(await shell.startSignOut()).toBeNull();
  await shell.signIn('supervisor1', 'gavel-demo-supervisor');
  await shell.open('qa');
  await page.getByTestId('qa-views').getByRole('radio', { name: '抽样计划' }).check();
  await page.getByTestId('qa-plan-method').selectOption('random');
  await page.getByTestId('qa-plan-size').fill('1');
  await page.getByTestId('qa-plan-draw').click();
  await expect(page.getByTestId('qa-plan-done')).toContainText('1');
  await page.getByTestId('qa-views').getByRole('radio', { name: '盲审队列' }).check();
  await expect(page.getByTestId('qa-item')).toHaveCount(1, { timeout: 30_000 });
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Enter');
  const review = page.getByTestId('qa-review');
  await expect(review).toBeVisible();
  const kind = (await review.getAttribute('data-kind')) as ComplaintKind;
  await ws.press('y', 'd', reasonKey(kind, 'upheld'), remedyKey(remedyFor(kind, 'upheld')), 'm');
  const feedback = '请核对物流签收记录';
  await page.keyboard.type(feedback);
  await ws.press('Control+Enter');
  await expect(page.getByTestId('qa-comparison')).toBeVisible({ timeout: 30_000 });
  const reason = '物流轨迹显示包裹未签收，应支持买家';
  await page.getByTestId('qa-override-reason').fill(reason);
  await page.getByTestId('qa-override-submit').click();
  await expect(page.getByTestId('qa-override-done')).toBeVisible({ timeout: 30_000 });
  const db = server().app.gavel.deps.db;
  const override = await db.selectFrom('qa_overrides').select(['id', 'case_id']).executeTakeFirstOrThrow();
  expect(override.case_id).toBe(decided);

  // The arbitrator signs in again: the sync round brings both notices, a badge in the shell.
  expect(await shell.startSignOut()).toBeNull();
  await shell.signIn('arbitrator1', 'gavel-demo-1');
  await expect(page.getByTestId('inbox-badge')).toHaveText('2', { timeout: 30_000 });

  // The inbox: what changed, who (by name, never an id) and why.
  await shell.open('inbox');
  await expect(page.getByTestId('notice')).toHaveCount(2);
  await shot(page, 'inbox-zh-CN');
  // Newest first: the override, then the review it followed.
  const notice = page.getByTestId('notice').first();
  const reviewed = page.getByTestId('notice').nth(1);
  await expect(reviewed).toHaveAttribute('data-type', 'feedback');
  await expect(reviewed.getByTestId('notice-who')).toHaveText('陈静 (Supervisor)');
  await expect(reviewed.getByTestId('notice-why')).toHaveText(feedback);
  await expect(reviewed).toContainText('结论不同');
  await expect(notice).toHaveAttribute('data-type', 'override');
  await expect(notice).toHaveAttribute('data-case-id', decided);
  await expect(notice.getByTestId('notice-who')).toHaveText('陈静 (Supervisor)');
  await expect(notice.getByTestId('notice-why')).toHaveText(reason);
  await expect(notice).toContainText('改判');
  await expect(notice).toContainText(`由 ${VERDICT_LABELS.rejected.zh}`);
  await expect(notice).toContainText(`改为 ${VERDICT_LABELS.upheld.zh}`);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  const text = await page.getByTestId('inbox-page').innerText();
  expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
  expect(text).not.toMatch(/\b[A-Z]+(?:_[A-Z]+)+\b|\b[a-z]+(?:_[a-z]+)+\b/);

  // Shown is read: the badge goes, the server knows, and a reload does not bring it back.
  await expect(page.getByTestId('inbox-badge')).toHaveCount(0, { timeout: 10_000 });
  const item = await db.selectFrom('qa_items').select('id').executeTakeFirstOrThrow();
  await expect.poll(async () => (await db.selectFrom('notice_reads').select('notice_id').execute()).map((r) => r.notice_id).sort(), { timeout: 10_000 }).toEqual([override.id, item.id].sort());
  await page.reload();
  await expect(shell.navLink('inbox')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  await expect(page.getByTestId('inbox-badge')).toHaveCount(0);
  await expect(page.getByTestId('notice-new')).toHaveCount(0);

  // The link opens the case, which now carries the supervisor's decision.
  await page.getByTestId('notice-open').first().click();
  expect(await ws.openedCaseId()).toBe(decided);
});
