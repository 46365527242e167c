import { expect, test } from '@playwright/test';
import { useStandaloneHost } from '../testing/standaloneHost';
import { WorkstationPage } from '../testing/pages/WorkstationPage';

/**
 * The keyboard rules of the command system (docs/keyboard.md), through the keyboard only: a text
 * field keeps its keys and Esc leaves it, Enter activates the focused control, list keys act only
 * on the list, unknown keys say so, sequences and the palette reach every page, remedy keys set
 * values, every case opens at the top, and undo shows its window. One host for all of it: e2e time is shared.
 */
const host = useStandaloneHost(30);

test('the keyboard obeys the command system’s rules', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await browser.newPage({ viewport: { width: 1280, height: 560 } });
  const ws = new WorkstationPage(page);
  const feedback = page.getByTestId('key-feedback');
  await page.goto(host().url);
  await expect(ws.rows().first()).toBeVisible({ timeout: 60_000 });
  const selected = page.locator('[data-testid="queue-row"][aria-selected="true"]');

  await test.step('Enter and Space activate the focused control, never the selected case', async () => {
    const chip = page.locator('.queue-chips button').last();
    await chip.focus();
    await page.keyboard.press('Enter');
    await expect(chip).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Space');
    await expect(chip).toHaveAttribute('aria-pressed', 'false');
    await page.getByTestId('sync-now').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('page-queue')).toBeVisible();
    await expect(page.getByTestId('page-case')).toHaveCount(0);
  });

  await test.step('list keys act only on the list; elsewhere they say so, and Esc brings focus back', async () => {
    const before = await selected.getAttribute('data-case-id');
    await page.getByRole('navigation').getByRole('link').last().focus();
    await page.keyboard.press('j');
    await expect(feedback).toHaveAttribute('data-kind', 'outsideRegion');
    await expect(selected).toHaveAttribute('data-case-id', before ?? '');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('queue-body')).toBeFocused();
    await page.keyboard.press('j');
    await expect(selected).not.toHaveAttribute('data-case-id', before ?? '');
  });

  await test.step('a key nothing uses gets a brief word', async () => {
    await page.keyboard.press('z');
    await expect(feedback).toHaveAttribute('data-kind', 'unknown');
    await expect(feedback).toContainText('Z');
  });

  await test.step('go-to sequences and the palette reach every page and app command', async () => {
    await page.keyboard.press('g');
    await expect(feedback).toHaveAttribute('data-kind', 'sequence');
    await page.keyboard.press('s');
    await expect(page.getByTestId('page-settings')).toBeVisible();
    await page.keyboard.press('Control+k');
    await page.keyboard.type('sync');
    await expect(page.getByRole('option').first()).toContainText('立即同步');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('shezhi');
    await expect(page.getByRole('option').first()).toContainText('设置');
    // Esc and Ctrl+K as fast as hands go, in one task: the dialog's close event, which comes a task
    // later, must not shut the palette the second key opened (it did, and dropped Ctrl+K).
    await page.getByTestId('palette').locator('input').evaluate(async (input) => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true, cancelable: true }));
      // The dialog has closed (React's commit); its close event has not come yet.
      await Promise.resolve();
      document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', code: 'KeyK', ctrlKey: true, bubbles: true, cancelable: true }));
    });
    await page.waitForTimeout(300);
    await expect(page.getByTestId('palette')).toHaveAttribute('open', '');
    await expect(page.getByRole('option').first()).toBeVisible();
    await page.keyboard.press('Escape');
    // The palette's field owns keys until it has closed: wait for that before the next sequence.
    await expect(page.getByRole('option')).toHaveCount(0);
    await page.keyboard.press('g');
    await page.keyboard.press('q');
    await expect(page.getByTestId('page-queue')).toBeVisible();
  });

  await test.step('every case opens at the top', async () => {
    await page.getByTestId('queue-body').focus();
    await page.keyboard.press('Enter');
    await expect(ws.caseView()).toBeVisible();
    const content = page.locator('main.content');
    await content.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    expect(await content.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    const id = await ws.openedCaseId();
    await page.keyboard.press('j');
    await expect(ws.caseView()).not.toHaveAttribute('data-case-id', id);
    expect(await content.evaluate((el) => el.scrollTop)).toBe(0);
  });

  await test.step('Esc leaves the note; the keys after it are commands, not text', async () => {
    const note = page.getByTestId('decision-note');
    await page.keyboard.press('d');
    await page.keyboard.press('m');
    await expect(note).toBeFocused();
    await page.keyboard.type('证据不足。');
    await page.keyboard.press('Escape');
    await expect(note).not.toBeFocused();
    await page.keyboard.press('h');
    await expect(page.getByRole('tab', { selected: true })).toHaveAttribute('id', 'tab-history');
    await expect(note).toHaveValue('证据不足。');
  });

  await test.step('remedy keys set a value, the same key in every kind; a repeat changes nothing', async () => {
    const noAction = page.getByTestId('decision-panel').locator('label.option', { hasText: '不处理' }).locator('input');
    await page.keyboard.press('Shift+Digit0');
    await expect(noAction).toBeChecked();
    await page.keyboard.press('Shift+Digit0');
    await expect(noAction).toBeChecked();
    await expect(feedback).toHaveAttribute('data-kind', 'alreadySet');
    await page.keyboard.press('-');
    await page.keyboard.press('Shift+Digit0');
    await expect(noAction).not.toBeChecked();
  });

  await test.step('release asks first: Esc keeps the case, Enter releases it and the next case opens', async () => {
    const id = await ws.openedCaseId();
    const confirm = page.getByTestId('release-confirm');
    await page.keyboard.press('Shift+R');
    await expect(confirm).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(confirm).toBeHidden();
    await expect(ws.caseView()).toHaveAttribute('data-case-id', id);
    await page.keyboard.press('Shift+R');
    await expect(page.getByTestId('release-yes')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(ws.caseView()).not.toHaveAttribute('data-case-id', id);
  });

  await test.step('undo shows its window, counting down, and puts the draft back as it was', async () => {
    const toast = page.getByTestId('undo-toast');
    const left = page.getByTestId('undo-toast-left');
    const id = await ws.rejectOpenedCase('经本人核实证据不足');
    await expect(toast).toBeVisible();
    await expect(toast.locator('kbd')).toHaveText('U');
    const first = await left.textContent();
    expect(first).toMatch(/^\d+ 秒后发送$/);
    await expect(left).not.toHaveText(first ?? '');
    await page.keyboard.press('u');
    await expect(ws.caseView()).toHaveAttribute('data-case-id', id);
    await expect(page.getByTestId('decision-note')).toHaveValue('经本人核实证据不足');
    await expect(toast).toBeHidden();
  });
  await page.close();
});
