import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '../testing/appFixture';
import { AppShellPage } from '../testing/pages/AppShellPage';

test.describe('first screen', () => {
  test('the shell renders in Chinese by default; signed out, it offers no page that needs an account', async ({ app }) => {
    const shell = new AppShellPage(app.page);
    await shell.ready();
    await expect(shell.appName).toHaveText('仲裁台');
    await expect(shell.navLink('settings')).toHaveText('设置');
    await expect(shell.navLink('queue')).toHaveCount(0);
    await expect(shell.navLink('qa')).toHaveCount(0);
    await expect(shell.navLink('conflicts')).toHaveCount(0);
    await expect(shell.connection).toHaveAttribute('data-status', 'not_configured');
    await expect(shell.user).toHaveText('未登录');
    await expect(shell.statusbar).toContainText('Gavel 0.1.0');
    await expect(app.page.getByTestId('page-sign-in')).toContainText('请先登录');
    await expect(app.page.getByTestId('sign-in')).toBeVisible();
    await expect(shell.view('queue')).toHaveCount(0);
    expect(await shell.htmlAttribute('lang')).toBe('zh-CN');
  });

  test('navigation switches pages and marks the current one; a page that needs an account shows sign-in', async ({ app }) => {
    const shell = new AppShellPage(app.page);
    await shell.ready();
    await shell.open('settings');
    await expect(shell.navLink('settings')).toHaveAttribute('aria-current', 'page');
    await expect(app.page).toHaveURL(/#\/settings$/);
    await app.page.evaluate(() => (window.location.hash = '#/qa'));
    await expect(app.page.getByTestId('page-sign-in')).toBeVisible();
    await expect(shell.view('qa')).toHaveCount(0);
    await expect(shell.navLink('settings')).not.toHaveAttribute('aria-current', 'page');
  });

  test('language switch zh-CN → en applies at once and persists across a reload', async ({ app }) => {
    const shell = new AppShellPage(app.page);
    await shell.ready();
    await shell.chooseLanguage('English');
    await expect(shell.appName).toHaveText('Gavel');
    await expect(shell.navLink('settings')).toHaveText('Settings');
    await app.page.reload();
    await expect(shell.appName).toHaveText('Gavel');
    expect(await shell.htmlAttribute('lang')).toBe('en');
    await shell.chooseLanguage('简体中文');
    await expect(shell.appName).toHaveText('仲裁台');
    await app.page.reload();
    await expect(shell.navLink('settings')).toHaveText('设置');
  });

  test('English is set in a Latin face: an apostrophe is not drawn full-width as a CJK face draws it', async ({ app }) => {
    const shell = new AppShellPage(app.page);
    await shell.ready();
    await shell.chooseLanguage('English');
    await expect(app.page.locator('html')).toHaveAttribute('lang', 'en');
    // "the respondent’s fault": a full-width ’ (as wide as 中) opened a gap after the word.
    const en = await app.page.evaluate(async () => {
      await document.fonts.ready;
      const measure = (text: string) => {
        const span = document.createElement('span');
        span.textContent = text;
        document.body.append(span);
        const w = span.getBoundingClientRect().width;
        span.remove();
        return w;
      };
      return { apostrophe: measure('’'), han: measure('中') };
    });
    expect(en.apostrophe).toBeLessThan(en.han * 0.6);
  });

  test('settings:set round-trips through main and the UI follows the change event', async ({ app }) => {
    const shell = new AppShellPage(app.page);
    await shell.ready();
    const set = await app.page.evaluate(() => window.gavel!.settings.set({ theme: 'dark' }));
    expect(set).toEqual({ ok: true, data: { locale: 'zh-CN', theme: 'dark' } });
    expect(await app.page.evaluate(() => window.gavel!.settings.get())).toEqual(set);
    await expect(app.page.locator('html')).toHaveAttribute('data-theme', 'dark');

    const bad = await app.page.evaluate(() => window.gavel!.settings.set({ locale: 'fr' as 'en' }));
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_args', field: 'locale' } });
    const ping = await app.page.evaluate(() => window.gavel!.app.ping({ nonce: 'e2e' }));
    expect(ping).toMatchObject({ ok: true, data: { pong: 'e2e' } });
    const info = await app.page.evaluate(() => window.gavel!.app.info());
    expect(info).toMatchObject({ ok: true, data: { name: 'Gavel', mode: app.mode } });
  });

  test('the theme follows the OS until overridden in Settings', async ({ app }) => {
    const shell = new AppShellPage(app.page);
    await shell.ready();
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await expect(app.page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await app.page.emulateMedia({ colorScheme: 'light' });
    await expect(app.page.locator('html')).toHaveAttribute('data-theme', 'light');
    await shell.chooseTheme('深色');
    await expect(app.page.locator('html')).toHaveAttribute('data-theme', 'dark');
  });

  test('an invalid backend URL is refused with the field named', async ({ app }) => {
    const shell = new AppShellPage(app.page);
    await shell.ready();
    await shell.open('settings');
    await app.page.getByTestId('setting-backend-url').fill('ftp://files.example.com');
    await app.page.locator('form', { has: app.page.getByTestId('setting-backend-url') }).getByRole('button', { name: '保存' }).click();
    await expect(app.page.getByTestId('settings-error')).toContainText('后端地址');
  });

  test('the media allowlist is kept from Settings, and what is not a host name is refused with the field named', async ({ app }) => {
    const shell = new AppShellPage(app.page);
    await shell.ready();
    await shell.open('settings');
    // Settings also says where the sign-in tokens are (browser mode: a 0600 file, no keychain).
    await expect(app.page.getByTestId('token-storage')).toContainText('session.json');
    const form = app.page.locator('form', { has: app.page.getByTestId('setting-media-hosts') });
    await app.page.getByTestId('setting-media-hosts').fill('http://127.0.0.1:8080/x');
    await form.getByRole('button', { name: '保存' }).click();
    await expect(app.page.getByTestId('settings-error')).toContainText('媒体主机中有一项不是主机名');
    await app.page.getByTestId('setting-media-hosts').fill('media.platform.example, *.cdn.platform.example');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => app.page.evaluate(() => window.gavel!.settings.get())).toMatchObject({ ok: true, data: { mediaHosts: ['media.platform.example', '*.cdn.platform.example'] } });
  });

  test('each page passes an accessibility scan in both themes (no serious or critical issues)', async ({ app }) => {
    const shell = new AppShellPage(app.page);
    await shell.ready();
    for (const theme of ['light', 'dark'] as const) {
      await app.page.evaluate((t) => window.gavel!.settings.set({ theme: t }), theme);
      await expect(app.page.locator('html')).toHaveAttribute('data-theme', theme);
      // Signed out: the sign-in page (where every page but Settings leads) and Settings.
      for (const route of ['queue', 'settings'] as const) {
        await app.page.evaluate((r) => (window.location.hash = `#/${r}`), route);
        await expect(route === 'queue' ? app.page.getByTestId('page-sign-in') : shell.view('settings')).toBeVisible();
        const { violations } = await new AxeBuilder({ page: app.page }).analyze();
        const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(serious.map((v) => `${theme}/${route}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      }
    }
  });
});
