/**
 * Issue 19 §7, measured in the real app (browser mode, Debian Chromium, a real backend on loopback):
 * - the 200-case walk: an arbitrator decides 200 generated demo cases by keyboard, three ways, each
 *   on its own server seeded with the same demo data (so each way meets the same cases in the same
 *   order): (1) plain keys, (2) macros (Alt+n), (3) macros plus cluster decisions where the open case
 *   has open linked cases she holds whose findings ask for the same decision. Each case's target is
 *   what its own findings ask for (scripts/bench/macroKeys.ts `targetFor`); the keys sent are the
 *   ones that record it (testing/decisionKeys.ts `decisionKeys`), counted as sent: every press and
 *   chord, a click as one, the note's words not at all (M and Esc are). Wall time per decision: from
 *   the decision's first key (in the page) to the strict commit of its outbox rows
 *   (`gavel:decision-durable`; a cluster decision's time is shared by the cases it decided). Cases
 *   come in offline checkouts of 50 (the policy's cap), the first on sign-in, the next by a click on
 *   "check out" (not counted: it fetches work, it decides nothing). At the end, after a sync, the
 *   server must have exactly one `decided` change per case decided, and no other.
 * - a cluster decision of 50 cases: click on "apply" to all 50 outbox rows durable
 *   (`gavel:cluster-durable`), several rounds, each on 50 fresh linked cases imported through the
 *   import route (the demo generator's rings hold about 12);
 * (Precedents painted from Dexie, the third desk budget of issue 19, is not measured here yet.)
 * GAVEL_BENCH_SECTIONS=walk or =cluster runs one part; GAVEL_WALK_WAYS=cluster one way of the walk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { Macro } from '../../../common/api';
import type { CaseBundleInput, ComplaintKind } from '../../../common/domain';
import { DEFAULT_POLICY } from '../../../common/policy';
import type { Finding } from '../../../common/rules';
import { startHost } from '../../../main/host/host';
import { DEFAULT_MACROS } from '../../../server/db/defaultMacros';
import { startServer, type RunningServer } from '../../../server/start';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureBuilt } from '../../../testing/chromium';
import { decisionKeys, keyCount, NOTE } from '../../../testing/decisionKeys';
import { cleanBundleInput, iso } from '../../../testing/fixtures/bundles';
import { AppShellPage } from '../../../testing/pages/AppShellPage';
import { WorkstationPage } from '../../../testing/pages/WorkstationPage';
import type { Bench, Metric } from '../harness';
import { macrosFor } from '../../../src/data/macros';
import { median, targetFor, type TargetDecision } from '../macroKeys';

const root = path.resolve(import.meta.dirname, '../../..');
type Way = 'plain' | 'macros' | 'cluster';
const WAY_WORDS: Record<Way, string> = { plain: 'plain keys', macros: 'macros', cluster: 'macros + cluster decisions' };

/** A real backend (embedded PGlite, demo accounts, `seed` demo cases) and a browser-mode host, signed in as arbitrator1 in zh-CN. */
async function desk(browser: Browser, seed: number, tag: string): Promise<{ page: Page; ws: WorkstationPage; server: RunningServer; close: () => Promise<void> }> {
  const serverDir = mkdtempSync(path.join(os.tmpdir(), `gavel-bench-${tag}-server-`));
  const hostDir = mkdtempSync(path.join(os.tmpdir(), `gavel-bench-${tag}-host-`));
  const server = await startServer({ host: '127.0.0.1', port: 0, dataDir: serverDir, seed, logger: false, demoAccounts: true });
  const host = await startHost({ rendererDir: path.join(root, 'out', 'renderer'), bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'), dataDir: hostDir });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const shell = new AppShellPage(page);
  await page.goto(host.url);
  await page.evaluate(() => window.gavel!.settings.set({ locale: 'zh-CN', theme: 'light' }));
  await shell.setBackend(server.url);
  await shell.signIn('arbitrator1', 'gavel-demo-1');
  await shell.open('queue');
  // tsx keeps function names with a `__name` helper the page does not have.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return {
    page,
    ws: new WorkstationPage(page),
    server,
    close: async () => {
      await context.close();
      await host.close();
      await server.close();
      for (const dir of [serverDir, hostDir]) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `read` stops changing (checkouts and pulls arrive in pages) and returns its last value. */
async function settled(page: Page, read: () => Promise<number>, atLeast = 1, timeoutMs = 90_000): Promise<number> {
  const end = Date.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const now = await read();
    if (now >= atLeast && now === last) return now;
    if (Date.now() > end) return now;
    last = now;
    await page.waitForTimeout(700);
  }
}

type CaseRowLite = { id: string; kind: ComplaintKind; local: string; claimedBy: string | null };
type BundleLite = { caseId: string; eligibility: Finding[]; findings: Finding[] };

/**
 * Listens in the page: the first keydown after the walk arms it (a decision's first key), and each
 * `gavel:decision-durable` mark (one per strict outbox transaction, a cluster's included).
 */
async function listen(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __armed: boolean; __first: number; __durable: number[] };
    w.__armed = false;
    w.__first = 0;
    w.__durable = [];
    window.addEventListener(
      'keydown',
      (e) => {
        if (w.__armed) {
          w.__armed = false;
          w.__first = e.timeStamp;
        }
      },
      true,
    );
    new PerformanceObserver((list) => {
      for (const m of list.getEntries()) if (m.name === 'gavel:decision-durable') w.__durable.push(m.startTime);
    }).observe({ type: 'mark' });
  });
}

