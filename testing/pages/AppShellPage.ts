import { expect, type Locator, type Page } from '@playwright/test';

export type Route = 'queue' | 'inbox' | 'qa' | 'settings' | 'conflicts' | 'workforce' | 'routing';

/** The app shell: header, navigation, status bar, and the settings controls the specs drive. */
export class AppShellPage {
  readonly appName: Locator;
  readonly connection: Locator;
  readonly user: Locator;
  readonly statusbar: Locator;

  constructor(readonly page: Page) {
    this.appName = page.getByTestId('app-name');
    this.connection = page.getByTestId('connection-state');
    this.user = page.getByTestId('user');
    this.statusbar = page.getByTestId('statusbar');
  }

  navLink(route: Route): Locator {
    return this.page.getByTestId(`nav-${route}`);
  }

  view(route: Route): Locator {
    return this.page.getByTestId(route === 'conflicts' || route === 'inbox' || route === 'workforce' || route === 'routing' ? `${route}-page` : `page-${route}`);
  }

  async ready(): Promise<void> {
    await expect(this.appName).toBeVisible();
  }

  async open(route: Route): Promise<void> {
    await this.navLink(route).click();
    await expect(this.view(route)).toBeVisible();
  }

  /** Pick a language in Settings by its own name (简体中文 / English). */
  async chooseLanguage(name: '简体中文' | 'English'): Promise<void> {
    await this.open('settings');
    await this.page.getByTestId('setting-locale').getByRole('radio', { name, exact: true }).check();
  }

  async chooseTheme(label: string): Promise<void> {
    await this.open('settings');
    await this.page.getByTestId('setting-theme').getByRole('radio', { name: label, exact: true }).check();
  }

  htmlAttribute(name: 'lang' | 'data-theme'): Promise<string | null> {
    return this.page.locator('html').getAttribute(name);
  }

  /** Settings → Backend address: type it and save (null: empty, i.e. standalone). */
  async setBackend(url: string | null): Promise<void> {
    await this.open('settings');
    await this.page.getByTestId('setting-backend-url').fill(url ?? '');
    await this.page.getByTestId('setting-backend-url').press('Enter');
  }

  /** Signs in through the sign-in form shown while signed out (on any page but Settings, or in Settings). */
  async signIn(username: string, password: string): Promise<void> {
    const form = this.page.getByTestId('sign-in');
    await form.getByTestId('sign-in-username').fill(username);
    await form.getByTestId('sign-in-password').fill(password);
    await form.getByTestId('sign-in-submit').click();
    await expect(this.user).not.toHaveText(/未登录|Not signed in/, { timeout: 30_000 });
    // Signed in is not yet at work: the pair's store opens next (the app names it on the document).
    await expect(this.page.locator('html')).toHaveAttribute('data-store', /./, { timeout: 30_000 });
  }

  /** Settings → Sign out; returns the pending count when the app asks first (not confirmed yet). */
  async startSignOut(): Promise<number | null> {
    await this.open('settings');
    await this.page.getByTestId('sign-out').click();
    const warning = this.page.getByTestId('sign-out-warning');
    const signedOut = this.page.getByTestId('sign-in');
    await expect(warning.or(signedOut)).toBeVisible();
    return (await warning.count()) > 0 ? Number(await warning.getAttribute('data-count')) : null;
  }
}
