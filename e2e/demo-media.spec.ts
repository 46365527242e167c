import { expect, test } from '@playwright/test';
import { WorkstationPage } from '../testing/pages/WorkstationPage';
import { useStandaloneHost } from '../testing/standaloneHost';

/**
 * A fresh demo start shows its evidence photos and plays its unboxing clips: the embedded backend
 * serves them over loopback,
 * main's media cache fetches and verifies them (sha256) like any platform media, and the renderer
 * draws them from its own origin.
 */
const host = useStandaloneHost(40);

test('a demo start showing a loaded image, and playing a clip', async ({ page }) => {
  test.setTimeout(120_000);
  const ws = new WorkstationPage(page);
  await ws.openQueue(host().url);
  await page.locator('[data-testid=queue-body]').focus();
  await ws.press('Home', 'Enter');
  // Walk the queue by keyboard to the first case with photos (quality disputes always have one).
  let found = false;
  for (let i = 0; i < 30 && !found; i++) {
    await ws.openedCaseId();
    const count = Number((await page.getByTestId('tab-media').locator('.tab__count').textContent()) ?? '0');
    if (count > 0) found = true;
    else {
      const id = await ws.openedCaseId();
      await ws.press('j');
      await expect(ws.caseView()).not.toHaveAttribute('data-case-id', id);
    }
  }
  expect(found, 'a case with media in the first 30 of the demo queue').toBe(true);
  // ] steps through the tabs that have something in them; b reveals every photo of the case.
  for (let i = 0; i < 6 && (await page.getByTestId('tab-media').getAttribute('aria-selected')) !== 'true'; i++) await ws.press(']');
  await expect(page.getByTestId('tab-media')).toHaveAttribute('aria-selected', 'true');
  await ws.press('b');
  const img = page.locator('img.media-card__img').first();
  await expect(img).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('demo-media.png') });

  // Half of the unboxing evidence is a short clip: walk on to one, reveal it, and it plays.
  let clip = false;
  for (let i = 0; i < 40 && !clip; i++) {
    const id = await ws.openedCaseId();
    await ws.press('j');
    await expect(ws.caseView()).not.toHaveAttribute('data-case-id', id);
    const count = Number((await page.getByTestId('tab-media').locator('.tab__count').textContent()) ?? '0');
    if (count === 0) continue;
    for (let k = 0; k < 6 && (await page.getByTestId('tab-media').getAttribute('aria-selected')) !== 'true'; k++) await ws.press(']');
    clip = (await page.locator('.media-card__kind', { hasText: '视频' }).count()) > 0;
  }
  expect(clip, 'a case with an unboxing clip in the demo queue').toBe(true);
  await ws.press('b');
  const video = page.locator('video.media-card__img').first();
  await expect(video).toBeVisible({ timeout: 30_000 });
  // HAVE_METADATA or more: Chromium decoded the WebM's header (its duration is known).
  await expect.poll(() => video.evaluate((el: HTMLVideoElement) => (el.readyState >= 1 ? el.duration : 0)), { timeout: 30_000 }).toBeGreaterThan(2);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('demo-video.png') });
});