/** Waits for the `k`th durable mark and returns ms from the armed first key to it. */
async function durableSince(page: Page, k: number): Promise<number> {
  const handle = await page.waitForFunction(
    (k) => {
      const w = window as unknown as { __first: number; __durable: number[] };
      return w.__durable.length >= k ? w.__durable[k - 1]! - w.__first : false;
    },
    k,
    { timeout: 20_000, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}

const sameTarget = (a: TargetDecision, b: TargetDecision): boolean =>
  a.kind === b.kind && a.verdict === b.verdict && a.reasonCodes.join() === b.reasonCodes.join() && [...a.remedies].sort().join() === [...b.remedies].sort().join();

type Decided = { caseId: string; keys: number; wallMs: number; oneWay: boolean; cluster: boolean };
type WayResult = { way: Way; decided: Decided[]; checkouts: number; clusters: number[]; noteChars: number };

/** One way of the walk on its own server: `n` decisions (or as many as the server lets her hold). */
async function walk(browser: Browser, way: Way, seed: number, n: number, log: (s: string) => void): Promise<WayResult> {
  const d = await desk(browser, seed, `walk-${way}`);
  const { page, ws } = d;
  const result: WayResult = { way, decided: [], checkouts: 0, clusters: [], noteChars: 0 };
  try {
    const open = async (): Promise<CaseRowLite[]> => (await ws.idbAll<CaseRowLite>('cases')).filter((c) => c.local === 'open');
    await settled(page, async () => (await open()).length);
    await settled(page, async () => (await ws.idbAll('macros')).length, DEFAULT_MACROS.length, 30_000);
    // In key order, as the panel reads them (src/data/macrosRepo.ts loadMacros, then macrosFor).
    const macros = (await ws.idbAll<Macro>('macros')).sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
    if (macros.length < DEFAULT_MACROS.length) throw new Error(`only ${macros.length} macros reached the desk`);
    const userId = (await d.server.app.gavel.deps.db.selectFrom('users').select('id').where('username', '=', 'arbitrator1').executeTakeFirstOrThrow()).id;
    await listen(page);
    const targets = new Map<string, ReturnType<typeof targetFor>>();
    const done = new Set<string>();
    let marks = 0;
    let navKeys = 0;
    while (result.decided.length < n) {
      let here = await open();
      if (here.length === 0) {
        // The batch is decided: once it is pushed (the server counts unsynced cases as still held
        // offline, against the cap of 50), check out the next 50 (a click that fetches work, not counted).
        await page.waitForFunction(() => document.querySelector('[data-testid=sync-pending]')?.getAttribute('data-count') === '0', null, { timeout: 120_000 });
        await page.getByTestId('sync-checkout').click();
        result.checkouts++;
        await settled(page, async () => (await open()).length, 1, 60_000);
        here = await open();
        if (here.length === 0) {
          log(`walk ${way}: no more cases to check out after ${result.decided.length} decisions`);
          break;
        }
      }
      const bundles = new Map((await ws.idbAll<BundleLite>('bundles')).map((b) => [b.caseId, b]));
      for (const c of here) {
        if (targets.has(c.id)) continue;
        const b = bundles.get(c.id);
        if (!b) throw new Error(`case ${c.id} has no bundle on the desk`);
        targets.set(c.id, targetFor(c.kind, { eligible: b.eligibility.length === 0, eligibility: b.eligibility, findings: b.findings }, DEFAULT_POLICY, macrosFor(macros, c.kind).filter((m) => m.scope === 'shared')));
      }
      const mine = new Set(here.filter((c) => c.claimedBy === userId).map((c) => c.id));
      // From the queue: the first row, opened (the keys count toward the decision that follows).
      if ((await ws.caseView().count()) === 0) {
        // The queue lists decided cases too: j down to the first open one.
        await page.getByTestId('queue-body').focus();
        await ws.press('Home');
        navKeys++;
        for (let step = 0; ; step++) {
          const sel = page.locator('[data-testid=queue-row][aria-selected=true]');
          await sel.waitFor();
          const [local, at] = [await sel.getAttribute('data-local'), await sel.getAttribute('data-case-id')];
          if (local === 'open' && at && targets.has(at) && !done.has(at)) break;
          if (step > 300) throw new Error(`${way}: no open case found in the queue`);
          await ws.press('j');
          navKeys++;
        }
        await ws.press('Enter');
        navKeys++;
      }
      while (result.decided.length < n && (await ws.caseView().count()) > 0) {
        const id = await ws.openedCaseId();
        const t = targets.get(id);
        if (!t || done.has(id)) {
          const row = (await ws.idbAll<CaseRowLite>('cases')).find((c) => c.id === id);
          throw new Error(`${way}: the desk opened ${id} (${done.has(id) ? 'decided here already' : 'not an open case of this batch'}; local ${row?.local}, after ${result.decided.length} decisions, last ${JSON.stringify(result.decided.at(-1))})`);
        }
        const kindMacros = macrosFor(macros, t.target.kind);
        let plan: string[] = [];
        if (way === 'cluster') {
          await page.waitForFunction(() => document.querySelector('[data-testid=links]')?.getAttribute('data-state') !== 'loading', null, { timeout: 20_000 });
          const linked = await page.locator('[data-testid=link]:not(.links__item--closed)').evaluateAll((els) => els.map((e) => e.getAttribute('data-case-id')!));
          plan = linked.filter((l) => mine.has(l) && !done.has(l) && targets.has(l) && sameTarget(targets.get(l)!.target, t.target));
        }
        await page.evaluate(() => ((window as unknown as { __armed: boolean }).__armed = true));
        const words = `按证据裁决第${result.decided.length + 1}件`;
        if (plan.length > 0) {
          // One decision for this case and its linked cases that ask for the same one.
          let keys = navKeys + 1;
          await ws.press('Shift+L');
          const dialog = page.getByTestId('cluster-dialog');
          await dialog.waitFor();
          const ticked = await page.locator('[data-testid=cluster-row]').evaluateAll((rows) =>
            rows.flatMap((r) => (r.querySelector<HTMLInputElement>('[data-testid=cluster-select]')?.checked ? [r.getAttribute('data-case-id')!] : [])),
          );
          for (const other of ticked.filter((x) => x !== id && !plan.includes(x))) {
            await page.locator(`[data-testid=cluster-row][data-case-id="${other}"] [data-testid=cluster-select]`).click();
            keys++;
          }
          await page.getByTestId(`cluster-verdict-${t.target.verdict}`).click();
          for (const code of t.target.reasonCodes) await page.locator(`[data-testid=cluster-reason][data-code="${code}"]`).click();
          for (const r of t.target.remedies) await page.locator(`[data-testid=cluster-remedy][data-remedy="${r}"]`).click();
          keys += 1 + t.target.reasonCodes.length + t.target.remedies.length;
          if (t.note || plan.some((p) => targets.get(p)!.note)) {
            await page.getByTestId('cluster-note').click();
            await page.keyboard.type(words);
            result.noteChars += words.length;
            keys++;
          }
          await page.getByTestId('cluster-apply').click();
          keys++;
          await page.getByTestId('cluster-summary').waitFor({ timeout: 20_000 });
          const recorded = await page.locator('[data-testid=cluster-row][data-result=ok]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')!));
          if (!recorded.includes(id)) throw new Error(`the cluster decision did not record the open case ${id}: ${(await dialog.innerText()).slice(0, 800)}`);
          const ms = await durableSince(page, ++marks);
          // Closing the dialog moves on to the next open case, as committing one does.
          await ws.press('Escape');
          keys++;
          navKeys = 0;
          for (const r of recorded) {
            done.add(r);
            result.decided.push({ caseId: r, keys: keys / recorded.length, wallMs: ms / recorded.length, oneWay: targets.get(r)!.oneWay, cluster: true });
          }
          result.clusters.push(recorded.length);
          await page.waitForFunction((id) => document.querySelector('[data-testid=page-case]')?.getAttribute('data-case-id') !== id, id, { timeout: 10_000 });
          if (process.env.GAVEL_WALK_DEBUG) log(`cluster ${id} + ${recorded.length - 1}: now at ${await page.evaluate(() => location.hash)} (${(await open()).length} open left); recorded ${recorded.join(',')}`);
          continue;
        }
        const keys = decisionKeys(t.target, DEFAULT_POLICY, way === 'plain' ? null : kindMacros, t.note);
        for (const k of keys) {
          if (k !== NOTE) await page.keyboard.press(k);
          else {
            await ws.press('m');
            await page.keyboard.type(words);
            await ws.press('Escape');
            result.noteChars += words.length;
          }
        }
        const ms = await durableSince(page, ++marks).catch(async (e: unknown) => {
          const problems = await page.locator('[data-testid^=problems-], .decision__message').allTextContents().catch(() => []);
          throw new Error(`${way}: case ${id} (${JSON.stringify(t.target)}, keys ${keys.join(' ')}) never became durable; problems: ${problems.join(' | ') || 'none shown'} (${String(e)})`);
        });
        done.add(id);
        result.decided.push({ caseId: id, keys: navKeys + keyCount(keys), wallMs: ms, oneWay: t.oneWay, cluster: false });
        navKeys = 0;
        await page.waitForFunction((id) => document.querySelector('[data-testid=page-case]')?.getAttribute('data-case-id') !== id, id, { timeout: 10_000 });
      }
    }
    // After a sync: one `decided` change per case decided here, and none for any other case.
    await page.getByTestId('sync-pending').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid=sync-pending]')?.getAttribute('data-count') === '0', null, { timeout: 180_000 });
    const rows = await d.server.app.gavel.deps.db
      .selectFrom('changes')
      .select(['case_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('type', '=', 'decided')
      .groupBy('case_id')
      .execute();
    const onServer = new Map(rows.map((r) => [r.case_id, Number(r.n)]));
    const twice = [...onServer].filter(([, c]) => c !== 1);
    const missing = result.decided.filter((x) => onServer.get(x.caseId) !== 1);
    const extra = [...onServer.keys()].filter((c) => !done.has(c));
    if (twice.length || missing.length || extra.length || onServer.size !== result.decided.length)
      throw new Error(`${way}: the server's decided changes do not match the walk: ${twice.length} cases decided more than once, ${missing.length} missing, ${extra.length} not decided by the walk`);
    log(`walk ${WAY_WORDS[way]}: ${result.decided.length} decisions (${result.checkouts} further checkouts${way === 'cluster' ? `, ${result.clusters.length} cluster decisions of ${result.clusters.join('/')} cases` : ''}); server: each decided exactly once`);
    return result;
  } finally {
    await d.close();
  }
}

function walkMetrics(results: WayResult[], log: (s: string) => void): Metric[] {
  const by = (w: Way) => results.filter((r) => r.way === w).flatMap((r) => r.decided);
  const plain = by('plain');
  const metrics: Metric[] = [];
  for (const way of ['macros', 'cluster'] as const) {
    const xs = by(way);
    if (xs.length === 0) continue;
    metrics.push(
      { name: `keystrokes per decision, ${WAY_WORDS[way]} (all cases)`, unit: 'keys', samples: xs.map((x) => x.keys), peer: { name: 'plain keys', samples: plain.map((x) => x.keys) }, note: 'ratio = plain / this' },
      {
        name: `keystrokes per decision, ${WAY_WORDS[way]}, findings one way`,
        unit: 'keys',
        samples: xs.filter((x) => x.oneWay).map((x) => x.keys),
        peer: { name: 'plain keys', samples: plain.filter((x) => x.oneWay).map((x) => x.keys) },
        ...(way === 'macros' ? { budget: { op: '<=' as const, value: 3 } } : {}),
        note: 'issue 19 §7; ratio = plain / this',
      },
      { name: `wall ms per decision, ${WAY_WORDS[way]} (first key to durable outbox row)`, unit: 'ms', samples: xs.map((x) => x.wallMs), peer: { name: 'plain keys', samples: plain.map((x) => x.wallMs) }, note: 'ratio = plain / this' },
    );
  }
  for (const r of results)
    log(
      `${WAY_WORDS[r.way]}: keys/decision median ${median(r.decided.map((x) => x.keys))}, one-way median ${median(r.decided.filter((x) => x.oneWay).map((x) => x.keys))} (${r.decided.filter((x) => x.oneWay).length} one-way cases), wall ms/decision median ${median(r.decided.map((x) => x.wallMs)).toFixed(1)}; note characters typed (not counted): ${r.noteChars}`,
    );
  return metrics;
}

/** `rounds` × 50 copies of one case (same parties, address, tracking: all linked), each round's copies due first in its turn. */
function linkedCopies(rounds: number): CaseBundleInput[][] {
  return Array.from({ length: rounds }, (_, round) =>
    Array.from({ length: 50 }, (_, i) => {
      const b = cleanBundleInput();
      b.case.id = `ring50-${round}-${i}`;
      b.case.externalId = `EXT-RING50-${round}-${String(i).padStart(2, '0')}`;
      b.case.priority = 'urgent';
      b.case.dueAt = iso(Date.now() + (round * 50 + i + 1) * 60_000);
      return b;
    }),
  );
}

/** A cluster of 50 held cases decided at once: apply click to the strict commit of all 50 outbox rows, `rounds` times. */
async function cluster50(browser: Browser, rounds: number, log: (s: string) => void): Promise<Metric> {
  const d = await desk(browser, 0, 'cluster50');
  const { page, ws, server } = d;
  try {
    const login = await server.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'admin', password: 'gavel-demo-admin' } });
    const admin = login.json<{ accessToken: string }>().accessToken;
    for (const batch of linkedCopies(rounds)) {
      const r = await server.app.inject({ method: 'POST', url: '/v1/import', headers: { authorization: `Bearer ${admin}` }, payload: batch });
      if (r.statusCode !== 200) throw new Error(`import: ${r.statusCode} ${r.body}`);
    }
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) {
      await page.getByTestId('sync-checkout').click();
      const open = async () => (await ws.idbAll<{ local: string }>('cases')).filter((c) => c.local === 'open').length;
      if ((await settled(page, open, 50, 60_000)) !== 50) throw new Error(`round ${round}: ${await open()} open cases held, not 50`);
      await page.getByTestId('queue-body').focus();
      await ws.press('Home', 'Enter');
      await page.waitForFunction(() => document.querySelector('[data-testid=links]')?.getAttribute('data-state') === 'ready', null, { timeout: 30_000 });
      await ws.press('Shift+L');
      await page.getByTestId('cluster-dialog').waitFor();
      const ticked = await page.locator('[data-testid="cluster-select"]:checked').count();
      if (ticked !== 50) throw new Error(`round ${round}: ${ticked} cases ticked in the cluster view, not 50`);
      await page.getByTestId('cluster-verdict-rejected').click();
      await page.locator('[data-testid=cluster-reason][data-code="INSUFFICIENT_EVIDENCE"]').click();
      await page.locator('[data-testid=cluster-remedy][data-remedy="no_action"]').click();
      await page.getByTestId('cluster-note').fill('同一地址的五十起投诉，证据均不足，统一驳回');
      await page.getByTestId('cluster-apply').click();
      await page.getByTestId('cluster-summary').waitFor({ timeout: 30_000 });
      const done = Number(await page.getByTestId('cluster-summary').getAttribute('data-done'));
      const m = await page.evaluate(() => performance.getEntriesByName('gavel:cluster-durable').at(-1) as PerformanceMeasure | undefined);
      const outbox = (await ws.idbAll<{ type: string }>('outbox')).filter((o) => o.type === 'decide').length;
      if (done !== 50 || !m) throw new Error(`round ${round}: ${done} of 50 recorded`);
      if (outbox < 50) throw new Error(`round ${round}: ${outbox} decide rows in the outbox after the commit, not 50`);
      samples.push(m.duration);
      log(`cluster of 50, round ${round + 1}: ${m.duration.toFixed(0)} ms`);
      await ws.press('Escape');
      await page.waitForFunction(() => document.querySelector('[data-testid=sync-pending]')?.getAttribute('data-count') === '0', null, { timeout: 120_000 });
      await ws.press('Escape');
    }
    return { name: 'cluster decision of 50 cases: apply click to all 50 outbox rows durable', unit: 'ms', samples, budget: { op: '<=', value: 1000 }, budgetOn: 'p95', note: 'issue 19 §7; gavel:cluster-durable (bundles read and re-validated, re-assessed, one strict transaction)' };
  } finally {
    await d.close();
  }
}

export const bench: Bench = {
  name: 'walk',
  description: 'issue 19 §7: the 200-case keyboard walk (plain, macros, macros + clusters) and a 50-case cluster decision',
  async run(ctx) {
    ensureBuilt(root);
    const sections = new Set((process.env.GAVEL_BENCH_SECTIONS ?? 'walk,cluster').split(','));
    const n = Math.max(20, Math.round(200 * ctx.scale));
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const metrics: Metric[] = [];
    try {
      if (sections.has('walk')) {
        // The same demo data for each way; enough that she can hold n after the other queues' share.
        const seed = Math.round(n * 1.5) + 60;
        const results: WayResult[] = [];
        const ways = (process.env.GAVEL_WALK_WAYS ?? 'plain,macros,cluster').split(',') as Way[];
        for (const way of ways) results.push(await walk(browser, way, seed, n, ctx.log));
        metrics.push(...walkMetrics(results, ctx.log));
      }
      if (sections.has('cluster')) metrics.push(await cluster50(browser, ctx.scale < 1 ? 3 : 8, ctx.log));
    } finally {
      await browser.close();
    }
    return metrics;
  },
};
