import { expect, test } from '@playwright/test';
import { DEFAULT_POLICY } from '../common/policy';
import { useServerAndHost } from '../testing/serverAndHost';

/**
 * The what-if for policy owners, end to end: an admin loads the version in force as a draft,
 * shortens the order window, runs the what-if (the server judges its open cases and the latest
 * decided ones, slice by slice, and the page shows progress between slices), reads the counts by
 * kind and drills into one kind, then publishes the draft with a future effective date, and the new
 * version comes back through pull.
 */
const SEEDED = 60;

const { host, server } = useServerAndHost('whatif', SEEDED, { demoDecisions: {} });

test('runs a draft over the server\'s cases with progress, drills into a kind, and publishes it for a future date', async ({ browser }) => {
  test.setTimeout(150_000);
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(host().url);
  await page.evaluate(async (url) => {
    await window.gavel!.settings.set({ backendUrl: url, locale: 'en' });
    return window.gavel!.session.login({ username: 'admin', password: 'gavel-demo-admin' });
  }, server().url);
  await page.reload();
  await page.getByTestId('nav-policy').click();
  await expect(page.getByTestId('policy-versions')).toContainText(DEFAULT_POLICY.version, { timeout: 60_000 });

  // The draft: the version in force, with a 30-day order window.
  await page.getByTestId('policy-start-from-current').click();
  const draft = JSON.parse(await page.getByTestId('policy-draft').inputValue()) as typeof DEFAULT_POLICY;
  draft.version = '2027.1';
  draft.thresholds.orderWindowDays = 30;
  draft.thresholds.reviewWindowDays = 60;
  await page.getByTestId('policy-draft').fill(JSON.stringify(draft));
  await expect(page.getByTestId('policy-draft-ok')).toContainText('2027.1');
  await page.getByTestId('policy-draft').fill('{"version": 1}');
  await expect(page.getByTestId('policy-draft-issues')).toContainText('version');
  await expect(page.getByTestId('policy-run')).toBeDisabled();
  await page.getByTestId('policy-draft').fill(JSON.stringify(draft));

  // Every progress text the page paints while the run goes (the open cases, then the decided ones).
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __progress: string[] }).__progress = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid=policy-progress]')?.textContent;
      if (text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByTestId('policy-run').click();
  const results = page.getByTestId('policy-results');
  await expect(results).toBeVisible({ timeout: 60_000 });
  const summary = (await page.getByTestId('policy-summary').textContent()) ?? '';
  const [open, decided, changed] = [...summary.matchAll(/(\d+)/g)].map((m) => Number(m[1]));
  expect(open! + decided!).toBe(SEEDED);
  expect(decided).toBeGreaterThan(0);
  expect(changed).toBeGreaterThan(0);
  const progress = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
  expect(progress).toContainEqual(expect.stringMatching(new RegExp(`^${open} of ${SEEDED} cases`)));

  // Counts by kind add up to the summary; a kind's drill-down lists exactly its changed cases.
  const rows = page.getByTestId('policy-by-kind').locator('tbody tr');
  let total = 0;
  let kindWithChanges: string | null = null;
  let itsChanges = 0;
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = rows.nth(i).locator('td');
    const n = Number(await cells.nth(1).textContent());
    total += n;
    if (n > 0 && kindWithChanges === null) {
      kindWithChanges = (await rows.nth(i).locator('button').getAttribute('data-testid'))!.replace('policy-kind-', '');
      itsChanges = n;
    }
  }
  expect(total).toBe(changed);
  await expect(page.getByTestId('policy-drill-count')).toContainText(`of ${changed}`);
  await page.getByTestId(`policy-kind-${kindWithChanges}`).click();
  await expect(page.getByTestId('policy-flip')).toHaveCount(Math.min(itsChanges, 100));
  await page.getByTestId('policy-filter-eligibility').click();
  for (const row of await page.getByTestId('policy-flip').all()) await expect(row.locator('td').nth(4)).toContainText('→');

  // Publish: never for a past instant; for tomorrow, yes, and the version comes back by pull.
  await page.getByTestId('policy-effective-from').fill('2020-01-01T09:00');
  await expect(page.getByTestId('policy-publish')).toBeDisabled();
  const tomorrow = new Date(Date.now() + 86_400_000);
  const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await page.getByTestId('policy-effective-from').fill(local);
  await page.getByTestId('policy-publish').click();
  await expect(page.getByTestId('policy-publish-message')).toContainText('Published 2027.1');
  await expect(page.getByTestId('policy-versions')).toContainText('2027.1', { timeout: 30_000 });
  await context.close();
});
