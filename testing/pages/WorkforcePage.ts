import { expect, type Locator, type Page } from '@playwright/test';

/** The supervisor's workforce view (src/features/workforce): the people table, holdings, actions and results. */
export class WorkforcePage {
  readonly root: Locator;
  readonly results: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('workforce-page');
    this.results = page.getByTestId('wf-results');
  }

  /** The page has its figures (the loading line is gone and the people table is drawn). */
  async loaded(): Promise<void> {
    await expect(this.root.getByTestId('wf-members')).toBeVisible({ timeout: 30_000 });
    await expect(this.root.getByTestId('wf-loading')).toHaveCount(0, { timeout: 30_000 });
  }

  member(displayName: string): Locator {
    return this.root.getByTestId('wf-member').and(this.page.locator(`[data-name="${displayName}"]`));
  }

  /** One person's holdings group. */
  holdingsOf(displayName: string): Locator {
    return this.root.getByTestId('wf-group').and(this.page.locator(`[data-name="${displayName}"]`)).getByTestId('wf-holding');
  }

  /** Select the holdings with these case numbers, reassign them to `toName` and confirm. */
  async reassign(externalIds: string[], toName: string): Promise<void> {
    for (const id of externalIds) await this.root.locator(`[data-testid="wf-holding"][data-external-id="${id}"] input`).check();
    await this.root.getByTestId('wf-target').selectOption({ label: toName });
    await this.root.getByTestId('wf-reassign').click();
    await expect(this.root.getByTestId('wf-confirm')).toBeVisible();
    await this.root.getByTestId('wf-confirm-yes').click();
    await expect(this.results).toBeVisible({ timeout: 30_000 });
  }
}
