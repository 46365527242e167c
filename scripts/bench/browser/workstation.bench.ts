/**
 * Workstation budgets from issue 6, measured in Chromium on the built renderer with N local cases
 * written straight into its IndexedDB (the queue reads whatever Dexie holds; how the cases got
 * there is the sync bench's business):
 * - cold start to an interactive queue (first row on screen), ≤ 2 s;
 * - queue filter (search box) and sort (column header) over N rows, p95 ≤ 100 ms (issue 20's
 *   margin: ≤ 70 ms, the budget printed);
 * - scrolling the virtualised queue, median frame ≤ 17 ms (issue 20: ≤ 16.7 ms);
 * - next case (j) to a rendered case view, p95 ≤ 50 ms (issue 20: ≤ 35 ms);
 * - (issue 19) precedents local display: j to the next case's stored precedents painted, p95 ≤ 30 ms;
 * - (issue 5) decision keystroke to a durable outbox row with N cases stored, p95 ≤ 25 ms (issue 20:
 *   ≤ 20 ms): a
 *   signed-in arbitrator on the embedded server, her claimed cases synced, N filler cases beside them;
 * - (issue 16) switching to another account's store and showing its queue, ≤ 1 s with 10k cases in
 *   the target store (beside it: switching to a store of 50, and a cold start of the 10k store).
 * - (issue 17) the command palette opens, and filters every command, in ≤ 30 ms (p95);
 * - (issue 18) re-assessing the case at open (common/rules under its governing policy), p95 ≤ 5 ms,
 *   read from the page's `gavel:reassess` measures during the next-case walk (the policy what-if
 *   runs on the server: server.bench.ts).
 * Timings are taken inside the page (performance.now around the change, until two animation
 * frames have passed, i.e. the result is painted).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { PrecedentsResponseSchema, type PrecedentsResponse } from '../../../common/api';
import { COMPLAINT_KINDS } from '../../../common/domain';
import { startHost } from '../../../main/host/host';
import { bundleRowFromView, caseRowFromView } from '../../../src/data/rows';
import { caseView } from '../../../testing/fixtures/caseViews';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureBuilt } from '../../../testing/chromium';
import { WorkstationPage } from '../../../testing/pages/WorkstationPage';
import type { Bench, Metric } from '../harness';

const root = path.resolve(import.meta.dirname, '../../..');


/**
 * Writes N case rows (and bundles for the first `withBundles`) derived from one template, in the
 * page. `dueShiftMs` moves every deadline (later rows sort after cases that came from a server).
 */
export async function seed(page: Page, n: number, withBundles: number, dueShiftMs = 0): Promise<void> {
  const view = caseView(1);
  const row = caseRowFromView(view, 'open');
  const bundle = bundleRowFromView(view);
  const precedents = precedentsAnswer();
  await page.evaluate(
    ({ n, withBundles, row, bundle, kinds, dueShiftMs, precedents }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(document.documentElement.dataset.store ?? 'gavel');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['cases', 'bundles', 'precedents'], 'readwrite');
          const cases = tx.objectStore('cases');
          const bundles = tx.objectStore('bundles');
          const stored = tx.objectStore('precedents');
          const base = Date.now() + dueShiftMs;
          for (let i = 0; i < n; i++) {
            const id = `b${i}`;
            const ext = `EXT-B-${String(i).padStart(6, '0')}`;
            const sev = i % 4;
            cases.put({
              ...row,
              id,
              externalId: ext,
              kind: kinds[i % kinds.length],
              dueAtMs: base + ((i * 7919) % 200_000) * 60_000 - 50 * 3_600_000,
              dueAt: new Date(base + ((i * 7919) % 200_000) * 60_000).toISOString(),
              amountFen: (i * 104_729) % 1_000_000,
              topSeverity: sev,
              findingCounts: {
                critical: sev === 0 ? 1 : 0,
                warn: sev === 1 ? 2 : 0,
                info: sev === 2 ? 1 : 0,
              },
              complainantName: `商家${i % 997}`,
              respondentName: `买家${i}`,
              tokens: [
                ...row.tokens,
                ...`b${i}`.split('').map((_, k) => `b${i}`.slice(0, k + 1)),
                `商家`,
                `${i % 997}`,
                ...(i < withBundles ? ['bundled'] : []),
              ],
              searchText:
                `${ext}\n商家${i % 997}\n买家${i}\nb${i}${i < withBundles ? '\nbundled' : ''}`.toLowerCase(),
            });
            if (i < withBundles)
              bundles.put({
                ...bundle,
                caseId: id,
                // As the app stores it (src/data/jsonFields.ts): the bundle as JSON text.
                bundle: JSON.stringify({ ...bundle.bundle, case: { ...bundle.bundle.case, id, externalId: ext } }),
              });
            // The precedents the server last sent for it, as refreshPrecedents stores them.
            if (i < withBundles)
              stored.put({ caseId: id, fetchedAt: new Date(base).toISOString(), response: { ...precedents, caseId: id } });
          }
          // Written past the app, so its compact copy of the rows (src/data/queuePages.ts) no
          // longer stands for the table: drop it, as a reset would. The app reads row by row and packs again.
          const copy = ['queuePages', 'queueOverlay'].filter((s) => db.objectStoreNames.contains(s));
          tx.oncomplete = () => {
            if (copy.length === 0) {
              db.close();
              return resolve();
            }
            const drop = db.transaction(copy, 'readwrite');
            for (const s of copy) drop.objectStore(s).clear();
            drop.oncomplete = () => {
              db.close();
              resolve();
            };
            drop.onerror = () => reject(new Error(String(drop.error)));
          };
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
    { n, withBundles, row, bundle, kinds: COMPLAINT_KINDS, dueShiftMs, precedents },
  );
}

