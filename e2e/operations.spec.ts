import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { useStandaloneHost } from '../testing/standaloneHost';

/**
 * Operating the app from its UI: the first run says how far the demo import got instead of only
 * "connecting"; Settings shows the update channel's state (none in browser mode, and why) and exports
 * diagnostics without the launch secret.
 */
const host = useStandaloneHost(300);

test('first run shows the demo import progress, then the queue', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(host().url);
  const progress = page.getByTestId('startup-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('data-phase', /^(starting|seeding|history|signing_in)$/);
  await expect(page.getByTestId('queue-row').first()).toBeVisible({ timeout: 90_000 });
  await expect(progress).toHaveCount(0);
});

test('Settings shows the update state and exports diagnostics without secrets', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(host().url);
  await page.getByTestId('nav-settings').click();
  const updates = page.getByTestId('settings-updates');
  await expect(updates).toHaveAttribute('data-status', 'unsupported');
  await expect(updates).toContainText('此运行方式不支持自动更新');
  await expect(page.getByTestId('update-check')).toBeDisabled();

  await page.getByTestId('diagnostics-export').click();
  await expect(page.getByTestId('settings-diagnostics')).toHaveAttribute('data-status', 'done');
  const file = (await page.getByTestId('diagnostics-path').textContent())!.trim();
  const text = readFileSync(file, 'utf8');
  const report = JSON.parse(text) as { app: { mode: string }; sync: { counts: Record<string, number> } };
  expect(report.app.mode).toBe('browser');
  expect(Object.keys(report.sync.counts)).toEqual(expect.arrayContaining(['cases', 'outboxPending', 'conflicts']));
  const secret = new URL(host().url).searchParams.get('s')!;
  expect(secret.length).toBeGreaterThan(20);
  expect(text).not.toContain(secret);
});
