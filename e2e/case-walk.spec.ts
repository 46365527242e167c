import { expect, test } from '@playwright/test';
import { WorkstationPage } from '../testing/pages/WorkstationPage';
import { useStandaloneHost } from '../testing/standaloneHost';

/**
 * Walking cases with j as fast as the keys come: every press moves one case on, even when it
 * arrives before the last case's evidence was read (the case view then mounts its body again
 * when the read lands). A press must never fall between two cases.
 */
const host = useStandaloneHost(60);
// Tall enough for the first 26 rows of the queue to be in the DOM, to read the order from.
test.use({ viewport: { width: 1280, height: 1400 } });

test('j pressed quickly moves one case per press, none dropped', async ({ page }) => {
  test.setTimeout(120_000);
  const ws = new WorkstationPage(page);
  await ws.openQueue(host().url, 26);
  const ids = await ws.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')));
  await page.locator('[data-testid=queue-body]').focus();
  await ws.press('Home', 'Enter');
  await expect(page.getByTestId('page-case')).toHaveAttribute('data-case-id', ids[0]!);
  await expect(page.locator('#evidence-panel > *').first()).toBeVisible();
  for (let round = 1; round <= 3; round++) {
    // Five presses back to back, no waiting between them.
    for (let i = 0; i < 5; i++) await page.keyboard.press('j');
    await expect(page.getByTestId('page-case')).toHaveAttribute('data-case-id', ids[round * 5]!);
    await expect(page.locator('#evidence-panel > *').first()).toBeVisible();
  }
  // Then each press the moment the case before it is on screen (the first animation frame that
  // shows it): the case body has just mounted, and its effects may not have run yet.
  for (let at = 16; at < 26; at++) {
    await page.keyboard.press('j');
    await page.waitForFunction(
      (id) =>
        document.querySelector('[data-testid=page-case]')?.getAttribute('data-case-id') === id &&
        (document.querySelector('#evidence-panel')?.childElementCount ?? 0) > 0,
      ids[at]!,
      { polling: 'raf', timeout: 5_000 },
    );
  }
});
