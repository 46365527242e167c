import { expect, type Locator, type Page } from '@playwright/test';

export type Route = 'queue' | 'qa' | 'settings';

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
    return this.page.getByTestId(`page-${route}`);
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
}
