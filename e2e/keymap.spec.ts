import { expect, test } from '@playwright/test';
import { useStandaloneHost } from '../testing/standaloneHost';

/**
 * Settings → Keyboard: a key is remapped, a colliding key is refused by name, and the queue obeys.
 * The command palette also finds commands by pinyin.
 */
const host = useStandaloneHost(20);

test('keys are remapped in Settings, conflicts refused, and the new key works in the queue', async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(host().url);
  await expect(page.getByTestId('queue-row').first()).toBeVisible({ timeout: 60_000 });
  await page.goto(`${host().origin}/#/settings`);
  const editor = page.getByTestId('keymap-editor');
  const status = page.getByTestId('keymap-status');

  // "j" already moves to the next case: refused, naming that command.
  await editor.getByRole('button', { name: /修改“搜索”的按键|Change the key for Search/ }).press('Enter');
  await expect(status).toContainText(/搜索|Search/);
  await page.keyboard.press('j');
  await expect(status).toContainText(/已被占用|is taken/);
  await expect(status).toContainText(/下一个案件|Next case/);

  // "f" is free: saved, and shown in the table.
  await editor.getByRole('button', { name: /修改“搜索”的按键|Change the key for Search/ }).press('Enter');
  await page.keyboard.press('f');
  await expect(status).toContainText(/F/);
  await expect(editor.locator('tr[data-command="queue.search"] kbd')).toHaveText('F');

  // It survives a reload and works in the queue; "/" no longer does.
  await page.reload();
  await expect(page.getByTestId('keymap-editor').locator('tr[data-command="queue.search"] kbd')).toHaveText('F');
  await page.goto(`${host().origin}/#/queue`);
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  await page.getByTestId('queue-body').focus();
  await page.keyboard.press('/');
  await expect(page.getByTestId('queue-search')).not.toBeFocused();
  await page.keyboard.press('f');
  await expect(page.getByTestId('queue-search')).toBeFocused();

  // The palette finds Chinese command names by pinyin: "kuaijiejian" → 显示快捷键.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('palette')).toBeVisible();
  await page.keyboard.type('kuaijiejian');
  await expect(page.getByRole('option').first()).toContainText('快捷键');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cheatsheet')).toBeVisible();
  await page.close();
});
