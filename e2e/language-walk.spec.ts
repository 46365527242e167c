import { expect, test, type Page } from '@playwright/test';
import { rawTextOn, type Locale } from '../testing/rawText';
import { useServerAndHost } from '../testing/serverAndHost';

/**
 * Every screen, in zh-CN and then in en, must be finished text: no UUID, no internal code
 * (snake_case or SCREAMING_CASE), no errno, and no sentence of the other language in the interface.
 * An arbitrator walks the queue, a case with every evidence tab and its timeline, the decision's problems, the request
 * and escalation forms, the palette, the cheat sheet, conflicts, the inbox and settings; a supervisor
 * walks every QA view, the policy page, the workforce view, the snippet editor and the macro editor; an admin walks the
 * routing page (skills editor, rule editor, the tester). Every kind of conflict is checked the same way by
 * conflicts.spec.ts, which makes them for real.
 */

const { host, server } = useServerAndHost('walk', 60);

async function signIn(page: Page, username: string, password: string, locale: Locale): Promise<void> {
  await page.goto(host().url);
  const res = await page.evaluate(
    async ([url, u, p, l]) => {
      await window.gavel!.session.logout();
      await window.gavel!.settings.set({ backendUrl: url!, locale: l as Locale });
      return window.gavel!.session.login({ username: u!, password: p! });
    },
    [server().url, username, password, locale],
  );
  expect(res).toMatchObject({ ok: true });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-store', /./, { timeout: 30_000 });
}

test('every screen speaks one language, with no ids or codes, in zh-CN and in en', async ({ browser }) => {
  test.setTimeout(300_000);
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  const found: string[] = [];
  const check = async (locale: Locale, where: string) => {
    await page.evaluate(() => document.fonts.ready);
    found.push(...(await rawTextOn(page, locale, `${locale} ${where}`)));
  };

  for (const locale of ['zh-CN', 'en'] as const) {
    await test.step(`${locale}: the arbitrator's screens`, async () => {
      await signIn(page, 'arbitrator1', 'gavel-demo-1', locale);
      if ((await page.getByTestId('queue-row').count()) === 0) {
        await page.getByTestId('sync-checkout').click();
        await expect.poll(() => page.getByTestId('queue-row').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
      }
      await check(locale, 'queue');
      await page.getByTestId('queue-body').focus();
      await page.keyboard.press('?');
      await expect(page.getByTestId('cheatsheet')).toBeVisible();
      await check(locale, 'cheat sheet');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('cheatsheet')).toBeHidden();
      await page.getByTestId('queue-body').focus();
      await page.keyboard.press('Control+k');
      await expect(page.getByRole('option').first()).toBeVisible();
      await check(locale, 'palette');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('option')).toHaveCount(0);

      // A few cases of different kinds, every evidence tab of each.
      for (let i = 0; i < 4; i++) {
        await page.getByTestId('queue-body').focus();
        for (let j = 0; j < i * 3; j++) await page.keyboard.press('j');
        await page.keyboard.press('Enter');
        const caseView = page.getByTestId('page-case');
        await expect(caseView).toBeVisible();
        const kind = await caseView.getAttribute('data-kind');
        for (const tab of await page.getByRole('tab').all()) {
          await tab.click();
          // The timeline is read from the server: checked once it has answered.
          if ((await tab.getAttribute('id')) === 'tab-timeline') await expect(page.getByTestId('timeline')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
          await check(locale, `case ${kind} tab ${await tab.getAttribute('id')}`);
        }
        // The precedents panel is checked with the tabs; its read-only dialog once it lists any.
        await expect(page.getByTestId('precedents')).not.toHaveAttribute('data-state', 'loading', { timeout: 30_000 });
        if ((await page.getByTestId('precedent').count()) > 0) {
          await page.keyboard.press('Shift+P');
          await expect(page.getByTestId('precedent-dialog')).toBeVisible();
          await check(locale, `case ${kind} precedent dialog`);
          await page.keyboard.press('Escape');
          await expect(page.getByTestId('precedent-dialog')).toBeHidden();
        }
        // The linked cases panel likewise; the cluster view once the case links to an open case.
        await expect(page.getByTestId('links')).not.toHaveAttribute('data-state', 'loading', { timeout: 30_000 });
        if ((await page.getByTestId('open-cluster').count()) > 0) {
          await page.keyboard.press('Shift+L');
          await expect(page.getByTestId('cluster-dialog')).toBeVisible();
          await check(locale, `case ${kind} cluster view`);
          await page.keyboard.press('Escape');
          await expect(page.getByTestId('cluster-dialog')).toBeHidden();
        }
        await page.keyboard.press('Escape');
        await expect(page.getByTestId('page-queue')).toBeVisible();
      }

      // The decision's problems: commit with a verdict and nothing else.
      await page.getByTestId('queue-body').focus();
      await page.keyboard.press('Enter');
      await page.keyboard.press('n');
      await page.keyboard.press('Control+Enter');
      await expect(page.getByTestId('decision-panel').locator('[role="alert"], .form-error, .tone-bad').first()).toBeVisible();
      await check(locale, 'decision problems');
      await page.keyboard.press('Shift+Q');
      await check(locale, 'evidence request form');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Shift+E');
      await check(locale, 'escalation form');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');

      for (const route of ['conflicts', 'inbox', 'settings'] as const) {
        await page.getByTestId(`nav-${route}`).click();
        await check(locale, route);
      }
    });

    await test.step(`${locale}: the supervisor's screens`, async () => {
      await signIn(page, 'supervisor1', 'gavel-demo-supervisor', locale);
      await page.getByTestId('nav-qa').click();
      const views = page.getByTestId('qa-views').getByRole('radio');
      for (let i = 0; i < (await views.count()); i++) {
        await views.nth(i).check();
        await page.waitForTimeout(300);
        await check(locale, `qa view ${i}`);
      }
      await page.getByTestId('nav-policy').click();
      await check(locale, 'policy');
      await page.getByTestId('nav-workforce').click();
      await expect(page.getByTestId('wf-members')).toBeVisible({ timeout: 30_000 });
      await check(locale, 'workforce');
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('snippet-edit').first().click();
      await check(locale, 'settings with the snippet editor');
      await page.getByTestId('macro-new').click();
      await page.getByTestId('macro-action').selectOption('request_evidence');
      await check(locale, 'settings with the macro editor');
    });

    await test.step(`${locale}: the admin's routing page`, async () => {
      await signIn(page, 'admin', 'gavel-demo-admin', locale);
      await page.getByTestId('nav-routing').click();
      await expect(page.getByTestId('rt-skills')).toBeVisible({ timeout: 30_000 });
      await check(locale, 'routing');
      await page.getByTestId('rt-arbitrator').filter({ hasText: 'Arbitrator 4' }).getByTestId('rt-edit-skills').click();
      await page.getByTestId('rt-tags').fill('Not A Tag');
      await check(locale, 'routing: the skills editor with a problem');
      await page.getByTestId('rt-new-rule').click();
      await check(locale, 'routing: a new rule');
      const serious = await server().app.gavel.deps.db.selectFrom('cases').select('external_id').where('kind', '=', 'counterfeit').limit(1).executeTakeFirstOrThrow();
      await page.getByTestId('rt-tester-input').fill(serious.external_id);
      await page.getByTestId('rt-tester-ask').click();
      await expect(page.getByTestId('rt-answer')).toBeVisible();
      await check(locale, 'routing: who would get a counterfeit case');
    });
  }
  expect(found).toEqual([]);
});
