import { expect, type Page } from '@playwright/test';
import type { ComplaintKind } from '../../common/domain';
import { DEFAULT_POLICY } from '../../common/policy';

/** The workstation as a keyboard user sees it; every action here is a key press, never a click. */
export class WorkstationPage {
  constructor(readonly page: Page) {}

  rows() {
    return this.page.getByTestId('queue-row');
  }

  /** Opens the app at `url` and waits for the queue, and for more than `moreThan` rows (claims arrive in pages). */
  async openQueue(url: string, moreThan = 0): Promise<void> {
    await this.page.goto(url);
    await expect(this.rows().first()).toBeVisible({ timeout: 60_000 });
    if (moreThan > 0) await expect.poll(async () => this.rows().count(), { timeout: 30_000 }).toBeGreaterThan(moreThan);
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

  /** The keys that pick a reason fitting a "rejected" verdict and the no_action remedy for a kind. */
  static rejectKeys(kind: ComplaintKind): { reason: string; remedy: string } {
    const reason = DEFAULT_POLICY.reasonCodes[kind].findIndex((rc) => rc.verdicts.includes('rejected'));
    const remedy = DEFAULT_POLICY.remediesByKind[kind].indexOf('no_action');
    expect(reason).toBeGreaterThanOrEqual(0);
    expect(remedy).toBeGreaterThanOrEqual(0);
    return { reason: String(reason + 1), remedy: `Shift+Digit${remedy + 1}` };
  }

  /**
   * Rejects the open case by keyboard (verdict, reason, remedy, optional note), commits with
   * Ctrl+Enter and waits for the next case; returns the decided case's id.
   */
  async rejectOpenedCase(note?: string, afterCommit?: () => Promise<void>): Promise<string> {
    const id = await this.openedCaseId();
    const { reason, remedy } = WorkstationPage.rejectKeys((await this.kind()) as ComplaintKind);
    await this.press('n', 'd', reason, remedy);
    if (note !== undefined) {
      await this.press('m');
      await this.page.keyboard.type(note);
      await this.press('Escape');
    }
    await this.press('Control+Enter');
    // A bench waits here for what it measures: expect() polls the page (an accessibility snapshot
    // on every miss), which would compete with the app for the main thread.
    await afterCommit?.();
    await expect(this.caseView()).not.toHaveAttribute('data-case-id', id, { timeout: 10_000 });
    return id;
  }

  async press(...keys: string[]): Promise<void> {
    for (const k of keys) await this.page.keyboard.press(k);
  }

  /**
   * The IndexedDB database of the signed-in (backend, account) pair, as the app names it on the
   * document; signed out, the one pair store on this profile (tests sign in one pair at a time).
   */
  async storeName(): Promise<string> {
    return this.page.evaluate(async () => {
      const open = document.documentElement.dataset.store;
      if (open) return open;
      const pairs = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('gavel:'));
      if (pairs.length !== 1) throw new Error(`no open store, and ${pairs.length} pair stores on this profile`);
      return pairs[0]!;
    });
  }

  /** Reads an object store of the app's IndexedDB directly (what Dexie persisted), in the pair's store. */
  async idbAll<T>(store: string, database?: string): Promise<T[]> {
    const db = database ?? (await this.storeName());
    return this.page.evaluate(
      ({ name, dbName }) =>
        new Promise<T[]>((resolve, reject) => {
          const open = indexedDB.open(dbName);
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
      { name: store, dbName: db },
    );
  }
}
