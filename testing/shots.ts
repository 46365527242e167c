import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

const folder = process.env.GAVEL_SHOTS ? path.resolve(process.env.GAVEL_SHOTS) : null;

/**
 * Saves a screenshot named `name` when GAVEL_SHOTS names a folder (specs that show a screen take
 * one at the moment worth looking at); otherwise does nothing. Waits for the fonts first, so
 * Chinese text is drawn in its own face.
 */
export async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(folder, `${name}.png`), fullPage: options.fullPage ?? false });
}