/**
 * A full precedents answer as the server sends it (checked against the wire schema, so the panel
 * reads it as it would a real one): the 8 listed decided cases, with notes and reasons, and the
 * verdicts of 40 close ones.
 */
function precedentsAnswer(): PrecedentsResponse {
  const verdicts = ['rejected', 'upheld', 'partially_upheld'] as const;
  return PrecedentsResponseSchema.parse({
    caseId: 'template',
    computedAt: new Date().toISOString(),
    scanned: 20_000,
    closeScore: 0.6,
    precedents: Array.from({ length: 8 }, (_, i) => ({
      caseId: `p${i}`,
      externalId: `EXT-P-${String(i).padStart(6, '0')}`,
      title: `先例 ${i + 1}：包裹签收后无物流轨迹`,
      verdict: verdicts[i % 3],
      reasonCodes: ['AS_EMPTY_PARCEL', 'INSUFFICIENT_EVIDENCE'].slice(0, 1 + (i % 2)),
      noteFirstLine: `揽收后无任何物流轨迹，商家未能提供发货凭证，第 ${i + 1} 件。`,
      decidedAt: new Date(Date.now() - (i + 1) * 86_400_000).toISOString(),
      policyVersion: '2026.1',
      amountFen: 12_900 + i * 1_000,
      findingCodes: ['NO_MOVEMENT_AFTER_PICKUP'],
      score: 0.95 - i * 0.04,
      why: ['same_findings', 'same_amount_band', 'same_policy'],
    })),
    distribution: [
      { verdict: 'rejected', count: 22 },
      { verdict: 'upheld', count: 12 },
      { verdict: 'partially_upheld', count: 6 },
    ],
  });
}

/** Whether the app's compact copy of the queue (src/data/queuePages.ts) is complete in the page's store. */
function copyComplete(page: Page): Promise<boolean> {
  return page.evaluate(
    () =>
      new Promise<boolean>((resolve, reject) => {
        const open = indexedDB.open(document.documentElement.dataset.store ?? 'gavel');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const req = open.result.transaction('queuePages').objectStore('queuePages').count(-1);
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result === 1);
          };
        };
      }),
  );
}

/** Waits until the app has packed its compact copy (it does so in idle time after a row-by-row read). */
async function waitForCompactCopy(page: Page): Promise<void> {
  for (let t = 0; !(await copyComplete(page)); t++) {
    if (t > 240) throw new Error('the app did not pack its compact copy of the queue within 2 minutes');
    await page.waitForTimeout(500);
  }
}

/** Runs `action` in the page and returns ms until two frames later (the change is painted). */
async function timed(page: Page, action: string, arg: string): Promise<number> {
  return page.evaluate(
    async ({ action, arg }) => {
      const t0 = performance.now();
      if (action === 'search') {
        const input = document.querySelector<HTMLInputElement>('[data-testid=queue-search]')!;
        // React listens for the native value setter, not a plain assignment.
        const desc = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
        (desc.set as (this: HTMLInputElement, v: string) => void).call(input, arg);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      } else if (action === 'sort') {
        document.querySelectorAll<HTMLButtonElement>('.qtable__sort')[Number(arg)]!.click();
      }
      await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
      return performance.now() - t0;
    },
    { action, arg },
  );
}

/**
 * Keystroke → durable outbox row with `n` cases stored: Ctrl+Enter's keydown time and the mark
 * recordDecision sets when IndexedDB reports the strict commit, on one clock. The arbitrator's own
 * claimed cases come from the embedded server (signed in, sync running); the filler rows are due a
 * year later, so the queue (and "commit and next") walks her real cases first.
 */
