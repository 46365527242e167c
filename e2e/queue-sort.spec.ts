import { expect, test, type Page } from '@playwright/test';
import { WorkstationPage } from '../testing/pages/WorkstationPage';
import { useStandaloneHost } from '../testing/standaloneHost';

/**
 * Sorting the queue by a column header: the order follows the column both ways, the header says
 * which way (aria-sort), and the list starts again from its top with the first row selected, so
 * the keyboard goes on from there.
 */
const host = useStandaloneHost(120);

/** Amounts of the rows on screen, in fen, top to bottom ("—", a complaint with no order behind it, sorts as 0). */
async function amounts(page: Page): Promise<number[]> {
  const texts = await page.locator('[data-testid=queue-row] .qtable__cell--amount').allTextContents();
  return texts.map((t) => (t.trim() === '—' ? 0 : Math.round(Number(t.replace(/[¥,]/g, '')) * 100)));
}

test('sorting by a column orders the queue both ways and starts from the top', async ({ page }) => {
  test.setTimeout(120_000);
  const ws = new WorkstationPage(page);
  // Wait for the claimed cases to settle, then move the selection down the list.
  await ws.openQueue(host().url, 12);
  await page.locator('[data-testid=queue-body]').focus();
  for (let i = 0; i < 12; i++) await ws.press('j');
  await expect(ws.rows().nth(12)).toHaveAttribute('aria-selected', 'true');

  const header = page.getByRole('columnheader', { name: /金额/ });
  await expect(header).toHaveAttribute('aria-sort', 'none');
  // Numbers sort largest first on the first click (TanStack's default for number columns).
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  const down = await amounts(page);
  expect(down.length).toBeGreaterThan(5);
  expect(down).toEqual([...down].sort((a, b) => b - a));
  await expect(ws.rows().first()).toHaveAttribute('aria-selected', 'true');
  expect(await page.locator('[data-testid=queue-body]').evaluate((el) => el.scrollTop)).toBe(0);

  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const up = await amounts(page);
  expect(up).toEqual([...up].sort((a, b) => a - b));
  expect(up[0]).toBeLessThanOrEqual(down.at(-1)!);
  await expect(ws.rows().first()).toHaveAttribute('aria-selected', 'true');

  // The keyboard carries on from the top of the new order, and the list follows the selection
  // past the bottom of the window.
  await page.locator('[data-testid=queue-body]').focus();
  await ws.press('j');
  await expect(ws.rows().nth(1)).toHaveAttribute('aria-selected', 'true');
  for (let i = 0; i < 30; i++) await ws.press('j');
  const selected = page.locator('[data-testid=queue-row][aria-selected=true]');
  await expect(selected).toHaveAttribute('aria-rowindex', '33');
  await expect(selected).toBeInViewport({ ratio: 1 });
  for (let i = 0; i < 25; i++) await ws.press('k');
  await expect(selected).toHaveAttribute('aria-rowindex', '8');
  await expect(selected).toBeInViewport({ ratio: 1 });
});

test('a new search starts from the top with its first match selected, and Enter, Enter opens it', async ({ page }) => {
  test.setTimeout(120_000);
  const ws = new WorkstationPage(page);
  await ws.openQueue(host().url, 12);
  const body = page.locator('[data-testid=queue-body]');
  await body.focus();
  // Well down the list, so the search has something to scroll back from.
  for (let i = 0; i < 40; i++) await ws.press('j');
  await expect(page.locator('[data-testid=queue-row][aria-selected=true]')).toHaveAttribute('aria-rowindex', '42');
  expect(await body.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);

  // A search every row matches (every external id has "ext-"): the old selection is among the
  // matches, yet the list shows the top with the first match selected.
  const search = page.getByTestId('queue-search');
  await search.fill('ext-');
  const first = ws.rows().first();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  expect(await body.evaluate((el) => el.scrollTop)).toBe(0);

  // A narrower search: its first match, then Enter hands the keyboard to the list and Enter opens it.
  const externalId = (await first.locator('.kind-cell__id').textContent())!.trim();
  await search.fill(externalId);
  await expect(ws.rows()).toHaveCount(1);
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await search.press('Enter');
  await ws.press('Enter');
  await expect(ws.caseView()).toBeVisible();
});
