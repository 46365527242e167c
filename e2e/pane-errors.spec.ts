import { expect, test } from '@playwright/test';
import { useStandaloneHost } from '../testing/standaloneHost';
import { WorkstationPage } from '../testing/pages/WorkstationPage';

/**
 * A viewer that throws takes down only its own pane. Another stored case's orders with a party of
 * the open case are damaged the way a bad local write would leave them (their item lists gone): a
 * party's history reads other cases' bundles as stored, while the open case's own bundle is
 * re-validated on every read and would be refused whole. So the order-history viewer throws on
 * them. Its card explains and copies the details, the other tabs still show, and the decision panel
 * still commits and syncs the decision.
 */
const host = useStandaloneHost(60);

type Order = { id: string; buyerId: string; merchantId: string; affiliateId?: string; createdAt: string; items: unknown };
type BundleRow = { caseId: string; bundle: string | { case: { filedAt: string; complainantId: string; respondentId: string }; orders: Order[] } };

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
          const tx = db.transaction(['cases', 'bundles'], 'readwrite');
          const cases = tx.objectStore('cases').getAll();
          cases.onsuccess = () => {
            const openIds = new Set((cases.result as Array<{ id: string; local: string }>).filter((c) => c.local === 'open').map((c) => c.id));
            const bundles = tx.objectStore('bundles').getAll();
            bundles.onsuccess = () => {
              // The app keeps a bundle as JSON text (src/data/jsonFields.ts).
              const rows = (bundles.result as BundleRow[]).map((r) => ({ row: r, bundle: typeof r.bundle === 'string' ? (JSON.parse(r.bundle) as Exclude<BundleRow['bundle'], string>) : r.bundle }));
              const involves = (o: Order, parties: Set<string>) => [o.buyerId, o.merchantId, o.affiliateId].some((p) => p !== undefined && parties.has(p));
              // An open case, and another case holding an order of one of its parties, from the half-year
              // before its filing (what the history shows), that the open case's own evidence does not hold.
              for (const open of rows.filter((r) => openIds.has(r.row.caseId))) {
                const parties = new Set([open.bundle.case.complainantId, open.bundle.case.respondentId]);
                const filed = Date.parse(open.bundle.case.filedAt);
                const own = new Set(open.bundle.orders.map((o) => o.id));
                const shown = (o: Order) => involves(o, parties) && !own.has(o.id) && Date.parse(o.createdAt) <= filed && Date.parse(o.createdAt) > filed - 150 * 86_400_000;
                const other = rows.find((r) => r !== open && r.bundle.orders.some(shown));
                if (!other) continue;
                const orders = other.bundle.orders.map((o) => (involves(o, parties) ? { ...o, items: null } : o));
                tx.objectStore('bundles').put({ ...other.row, bundle: JSON.stringify({ ...other.bundle, orders }) });
                const target = open.row.caseId;
                tx.oncomplete = () => {
                  db.close();
                  resolve(target);
                };
                return;
              }
              reject(new Error('no open case whose party has an order in another stored case'));
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