async function keystrokeToDurable(n: number, decisions: number, log: (s: string) => void): Promise<Metric[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-bench-ks-'));
  const host = await startHost({
    rendererDir: path.join(root, 'out/renderer'),
    dataDir,
    standalone: { seed: 300 },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(host.url);
    await page.getByTestId('queue-row').first().waitFor({ timeout: 120_000 });
    const count = async (): Promise<number> =>
      Number(((await page.getByTestId('queue-count').textContent()) ?? '').split(' ')[0]);
    // The claim arrives in pages; wait until the count stops moving.
    let claimed = 0;
    for (let i = 0; i < 100 && (claimed === 0 || claimed !== (await count())); i++) {
      claimed = await count();
      await page.waitForTimeout(500);
    }
    if (claimed < decisions) throw new Error(`only ${claimed} claimed cases for ${decisions} decisions`);
    log(`keystroke: ${claimed} claimed cases synced; writing ${n} more into IndexedDB (not timed)…`);
    await seed(page, n, 0, 365 * 86_400_000);
    await page.reload();
    await page.waitForFunction(
      (total) =>
        (document.querySelector('[data-testid=queue-count]')?.textContent ?? '').startsWith(
          `${total} / ${total}`,
        ),
      String(n + claimed),
      { timeout: 120_000 },
    );
    // The rows were written past the app, so it reads them row by row once and then packs its
    // compact copy in idle time (a second or two, once per store). The walk measures the desk as it
    // works after that; the packing's own effect on a keystroke is in docs/performance.md.
    await waitForCompactCopy(page);
    await page.evaluate(() => {
      const w = window as unknown as { __commitAt: number; __handledAt: number; __placedAt: number; __durable: number[]; __inputDelay: number[]; __toWrite: number[]; __waiters: (() => boolean)[] };
      w.__durable = [];
      w.__inputDelay = [];
      w.__toWrite = [];
      w.__waiters = [];
      // When the app places the decision's row in IndexedDB (the only `add` to `decisions`), seen
      // from outside the app. Dexie binds the database's own methods when it opens, so the store's
      // method is the one to watch.
      // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the store as `this` below
      const add = IDBObjectStore.prototype.add;
      IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: unknown[]) {
        if (this.name === 'decisions') w.__placedAt = performance.now();
        return (add as (...a: unknown[]) => IDBRequest).apply(this, args);
      } as typeof add;
      window.addEventListener(
        'keydown',
        (e) => {
          if (!(e.ctrlKey && e.key === 'Enter')) return;
          // The event's time is when the browser took the key; the listener runs when the page's
          // main thread gets to it. The difference is time the keystroke waited on other work.
          w.__commitAt = e.timeStamp;
          w.__handledAt = performance.now();
        },
        true,
      );
      new PerformanceObserver((list) => {
        for (const m of list.getEntries())
          if (m.name === 'gavel:decision-durable') {
            w.__durable.push(m.startTime - w.__commitAt);
            w.__inputDelay.push(w.__handledAt - w.__commitAt);
            w.__toWrite.push(w.__placedAt - w.__handledAt);
          }
        // A waiter stays until its decision is durable (other marks come through here too).
        w.__waiters = w.__waiters.filter((done) => !done());
      }).observe({ type: 'mark' });
    });
    const ws = new WorkstationPage(page);
    // GAVEL_BENCH_TRACE=file.json records a Chromium trace of the walk (tasks, user timing, and
    // IndexedDB's backend: each transaction's id, when it started, ran and committed), to see what a
    // slow keystroke-to-durable window waited for: the main thread, or a transaction ahead of it.
    const trace = process.env.GAVEL_BENCH_TRACE?.trim();
    if (trace) await browser.startTracing(page, { path: trace, categories: ['devtools.timeline', 'blink.user_timing', 'disabled-by-default-devtools.timeline', 'IndexedDB', 'sql'] });
    // List keys act where the list has focus (issue 17), so the walk starts from the queue itself.
    await page.getByTestId('queue-body').focus();
    await ws.press('Home', 'Enter');
    for (let i = 0; i < decisions; i++) {
      // Own words beyond the templates (a note against a critical finding needs at least 4 characters).
      await ws.rejectOpenedCase(`基准裁决第 ${i + 1} 件`, async () => {
        const durable = await page.evaluate(
          (k) =>
            new Promise<boolean>((resolve) => {
              const w = window as unknown as { __durable: number[]; __waiters: (() => boolean)[] };
              if (w.__durable.length >= k) resolve(true);
              else {
                w.__waiters.push(() => {
                  if (w.__durable.length < k) return false;
                  resolve(true);
                  return true;
                });
                setTimeout(() => resolve(false), 15_000);
              }
            }),
          i + 1,
        );
        if (!durable) {
          // Say why instead of waiting forever: the form's problems, or where the keys went.
          const problems = await page.locator('[data-testid^=problems-], .decision__message').allTextContents().catch(() => []);
          const focus = await page.evaluate(() => `${document.activeElement?.tagName}.${document.activeElement?.className} at ${location.hash}`);
          throw new Error(`decision ${i + 1} never became durable (15 s); problems: ${problems.join(' | ') || 'none shown'}; focus ${focus}`);
        }
      });
    }
    if (trace) await browser.stopTracing();
    const { samples, inputDelay, toWrite } = await page.evaluate(() => {
      const w = window as unknown as { __durable: number[]; __inputDelay: number[]; __toWrite: number[] };
      return { samples: w.__durable, inputDelay: w.__inputDelay, toWrite: w.__toWrite };
    });
    if (samples.length !== decisions)
      throw new Error(`expected ${decisions} durable marks, saw ${samples.length}`);
    // Where a slow keystroke's time went: waiting for the main thread before the app saw the key,
    // or the app's own work and the write after it.
    const order = samples.map((_, i) => i).sort((a, b) => samples[b]! - samples[a]!);
    const split = (i: number) => `${samples[i]!.toFixed(1)} = ${inputDelay[i]!.toFixed(1)} + ${toWrite[i]!.toFixed(1)} + ${(samples[i]! - inputDelay[i]! - toWrite[i]!).toFixed(1)}`;
    log(`keystroke: slowest five, total = waiting for the main thread + the app until its write + the write until durable: ${order.slice(0, 5).map(split).join('; ')} ms`);
    return [{
      name: `decision keystroke to durable outbox row (${n + claimed} cases stored, signed in, syncing)`,
      unit: 'ms',
      samples,
      budget: { op: '<=', value: 20 },
      budgetOn: 'p95',
      note: "issue 20's margin under issue 5's 25 ms; Ctrl+Enter keydown to the strict transaction's complete event",
    }, {
      name: 'of it: the key waiting for the main thread before the app saw it',
      unit: 'ms',
      samples: inputDelay,
      note: "the keydown event's time to its first listener; no budget of its own",
    }, {
      name: 'of it: the app from the key to placing the decision row',
      unit: 'ms',
      samples: toWrite,
      note: 'validation, the decision built, the transaction opened; no budget of its own',
    }];
  } finally {
    await browser.close();
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const bench: Bench = {
  name: 'workstation',
  description:
    'queue cold start, filter/sort and scrolling over N local cases; next case to a rendered case view',
  async run(ctx) {
    ensureBuilt(root);
    const n = Math.max(1000, Math.round(100_000 * ctx.scale));
    // GAVEL_BENCH_SECTIONS=queue, =keystroke or =switch runs one part.
    const sections = new Set((process.env.GAVEL_BENCH_SECTIONS ?? 'queue,keystroke,switch').split(','));
    const metrics: Metric[] = [];
    if (sections.has('queue')) metrics.push(...(await queueAndCase(n, ctx.log)));
    if (sections.has('keystroke'))
      metrics.push(
        ...(await keystrokeToDurable(n, Math.max(10, Math.round(30 * Math.min(1, ctx.scale * 4))), ctx.log)),
      );
    if (sections.has('switch'))
      metrics.push(
        ...(await storeSwitch(Math.max(500, Math.round(10_000 * ctx.scale)), ctx.scale < 1 ? 3 : 8, ctx.log)),
      );
    return metrics;
  },
};

/**
 * The palette over every command, with a case open and the queue's rows in memory: Ctrl+K from the
 * key event to the first frame that shows the options, then each query typed (as one input event)
 * to the frame that shows its matches.
 */
async function paletteTimes(page: Page): Promise<{ open: number[]; filter: number[] }> {
  const open: number[] = [];
  const filter: number[] = [];
  const queries = ['sync', '设置', 'shezhi', 'tongbu', 'g q', 'language', '主题', 'zz-no-such', 'case', ''];
  // The named listener below gets tsx's `__name` helper, which the page does not have.
  await page.evaluate('globalThis.__name ??= (f) => f');
  for (let round = 0; round < 10; round++) {
    await page.evaluate(() => {
      type W = { __palette?: Promise<number> };
      // Not `once`: Ctrl's own keydown comes first.
      const onKey = (e: KeyboardEvent) => {
        if (e.key !== 'k' || !e.ctrlKey) return;
        window.removeEventListener('keydown', onKey, { capture: true });
        const t0 = performance.now();
        (window as W).__palette = (async () => {
          for (;;) {
            const shown = await new Promise<boolean>((r) =>
              requestAnimationFrame(() => {
                // Rendered before this frame's paint; the posted message runs after it.
                const there = !!document.querySelector('[data-testid=palette] [role=option]');
                const channel = new MessageChannel();
                channel.port1.onmessage = () => r(there);
                channel.port2.postMessage(null);
              }),
            );
            if (shown) return performance.now() - t0;
            if (performance.now() - t0 > 5000) throw new Error('the palette did not open');
          }
        })();
      };
      window.addEventListener('keydown', onKey, { capture: true });
    });
    await page.keyboard.press('Control+k');
    open.push(await page.evaluate(() => (window as unknown as { __palette: Promise<number> }).__palette));
    for (const q of queries)
      filter.push(
        await page.evaluate(async (query) => {
          const input = document.querySelector<HTMLInputElement>('[data-testid=palette] input')!;
          const t0 = performance.now();
          const desc = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
          (desc.set as (this: HTMLInputElement, v: string) => void).call(input, query);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          // React renders the input's update synchronously. The next frame paints it: its
          // animation callbacks run, then style, layout and paint, then a posted message runs. (Two
          // animation frames would add the whole frame after the paint.)
          await new Promise<void>((r) =>
            requestAnimationFrame(() => {
              const channel = new MessageChannel();
              channel.port1.onmessage = () => r();
              channel.port2.postMessage(null);
            }),
          );
          return performance.now() - t0;
        }, q),
      );
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('[data-testid=palette]')?.hasAttribute('open'));
  }
  return { open, filter };
}

/** Cold start, filter, sort, scroll and next case over `n` cases, and the side-by-side peers. */
async function queueAndCase(n: number, log: (s: string) => void): Promise<Metric[]> {
  {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-bench-ws-'));
    // Case data is shown only to a signed-in pair: standalone, with no demo cases of its own.
    const host = await startHost({ rendererDir: path.join(root, 'out/renderer'), dataDir, standalone: { seed: 0 } });
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(host.url);
      await page.getByTestId('page-queue').waitFor({ timeout: 120_000 });
      log(`writing ${n} cases into IndexedDB (not timed)…`);
      await seed(page, n, 60);

      // The queue is interactive on its first page; the rest is read right after.
      const full = String(n);
      const allRead = (): Promise<unknown> =>
        page.waitForFunction(
          (total) =>
            (document.querySelector('[data-testid=queue-count]')?.textContent ?? '').startsWith(
              `${total} / ${total}`,
            ),
          full,
          { timeout: 120_000 },
        );
      // Each start waits until the page before it has read everything: a reload in the middle of
      // that read would queue the new page's first reads behind the old page's in the browser's
      // IndexedDB backend, which no real start of the app meets. (The seed wrote past the app, so
      // the page on screen has not seen those rows: reload once first.)
      await page.reload();
      await allRead();
      // Cold starts from the compact copy the app packed after that read, each beside one that
      // reads the rows one record each (the copy's complete mark taken away first, as on a store
      // that has none; the app packs it again before the next round).
      const cold: number[] = [];
      const fullLoads: number[] = [];
      const perRowLoads: number[] = [];
      for (let i = 0; i < 3; i++) {
        await waitForCompactCopy(page);
        await page.reload();
        await page.getByTestId('queue-row').first().waitFor({ timeout: 60_000 });
        cold.push(await page.evaluate(() => performance.now()));
        // Filter, sort and scrolling are measured over all N rows, so wait for the full read.
        await allRead();
        fullLoads.push(await page.evaluate(() => performance.now()));
        await page.evaluate(
          () =>
            new Promise<void>((resolve, reject) => {
              const open = indexedDB.open(document.documentElement.dataset.store ?? 'gavel');
              open.onsuccess = () => {
                const tx = open.result.transaction('queuePages', 'readwrite');
                tx.objectStore('queuePages').delete(-1);
                tx.oncomplete = () => {
                  open.result.close();
                  resolve();
                };
                tx.onerror = () => reject(new Error(String(tx.error)));
              };
            }),
        );
        await page.reload();
        await allRead();
        perRowLoads.push(await page.evaluate(() => performance.now()));
      }
      await waitForCompactCopy(page);

      // Measure once the page has settled, as an arbitrator's first keystroke would come a few
      // seconds after the queue fills: the read's hundred megabytes of results are still being
      // collected and the sort and search keys built in idle time for about a second after it, and
      // a filter typed in that second is slow once (docs/performance.md, December 6).
      await page.waitForTimeout(3000);
      const filter: number[] = [];
      for (const q of ['商家1', 'b12', '买家', 'ext-b-0001', '', '商家99', 'b', ''])
        filter.push(await timed(page, 'search', q));
      const sort: number[] = [];
      for (let i = 0; i < 8; i++) sort.push(await timed(page, 'sort', String([2, 4, 3, 0][i % 4])));

      // Side by side: the virtualised queue vs a plain table of the same rows (all of them in the
      // DOM), both from "nothing shown" to painted. "b1" matches 11,111 of the seeded rows.
      const virtualRender: number[] = [];
      const plainRender: number[] = [];
      for (let i = 0; i < 3; i++) {
        await timed(page, 'search', 'no-such-case');
        virtualRender.push(await timed(page, 'search', 'b1'));
        plainRender.push(
          await page.evaluate(async () => {
            const data = await new Promise<Record<string, string | number | null>[]>((resolve, reject) => {
              const open = indexedDB.open(document.documentElement.dataset.store ?? 'gavel');
              open.onerror = () => reject(new Error(String(open.error)));
              open.onsuccess = () => {
                const req = open.result.transaction('cases').objectStore('cases').getAll();
                req.onsuccess = () => {
                  open.result.close();
                  resolve(
                    (req.result as Record<string, string | number | null>[]).filter((r) =>
                      String(r.searchText ?? '').includes('b1'),
                    ),
                  );
                };
              };
            });
            const t0 = performance.now();
            const table = document.createElement('table');
            table.style.cssText = 'position:absolute;top:0;left:0;width:1200px;background:white;z-index:99';
            const body = table.createTBody();
            for (const r of data) {
              const tr = body.insertRow();
              for (const k of [
                'kind',
                'complainantName',
                'amountFen',
                'topSeverity',
                'dueAt',
                'leaseExpiresAt',
                'local',
              ])
                tr.insertCell().textContent = String(r[k] ?? '');
            }
            document.body.append(table);
            await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
            const ms = performance.now() - t0;
            table.remove();
            return ms;
          }),
        );
      }
      await timed(page, 'search', '');

      // Side by side: applying 500 changed case rows as one strict transaction (how pull-apply
      // writes a page) vs one strict transaction per row, into a scratch database with the
      // cases store's indexes.
      const template = await page.evaluate(
        () =>
          new Promise<Record<string, unknown>>((resolve) => {
            const open = indexedDB.open(document.documentElement.dataset.store ?? 'gavel');
            open.onsuccess = () => {
              const req = open.result.transaction('cases').objectStore('cases').get('b1');
              req.onsuccess = () => {
                open.result.close();
                resolve(req.result as Record<string, unknown>);
              };
            };
          }),
      );
      const writes = await page.evaluate(async (template) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open(`bench-writes-${Date.now()}`, 1);
          open.onupgradeneeded = () => {
            const store = open.result.createObjectStore('cases', { keyPath: 'id' });
            for (const ix of ['status', 'kind', 'dueAtMs', 'leaseExpiresAtMs', 'local', 'topSeverity'])
              store.createIndex(ix, ix);
            store.createIndex('findingCodes', 'findingCodes', { multiEntry: true });
          };
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(new Error(String(open.error)));
        });
        const bulk: number[] = [];
        const single: number[] = [];
        for (let round = 0; round < 3; round++) {
          const rows = Array.from({ length: 500 }, (_, i) => ({
            ...template,
            id: `w${round}-${i}`,
            version: round,
          }));
          let t = performance.now();
          const tx = db.transaction('cases', 'readwrite', { durability: 'strict' });
          for (const r of rows) tx.objectStore('cases').put(r);
          // (No helper function: tsx names const functions with a helper the page does not have.)
          await new Promise<void>(
            (resolve, reject) => (
              (tx.oncomplete = () => resolve()),
              (tx.onerror = () => reject(new Error(String(tx.error))))
            ),
          );
          bulk.push(performance.now() - t);
          t = performance.now();
          for (const r of rows) {
            const one = db.transaction('cases', 'readwrite', { durability: 'strict' });
            one.objectStore('cases').put({ ...r, version: r.version + 10 });
            await new Promise<void>(
              (resolve, reject) => (
                (one.oncomplete = () => resolve()),
                (one.onerror = () => reject(new Error(String(one.error))))
              ),
            );
          }
          single.push(performance.now() - t);
        }
        // One small write per transaction, strict vs relaxed: what a durable decision costs here.
        const strictOne: number[] = [];
        const relaxedOne: number[] = [];
        for (let i = 0; i < 60; i++) {
          for (const durability of ['strict', 'relaxed'] as const) {
            const t = performance.now();
            const one = db.transaction('cases', 'readwrite', { durability });
            one.objectStore('cases').put({ ...template, id: `d-${durability}-${i}` });
            await new Promise<void>(
              (resolve, reject) => (
                (one.oncomplete = () => resolve()),
                (one.onerror = () => reject(new Error(String(one.error))))
              ),
            );
            (durability === 'strict' ? strictOne : relaxedOne).push(performance.now() - t);
          }
        }
        const name = db.name;
        db.close();
        indexedDB.deleteDatabase(name);
        return { bulk, single, strictOne, relaxedOne };
      }, template);

      const frames = await page.evaluate(async () => {
        const body = document.querySelector<HTMLElement>('[data-testid=queue-body]')!;
        const out: number[] = [];
        let last = performance.now();
        for (let i = 0; i < 150; i++) {
          body.scrollTop += 240;
          await new Promise((r) => requestAnimationFrame(r));
          const now = performance.now();
          out.push(now - last);
          last = now;
        }
        return out;
      });

      // Next case walks the queue order; narrow it to the cases that have bundles stored.
      await timed(page, 'search', 'bundled');
      // Start from the top of the narrowed list (the scroll test left the body scrolled down, and
      // the selection may sit anywhere in it), so the walk has the whole list ahead of it.
      await page.evaluate(async () => {
        document.querySelector<HTMLElement>('[data-testid=queue-body]')!.scrollTop = 0;
        await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
      });
      const firstId = await page
        .getByTestId('queue-row')
        .first()
        .getAttribute('aria-rowindex')
        .then(async (ix) => {
          if (ix !== '2')
            throw new Error(`the queue did not scroll to its top (first row on screen is row ${ix})`);
          return page.getByTestId('queue-row').first().getAttribute('data-case-id');
        });
      await page.evaluate((id) => (window.location.hash = `#/queue/case/${id}`), firstId);
      await page.getByTestId('page-case').waitFor();
      // The clock starts when the key event reaches the page (a capturing listener), not when the
      // test driver sends it, and stops at the first animation frame whose DOM holds the next case
      // with its evidence: a watcher armed by that same listener checks at every frame. (Checking
      // from a script the driver sends after the key press measured the driver's round trip too,
      // as traces showed: docs/performance.md, December 6.)
      await page.evaluate(() => {
        type W = { __next?: Promise<number>; __precedents?: Promise<number> };
        window.addEventListener(
          'keydown',
          (e) => {
            if (e.key !== 'j') return;
            const t0 = performance.now();
            const prev = document.querySelector('[data-testid=page-case]')?.getAttribute('data-case-id');
            // Precedents local display (issue 19): the first frame whose panel lists the new
            // case's stored precedents (the panel names the case its list belongs to).
            (window as W).__precedents = (async () => {
              for (;;) {
                await new Promise((r) => requestAnimationFrame(r));
                const id = document.querySelector('[data-testid=page-case]')?.getAttribute('data-case-id');
                if (id && id !== prev && document.querySelectorAll(`[data-testid=precedents][data-case-id="${id}"] [data-testid=precedent]`).length === 8)
                  return performance.now() - t0;
                if (performance.now() - t0 > 5000)
                  throw new Error(
                    `the precedents of ${id} (was ${prev}) were not shown: the panel is ${document.querySelector('[data-testid=precedents]')?.getAttribute('data-state')} for ${document.querySelector('[data-testid=precedents]')?.getAttribute('data-case-id')}, listing ${document.querySelectorAll('[data-testid=precedent]').length}`,
                  );
              }
            })();
            (window as W).__next = (async () => {
              for (;;) {
                await new Promise((r) => requestAnimationFrame(r));
                const el = document.querySelector('[data-testid=page-case]');
                if (
                  el &&
                  el.getAttribute('data-case-id') !== prev &&
                  (document.querySelector('#evidence-panel')?.childElementCount ?? 0) > 0
                )
                  return performance.now() - t0;
                if (performance.now() - t0 > 5000)
                  throw new Error(
                    `next case did not render: still ${el?.getAttribute('data-case-id')} (was ${prev}), ${location.hash}, evidence children ${document.querySelector('#evidence-panel')?.childElementCount}, active ${document.activeElement?.tagName}.${document.activeElement?.className}`,
                  );
              }
            })();
          },
          { capture: true },
        );
      });
      const next: number[] = [];
      const precedentsShown: number[] = [];
      await page.evaluate(() => performance.clearMeasures('gavel:reassess'));
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press('j');
        next.push(await page.evaluate(() => (window as unknown as { __next: Promise<number> }).__next));
        precedentsShown.push(await page.evaluate(() => (window as unknown as { __precedents: Promise<number> }).__precedents));
      }
      const palette = await paletteTimes(page);
      // Each case the walk opened was re-assessed once, at open (CaseView's measure around it).
      const reassess = await page.evaluate(() => performance.getEntriesByName('gavel:reassess').map((e) => e.duration));
      if (reassess.length < 30) throw new Error(`expected a re-assessment per opened case, saw ${reassess.length}`);
      return [
        {
          name: `cold start to interactive queue (${n} cases)`,
          unit: 'ms',
          samples: cold,
          budget: { op: '<=', value: 2000 },
          note: 'first page of the most urgent cases on screen',
        },
        {
          name: `cold start to all ${n} cases in the queue (compact copy)`,
          unit: 'ms',
          samples: fullLoads,
          budget: { op: '<=', value: 1500 },
          peer: { name: 'read row by row (no compact copy)', samples: perRowLoads },
          note: 'issue 20 §4; ratio = row by row / compact, rounds alternating',
        },
        {
          name: `queue filter over ${n}`,
          unit: 'ms',
          samples: filter,
          // Issue 20's margin under issue 6's 100 ms, in every run on a quiet machine.
          budget: { op: '<=', value: 70 },
          budgetOn: 'p95',
        },
        {
          name: `queue sort over ${n}`,
          unit: 'ms',
          samples: sort,
          budget: { op: '<=', value: 70 },
          budgetOn: 'p95',
        },
        { name: 'queue scroll frame', unit: 'ms', samples: frames, budget: { op: '<=', value: 16.7 }, note: 'issue 20: a 60 Hz frame' },
        {
          name: 'apply 500 changed cases: one strict transaction (pull-apply)',
          unit: 'ms',
          samples: writes.bulk,
          peer: { name: 'one strict transaction per row', samples: writes.single },
          note: 'ratio = row-by-row / bulk',
        },
        {
          name: 'one case row written, relaxed durability',
          unit: 'ms',
          samples: writes.relaxedOne,
          peer: { name: 'strict durability (what the outbox uses)', samples: writes.strictOne },
          note: 'ratio = strict / relaxed: the cost of the flush to disk on this machine',
        },
        {
          name: 'render 11,111 matching rows: virtualised queue',
          unit: 'ms',
          samples: virtualRender,
          peer: { name: 'plain table of the same rows (data already in memory)', samples: plainRender },
          note: 'ratio = plain / virtualised',
        },
        {
          name: 'next case (j) to rendered case view',
          unit: 'ms',
          samples: next,
          budget: { op: '<=', value: 35 },
          budgetOn: 'p95',
          note: 'includes re-assessing the case at open',
        },
        {
          name: 'precedents local display: next case (j) to its stored precedents painted',
          unit: 'ms',
          samples: precedentsShown,
          budget: { op: '<=', value: 30 },
          budgetOn: 'p95',
          note: 'issue 19; 8 listed and a distribution of 40, read from IndexedDB (the server has none for these cases)',
        },
        {
          name: `command palette: open (Ctrl+K) to its commands painted (${n} cases stored)`,
          unit: 'ms',
          samples: palette.open,
          budget: { op: '<=', value: 30 },
          budgetOn: 'p95',
          note: 'issue 17; from the key event in the page to the frame showing the options',
        },
        {
          name: 'command palette: filter every command by a query, painted',
          unit: 'ms',
          samples: palette.filter,
          budget: { op: '<=', value: 30 },
          budgetOn: 'p95',
          note: 'issue 17; Chinese, pinyin and English queries, and back to all',
        },
        {
          name: `re-assess the case at open (${n} cases stored)`,
          unit: 'ms',
          samples: reassess,
          budget: { op: '<=', value: 5 },
          budgetOn: 'p95',
          note: 'issue 18; common/rules under the governing policy, in the page, per opened case',
        },
      ];
    } finally {
      await browser.close();
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

/**
 * Switching to another account's store and showing its queue. Two arbitrators on the embedded
 * server; `n` cases are written into the second one's store (beside its 50 claimed). Each round
 * signs out of one and into the other through the UI. Timed in the page: from the frame the app
 * takes the new session (the user chip changes, in the same render that closes the old store) to
 * the first frame whose queue shows a row of the new store; beside it, the same from the click on
 * "Sign in" (the server's password check included), switching the other way to a store of 50, and
 * a cold start (reload) of the big store.
 */
async function storeSwitch(n: number, rounds: number, log: (s: string) => void): Promise<Metric[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-bench-switch-'));
  // The published demo passwords (issue 14: an install's accounts get random ones otherwise).
  const host = await startHost({ rendererDir: path.join(root, 'out/renderer'), dataDir, standalone: { seed: 200, demo: true } });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const accounts = {
    small: { username: 'arbitrator1', password: 'gavel-demo-1', name: '' },
    big: { username: 'arbitrator2', password: 'gavel-demo-2', name: '' },
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(host.url);
    await page.getByTestId('queue-row').first().waitFor({ timeout: 180_000 });
    accounts.small.name = (await page.getByTestId('user').textContent()) ?? '';
    const signOut = async (): Promise<void> => {
      await page.evaluate(() => (window.location.hash = '#/settings'));
      await page.getByTestId('sign-out').click();
      await page.getByTestId('sign-in').waitFor();
      await page.evaluate(() => (window.location.hash = '#/queue'));
      await page.getByTestId('page-sign-in').waitFor();
    };
    /** Signs in through the form; resolves with [session → queue, click → queue] in ms. */
    const signIn = async (who: { username: string; password: string }): Promise<[number, number]> => {
      await page.getByTestId('sign-in-username').fill(who.username);
      await page.getByTestId('sign-in-password').fill(who.password);
      const before = (await page.getByTestId('user').textContent()) ?? '';
      // tsx keeps function names with a `__name` helper the page does not have (the named `frame`
      // below); given as a string, this line is not rewritten.
      await page.evaluate('globalThis.__name ??= (f) => f');
      const timing = page.evaluate(
        (before) =>
          new Promise<[number, number]>((resolve, reject) => {
            const button = document.querySelector<HTMLButtonElement>('[data-testid=sign-in-submit]')!;
            let clicked = 0;
            let session = 0;
            const frame = (): void => {
              const now = performance.now();
              if (!session && (document.querySelector('[data-testid=user]')?.textContent ?? '') !== before) session = now;
              const store = document.documentElement.dataset.store;
              if (session && store && document.querySelector('[data-testid=queue-row]')) {
                // One more frame: the one that paints what this frame's DOM holds.
                requestAnimationFrame(() => resolve([performance.now() - session, performance.now() - clicked]));
                return;
              }
              if (now - clicked > 30_000) return reject(new Error('the queue did not show within 30 s'));
              requestAnimationFrame(frame);
            };
            button.addEventListener('click', () => {
              clicked = performance.now();
              requestAnimationFrame(frame);
            }, { capture: true, once: true });
          }),
        before,
      );
      // Observed until the click has gone out: a failure before then must not go unhandled.
      timing.catch(() => undefined);
      await page.getByTestId('sign-in-submit').click();
      return timing;
    };

    // The big store: arbitrator2 signs in once (its first 50 cases claimed), then n more rows.
    await signOut();
    await signIn(accounts.big);
    await page.getByTestId('queue-row').first().waitFor({ timeout: 60_000 });
    accounts.big.name = (await page.getByTestId('user').textContent()) ?? '';
    log(`switch: writing ${n} cases into ${accounts.big.username}'s store (not timed)…`);
    await seed(page, n, 0, 365 * 86_400_000);
    const bigStore = await page.evaluate(() => document.documentElement.dataset.store ?? '');

    const toBig: number[] = [];
    const toBigWithSignIn: number[] = [];
    const toSmall: number[] = [];
    for (let i = 0; i < rounds; i++) {
      await signOut();
      const [small] = await signIn(accounts.small);
      toSmall.push(small);
      await signOut();
      const [store, click] = await signIn(accounts.big);
      toBig.push(store);
      toBigWithSignIn.push(click);
      if (i === 0) {
        // The whole big store is read into the queue after its first page: settle before the next round.
        await page.waitForFunction((total) => (document.querySelector('[data-testid=queue-count]')?.textContent ?? '').includes(` / ${total}`), String(n + 50), { timeout: 120_000 }).catch(() => undefined);
      }
    }
    const cold: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.reload();
      await page.getByTestId('queue-row').first().waitFor({ timeout: 60_000 });
      cold.push(await page.evaluate(() => performance.now()));
    }
    if ((await page.evaluate(() => document.documentElement.dataset.store)) !== bigStore) throw new Error('the reload opened another store');
    return [
      {
        name: `switch to another account's store and show its queue (${n + 50} cases in it)`,
        unit: 'ms',
        samples: toBig,
        budget: { op: '<=', value: 1000 },
        budgetOn: 'p95',
        peer: { name: 'switching to a store of 50 cases', samples: toSmall },
        note: 'issue 16; from the render that takes the new session to the first painted queue row of its store',
      },
      {
        name: `sign-in click to the queue of a ${n + 50}-case store (server password check included)`,
        unit: 'ms',
        samples: toBigWithSignIn,
        peer: { name: `cold start (reload) of the same store to its first row`, samples: cold },
      },
    ];
  } finally {
    await browser.close();
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
