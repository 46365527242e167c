import { expect, test } from '@playwright/test';
import { useStandaloneHost } from '../testing/standaloneHost';
import { WorkstationPage } from '../testing/pages/WorkstationPage';

/**
 * A viewer that throws takes down only its own pane. The order rows of one stored case are damaged the
 * way a bad local write would leave them (their item lists gone; order rows are read as stored, while
 * bundles are re-validated on every read and would be refused whole), so the order-history viewer
 * throws on them. Its card explains and copies the details, the other tabs still show, and the
 * decision panel still commits and syncs the decision.
 */
const host = useStandaloneHost(60);

type CaseOrdersRow = { caseId: string; orders: string | { items: unknown }[] };

test('a throwing viewer shows its error card while the decision panel still commits', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const ws = new WorkstationPage(page);
  await ws.openQueue(host().url);

  const caseId = await page.evaluate(
    (dbName) =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['cases', 'caseOrders'], 'readwrite');
          const cases = tx.objectStore('cases').getAll();
          cases.onsuccess = () => {
            const openIds = new Set((cases.result as Array<{ id: string; local: string }>).filter((c) => c.local === 'open').map((c) => c.id));
            const orders = tx.objectStore('caseOrders').getAll();
            orders.onsuccess = () => {
              // The app keeps a case's orders as JSON text (src/data/jsonFields.ts).
              const list = (r: CaseOrdersRow): { items: unknown }[] => (typeof r.orders === 'string' ? (JSON.parse(r.orders) as { items: unknown }[]) : r.orders);
              const row = (orders.result as CaseOrdersRow[]).find((r) => openIds.has(r.caseId) && list(r).length > 0);
              if (!row) return reject(new Error('no open case with stored orders'));
              tx.objectStore('caseOrders').put({ ...row, orders: JSON.stringify(list(row).map((o) => ({ ...o, items: null }))) });
              const target = row.caseId;
              tx.oncomplete = () => {
                db.close();
                resolve(target);
              };
            };
          };
        };
      }),
    await ws.storeName(),
  );

  // Read the damaged rows afresh, then open that case on its order-history tab.
  await page.reload();
  await expect(ws.rows().first()).toBeVisible({ timeout: 60_000 });
  await page.evaluate((id) => (window.location.hash = `#/queue/case/${encodeURIComponent(id)}`), caseId);
  expect(await ws.openedCaseId()).toBe(caseId);
  await page.getByTestId('tab-history').click();

  const card = page.getByTestId('pane-error');
  await expect(card).toBeVisible();
  await expect(card).toHaveAttribute('data-pane', 'history');
  await expect(card).toContainText('订单历史出错了');
  await page.getByTestId('pane-error-copy').click();
  await expect(card).toContainText('已复制');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('pane: history');
  expect(copied).toContain(`#/queue/case/${caseId}`);
  expect(copied).toMatch(/error: TypeError: /);

  // The rest of the case keeps working: another tab renders, the findings and decision panel are there.
  await page.getByTestId('tab-chat').click();
  await expect(card).toHaveCount(0);
  await expect(page.locator('#evidence-panel')).not.toBeEmpty();
  await page.getByTestId('tab-history').click();
  await expect(card).toBeVisible();
  // (The findings list is empty on a case with none; the decision panel is always there.)
  await expect(page.getByTestId('verdict-rejected')).toBeVisible();

  // …and the decision commits by keyboard and reaches the server.
  const decided = await ws.rejectOpenedCase('物流证据无法显示，依据其他证据裁决');
  expect(decided).toBe(caseId);
  type Decision = { caseId: string; state: string; decision: { verdict: string; note: string } };
  await expect.poll(async () => (await ws.idbAll<Decision>('decisions')).find((d) => d.caseId === caseId)?.state, { timeout: 60_000 }).toBe('applied');
  const mine = (await ws.idbAll<Decision>('decisions')).find((d) => d.caseId === caseId)!;
  expect(mine.decision).toMatchObject({ verdict: 'rejected', note: '物流证据无法显示，依据其他证据裁决' });
  expect((await ws.idbAll<{ caseId: string }>('outbox')).filter((o) => o.caseId === caseId)).toHaveLength(0);
  await context.close();
});
