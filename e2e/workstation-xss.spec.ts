import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from '../main/host/host';
import { WorkstationPage } from '../testing/pages/WorkstationPage';

/**
 * 200 hostile strings as reviews, chat messages and livestream transcript lines of one case: each
 * must show as literal text in its viewer (highlighting splits text, it never parses it), and none
 * may run: no dialog, no flag set on window, no element created from the payloads.
 */
const root = path.resolve(import.meta.dirname, '..');
let host: RunningHost;
let dataDir: string;

const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '<svg onload=window.__xss=1>',
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '"><img src=x onerror=alert(1)>',
  "'><body onload=alert(1)>",
  '<a href="javascript:window.__xss=1">点我</a>',
  '<details open ontoggle=window.__xss=1>',
  '<math><mtext><img src=x onerror=alert(1)></mtext></math>',
  '{{constructor.constructor("window.__xss=1")()}}',
  '${window.__xss=1}',
  '<style>*{display:none}</style>',
  '<input autofocus onfocus=window.__xss=1>',
  '<video><source onerror=window.__xss=1></video>',
  '&lt;img src=x onerror=alert(1)&gt;',
  '<object data="javascript:alert(1)"></object>',
  '<marquee onstart=window.__xss=1>',
  '\u202e<img src=x onerror=alert(1)>',
  '<img src=x onerror=alert(1)//',
  '<base href="javascript:alert(1)//">',
];
// Wrapped in text that triggers the viewers' highlighting (contact info, absolute terms, prices,
// numeric claims, logistics words), so payloads are also split across <mark> boundaries.
const WRAPPERS = [
  (p: string) => p,
  (p: string) => `加微信 abc12345 ${p}`,
  (p: string) => `全网最低${p}价`,
  (p: string) => `到手价99元${p}`,
  (p: string) => `羊毛含量100%${p}`,
  (p: string) => `快递太慢${p}13812345678`,
  (p: string) => `${p}${p}`,
  (p: string) => `访问 www.evil.com ${p}`,
  (p: string) => `第一${p}唯一`,
  (p: string) => `【客服】${p}`,
];
const HOSTILE = WRAPPERS.flatMap((w) => PAYLOADS.map(w));

test.beforeEach(async ({ browserName: _ }, testInfo) => {
  test.skip(testInfo.project.name !== 'browser', 'drives the browser-mode host with an embedded backend');
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-xss-e2e-'));
  host = await startHost({
    rendererDir: path.join(root, 'out', 'renderer'),
    bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'),
    dataDir,
    standalone: { seed: 20 },
  });
});

test.afterEach(async () => {
  await host?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('hostile text in reviews, chats and transcripts renders as text and runs nothing', async ({ browser }) => {
  test.setTimeout(120_000);
  expect(HOSTILE).toHaveLength(200);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const ws = new WorkstationPage(page);
  await page.goto(host.url);
  await expect(ws.rows().first()).toBeVisible({ timeout: 60_000 });
  const caseId = (await ws.rows().first().getAttribute('data-case-id')) ?? '';

  // Plant the strings in the stored bundle, as if the server had sent them.
  await page.evaluate(
    ({ id, hostile }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(document.documentElement.dataset.store ?? 'gavel');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('bundles', 'readwrite');
          const store = tx.objectStore('bundles');
          const get = store.get(id);
          get.onsuccess = () => {
            type Bundle = Record<string, unknown> & { case: { complainantId: string; respondentId: string; subject: { orderIds: string[] } } };
            // The app keeps the bundle as JSON text (src/data/jsonFields.ts).
            const row = get.result as { bundle: string | Bundle };
            const b = typeof row.bundle === 'string' ? (JSON.parse(row.bundle) as Bundle) : row.bundle;
            const { complainantId: c, respondentId: r } = b.case;
            const orderId = b.case.subject.orderIds[0] ?? 'o-xss';
            const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
            b.reviews = hostile.map((text, i) => ({ id: `xr-${i}`, orderId, authorId: r, rating: 1 + (i % 5), text, createdAt: at(i), mediaIds: [] }));
            b.chats = [{ id: 'xc', orderId, participantIds: [c, r], messages: hostile.map((text, i) => ({ at: at(i), fromId: i % 2 ? r : c, text, mediaIds: [] })) }];
            b.sessions = [{ id: 'xs', affiliateId: r, title: hostile[1], startedAt: at(0), segments: hostile.map((text, i) => ({ startSec: i * 5, endSec: i * 5 + 4, text })), productsShown: [] }];
            store.put({ ...row, bundle: JSON.stringify(b) });
          };
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
    { id: caseId, hostile: HOSTILE },
  );

  await page.goto(`${host.origin}/#/queue/case/${encodeURIComponent(caseId)}`);
  await page.reload();
  await expect(ws.caseView()).toBeVisible();
  const panel = page.locator('#evidence-panel');
  for (const tab of ['review', 'chat', 'livestream'] as const) {
    await page.getByTestId(`tab-${tab}`).click();
    await expect(page.getByTestId(`viewer-${tab}`)).toBeVisible();
    const text = await panel.innerText();
    for (const p of PAYLOADS) expect(text, `${tab} shows ${p} literally`).toContain(p.replace('\u202e', ''));
    // Nothing the payloads describe became an element.
    expect(await panel.locator('script, img, iframe, svg, object, video, style, input, details, math, marquee, base, a[href]').count()).toBe(0);
  }
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  await context.close();
});
