import { expect, type Page } from '@playwright/test';

/** The workstation as a keyboard user sees it; every action here is a key press, never a click. */
export class WorkstationPage {
  constructor(readonly page: Page) {}

  rows() {
    return this.page.getByTestId('queue-row');
  }

  caseView() {
    return this.page.getByTestId('page-case');
  }

  async openedCaseId(): Promise<string> {
    await expect(this.caseView()).toBeVisible();
    return (await this.caseView().getAttribute('data-case-id')) ?? '';
  }

  async kind(): Promise<string> {
    return (await this.caseView().getAttribute('data-kind')) ?? '';
  }

  async press(...keys: string[]): Promise<void> {
    for (const k of keys) await this.page.keyboard.press(k);
  }

  /** Reads an object store of the app's IndexedDB directly (what Dexie persisted). */
  async idbAll<T>(store: string): Promise<T[]> {
    return this.page.evaluate(
      (name) =>
        new Promise<T[]>((resolve, reject) => {
          const open = indexedDB.open('gavel');
          open.onerror = () => reject(new Error(String(open.error)));
          open.onsuccess = () => {
            const db = open.result;
            const req = db.transaction(name, 'readonly').objectStore(name).getAll();
            req.onsuccess = () => {
              resolve(req.result as T[]);
              db.close();
            };
            req.onerror = () => reject(new Error(String(req.error)));
          };
        }),
      store,
    );
  }
}
