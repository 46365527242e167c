import { expect, test } from '@playwright/test';
import type { CaseBundle } from '../common/domain';
import { WorkstationPage } from '../testing/pages/WorkstationPage';
import { useStandaloneHost } from '../testing/standaloneHost';

/**
 * The side-by-side history: both parties' orders, refunds, complaints and reviews, one filter for
 * both panes with the disputed order pinned in each, and scrolling kept in step by time.
 */
const host = useStandaloneHost(60);

test('history panes filter together and scroll in step', async ({ browser }) => {
  test.setTimeout(120_000);
  // A short window, so the panes scroll.
  const context = await browser.newContext({ viewport: { width: 1440, height: 600 } });
  const page = await context.newPage();
  const ws = new WorkstationPage(page);
  await page.goto(host().url);
  await expect(ws.rows().first()).toBeVisible({ timeout: 60_000 });
  await ws.press('Enter');
  await expect(ws.caseView()).toBeVisible();

  const left = page.getByTestId('history-scroll-complainant');
  const right = page.getByTestId('history-scroll-respondent');
  // Seeded cases carry a few orders of history; give both parties of this case 15 more, written
  // into the local store the way pull-apply writes them, so both panes have to scroll.
  const caseId = await ws.openedCaseId();
  await page.evaluate(
    (caseId) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(document.documentElement.dataset.store ?? 'gavel');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('bundles', 'readwrite');
          const store = tx.objectStore('bundles');
          const read = store.get(caseId);
          read.onsuccess = () => {
            // The app keeps a bundle (its orders with it) as JSON text (src/data/jsonFields.ts), and
            // finds a party's orders through the bundle's party keys (rows.ts, partyTimes).
            const row = read.result as { caseId: string; bundle: string | CaseBundle; partyTimes: [string, number][] };
            const bundle = typeof row.bundle === 'string' ? (JSON.parse(row.bundle) as CaseBundle) : row.bundle;
            const filed = Date.parse(bundle.case.filedAt);
            const template = bundle.orders[0]!;
            const orders: unknown[] = [...bundle.orders];
            for (const [side, partyId] of [['c', bundle.case.complainantId], ['r', bundle.case.respondentId]] as const) {
              const role = bundle.parties.find((p) => p.id === partyId)?.role;
              for (let i = 0; i < 15; i++) {
                const createdAtMs = filed - (side === 'c' ? 5 + i * 11 : 8 + i * 10) * 86_400_000;
                const buyerId = role === 'merchant' ? 'U-E2E' : partyId;
                const merchantId = role === 'merchant' ? partyId : template.merchantId;
                orders.push({
                  ...template,
                  id: `E2E-${side}-${i}`,
                  buyerId,
                  merchantId,
                  affiliateId: undefined,
                  createdAt: new Date(createdAtMs).toISOString(),
                  refunds: i % 4 === 0 ? [{ amountFen: 100, at: new Date(createdAtMs + 86_400_000).toISOString(), reason: '不想要了' }] : [],
                });
                row.partyTimes.push([buyerId, createdAtMs], [merchantId, createdAtMs]);
              }
            }
            store.put({ ...row, bundle: JSON.stringify({ ...bundle, orders }) });
          };
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
    caseId,
  );
  await ws.press('h');
  await expect(page.getByTestId('viewer-history')).toBeVisible();
  const overflows = (l: typeof left) => l.evaluate((el) => el.scrollHeight > el.clientHeight + 100);
  await expect.poll(() => overflows(left)).toBe(true);
  await expect.poll(() => overflows(right)).toBe(true);

  // Both panes pin the disputed order(s) first.
  for (const pane of [left, right]) await expect(pane.locator('tbody tr').first()).toHaveAttribute('data-pinned', 'true');

  // Scrolling the complainant's pane brings the respondent's pane to the same moment.
  await left.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const times = (l: typeof left) => l.locator('tbody tr[data-at-ms]').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-at-ms')}${r.hasAttribute('data-pinned') ? 'p' : ''}`).join(' '));
  await expect.poll(() => right.evaluate((el) => el.scrollTop), { message: `left ${await times(left)} / right ${await times(right)}` }).toBeGreaterThan(0);
  const topTime = (l: typeof left) =>
    l.evaluate((el) => {
      const head = el.querySelector('thead')!.getBoundingClientRect().height;
      const row = [...el.querySelectorAll<HTMLElement>('tbody tr[data-at-ms]:not([data-pinned])')].find((r) => r.offsetTop + r.offsetHeight > el.scrollTop + head + 1);
      return Number(row?.dataset.atMs);
    });
  const leftTop = await topTime(left);
  const rightTop = await topTime(right);
  // The right pane shows the first item at or before the left pane's top moment (or its last item).
  expect(rightTop <= leftTop || (await right.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 2))).toBe(true);

  // Turning "scroll together" off leaves the other pane alone.
  await page.getByLabel(/同步滚动|Scroll together/).uncheck();
  const before = await right.evaluate((el) => el.scrollTop);
  await left.evaluate((el) => (el.scrollTop = 0));
  await page.waitForTimeout(200);
  expect(await right.evaluate((el) => el.scrollTop)).toBe(before);

  // One filter for both panes: refunds only (plus the pinned disputed orders).
  await page.getByRole('button', { name: /^(退款|Refund)$/ }).click();
  for (const pane of [left, right]) {
    const types = await pane.locator('tbody tr[data-type]').evaluateAll((rows) => rows.map((r) => (r.hasAttribute('data-pinned') ? 'pinned' : r.getAttribute('data-type'))));
    expect(types.every((t) => t === 'pinned' || t === 'refund')).toBe(true);
  }

  // Case to case replaces the history entry: Back returns to the queue, not to the previous case.
  const shown = await ws.openedCaseId();
  await page.locator('body').focus();
  await ws.press('j');
  await expect(ws.caseView()).not.toHaveAttribute('data-case-id', shown);
  await page.goBack();
  await expect(page.getByTestId('page-queue')).toBeVisible();
  await context.close();
});
