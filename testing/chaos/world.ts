/**
 * The system under chaos, assembled once per scenario from real parts: the backend process (PGlite on
 * disk), the browser-mode host process (main's services), a fault proxy between them, and the built
 * renderer in the system Chromium. The runner plays the platform (imports cases) and the arbitrator's
 * other workstation (claims them), then watches the app sync under faults and checks the outcome on
 * both sides.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { CaseView, DecisionEvent } from '@common/api';
import { SeededRandom } from '@common/qa/stats';
import { cleanBundleInput } from '../fixtures/bundles';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureBuilt } from '../chromium';
import type { ChaosDriver, LocalCase, LocalDecision } from './page/driver';
import { freePort, ROOT, startHostProcess, startServerProcess, type Proc } from './processes';
import { startFaultProxy, type FaultProxy } from './proxy';

export const USER = { username: 'arbitrator1', password: 'gavel-demo-1' };
const ADMIN = { username: 'admin', password: 'gavel-demo-admin' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A caller of the backend's HTTP API that signs in again when a restart or rotation cost it its token. */
export class Api {
  private token: string | null = null;
  constructor(
    private readonly base: () => string,
    private readonly creds: { username: string; password: string },
  ) {}
  async call<T>(
    method: 'GET' | 'POST',
    route: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<{ status: number; json: T }> {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        this.token ??= await this.login();
        const res = await fetch(new URL(route, this.base()), {
          method,
          headers: {
            authorization: `Bearer ${this.token}`,
            ...(body === undefined ? {} : { 'content-type': contentType }),
          },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        });
        if (res.status === 401) {
          this.token = null;
          continue;
        }
        return { status: res.status, json: (await res.json()) as T };
      } catch {
        await sleep(250); // the backend is restarting
      }
    }
    throw new Error(`${method} ${route}: the backend did not answer`);
  }
  private async login(): Promise<string> {
    const res = await fetch(new URL('v1/auth/login', this.base()), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(this.creds),
    });
    if (!res.ok) throw new Error(`login ${this.creds.username}: HTTP ${res.status}`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  }
}

export type WorldOptions = { log: (m: string) => void };
/** The page after page/driver.ts ran (evaluated through CDP, so the app's CSP stays on). */
type Driven = { __chaosDriver: ChaosDriver };
export type Snapshot = {
  cases: (LocalCase | null)[];
  decisions: LocalDecision[];
  outbox: number;
  conflicts: number;
};

let driverSource: Promise<string> | null = null;
/** The renderer's own Dexie code (src/data), bundled for evaluation in the page; see page/driver.ts. */
function pageDriverSource(): Promise<string> {
  driverSource ??= build({
    entryPoints: [path.join(ROOT, 'testing', 'chaos', 'page', 'driver.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    minify: true,
    platform: 'browser',
    target: 'es2022',
    tsconfig: path.join(ROOT, 'tsconfig.web.json'),
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  return driverSource;
}

export class World {
  server!: Proc;
  host!: Proc;
  proxy!: FaultProxy;
  browser!: Browser;
  context!: BrowserContext;
  page!: Page;
  admin!: Api;
  arbitrator!: Api;
  userId = '';
  serverPort = 0;
  hostPort = 0;
  readonly serverDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-chaos-server-'));
  hostDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-chaos-host-'));
  private eventsCursor: string | undefined;
  private batch = 0;
  /** Renderer clock offset (ms) applied to new browser contexts; see setRendererSkew. */
  private rendererSkewMs = 0;
  private hostSkewMs = 0;

  /** The trial's seed; every fault decision of the trial is drawn from `rng`, so the seed replays it. */
  seed = 1;
  rng = new SeededRandom(1);

  constructor(private readonly o: WorldOptions) {}

  /** Called per trial, so each trial's faults replay from its own seed. */
  reseed(seed: number): void {
    this.seed = seed;
    this.rng = new SeededRandom(seed);
  }

  get serverUrl(): string {
    return `http://127.0.0.1:${this.serverPort}/`;
  }

  async start(): Promise<void> {
    ensureBuilt(ROOT);
    this.serverPort = await freePort();
    this.server = await startServerProcess(this.serverPort, this.serverDir);
    this.admin = new Api(() => this.serverUrl, ADMIN);
    this.arbitrator = new Api(() => this.serverUrl, USER);
    this.userId = (await this.arbitrator.call<{ id: string }>('GET', 'v1/me')).json.id;
    this.eventsCursor = (await this.events()).cursor;
    this.proxy = await startFaultProxy(this.serverUrl, () => this.rng.next());
    this.browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    await this.openApp(true);
  }

  /** A fresh host data folder and browser profile (a new workstation) with the given clock offsets. */
  async newWorkstation(skew: { rendererMs?: number; hostMs?: number } = {}): Promise<void> {
    await this.host?.kill();
    await this.context?.close();
    rmSync(this.hostDir, { recursive: true, force: true });
    this.hostDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-chaos-host-'));
    this.rendererSkewMs = skew.rendererMs ?? 0;
    this.hostSkewMs = skew.hostMs ?? 0;
    await this.openApp(true);
  }

  private async openApp(fresh: boolean): Promise<void> {
    this.hostPort ||= await freePort();
    if (fresh) this.hostPort = await freePort();
    this.host = await startHostProcess(this.hostPort, this.hostDir, this.hostSkewMs);
    if (fresh) {
      this.context = await this.browser.newContext({ viewport: { width: 1280, height: 800 } });
      if (this.rendererSkewMs) {
        // The renderer's wall clock is off by this much (Date only; timers stay monotonic).
        await this.context.addInitScript((skewMs: number) => {
          const RealDate = Date;
          const realNow = RealDate.now.bind(RealDate);
          class SkewedDate extends RealDate {
            constructor(...args: ConstructorParameters<typeof Date> | []) {
              if (args.length === 0) super(realNow() + skewMs);
              else super(...args);
            }
            static override now(): number {
              return realNow() + skewMs;
            }
          }
          (globalThis as { Date: DateConstructor }).Date = SkewedDate as DateConstructor;
        }, this.rendererSkewMs);
      }
      this.page = await this.context.newPage();
    }
    await this.page.goto(this.host.url);
    await this.page.waitForFunction(() => typeof window.gavel !== 'undefined');
    if (fresh) {
      const signedIn = await this.page.evaluate(
        async ({ url, user }) => {
          await window.gavel!.settings.set({ backendUrl: url });
          return window.gavel!.session.login(user);
        },
        { url: this.proxy.url, user: USER },
      );
      if (!signedIn.ok) throw new Error(`the app could not sign in: ${JSON.stringify(signedIn)}`);
    }
    await this.page.getByTestId('sync-now').waitFor({ timeout: 60_000 });
    await this.page.evaluate(await pageDriverSource());
  }

  // ── faults ────────────────────────────────────────────────────────────────
  async killHost(): Promise<void> {
    await this.host.kill();
  }
  /** Restart the host on the same port and data folder (same origin: the browser keeps its IndexedDB). */
  async restartHost(): Promise<void> {
    await this.openApp(false);
  }
  async killServer(): Promise<void> {
    await this.server.kill();
  }
  async stopServer(): Promise<void> {
    await this.server.stop();
  }
  async restartServer(): Promise<void> {
    this.server = await startServerProcess(this.serverPort, this.serverDir);
  }

  // ── the platform and the other workstation ───────────────────────────────
  /** Imports `n` fresh cases and claims them for the arbitrator; returns their ids. */
  async newCases(n: number): Promise<string[]> {
    const tag = `b${++this.batch}-${Date.now().toString(36)}`;
    const bundles = Array.from({ length: n }, (_, i) => {
      const b = cleanBundleInput();
      b.case.id = `chaos-${tag}-${i}`;
      b.case.externalId = `CHAOS-${tag}-${i}`;
      return b;
    });
    const imported = await this.admin.call<{ results: { status: string }[] }>('POST', 'v1/import', bundles);
    if (imported.status !== 200 || imported.json.results.some((r) => r.status !== 'created')) {
      throw new Error(`import failed: ${JSON.stringify(imported.json).slice(0, 500)}`);
    }
    const ids: string[] = [];
    while (ids.length < n) {
      const claimed = await this.arbitrator.call<{ cases: CaseView[] }>('POST', 'v1/claims', {
        count: Math.min(200, n - ids.length),
        mode: 'online',
      });
      if (claimed.status !== 200 || claimed.json.cases.length === 0)
        throw new Error(`claim failed: ${JSON.stringify(claimed.json).slice(0, 300)}`);
      ids.push(...claimed.json.cases.map((c) => c.id));
    }
    return ids;
  }

  // ── the app ─────────────────────────────────────────────────────────────
  /** Press "Sync now" in the status bar (a disabled button, i.e. a sync already running, ignores it). */
  async pressSyncNow(): Promise<void> {
    await this.page
      .evaluate(() => document.querySelector<HTMLButtonElement>('[data-testid="sync-now"]')?.click())
      .catch(() => undefined);
  }

  /** Waits until the app has pulled these cases (pressing Sync now while it waits). */
  async waitForCases(ids: string[], timeoutMs = 120_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (
        (await this.page.evaluate((a) => (window as unknown as Driven).__chaosDriver.present(a), ids)) ===
        ids.length
      )
        return;
      await this.pressSyncNow();
      await sleep(500);
    }
    throw new Error(`the app did not pull ${ids.length} claimed cases within ${timeoutMs} ms`);
  }

  decide(ids: string[], prefix: string): Promise<string[]> {
    return this.page.evaluate(
      (a) => (window as unknown as Driven).__chaosDriver.decide(a.ids, a.user, a.prefix),
      { ids, user: this.userId, prefix },
    );
  }

  snapshot(ids: string[]): Promise<Snapshot> {
    return this.page.evaluate((a) => (window as unknown as Driven).__chaosDriver.snapshot(a), ids);
  }

  /** Until the outbox is empty and every decision is applied (pressing Sync now every 2 s), or the timeout. */
  async converge(ids: string[], timeoutMs: number): Promise<{ ms: number; snapshot: Snapshot }> {
    const started = Date.now();
    let last: Snapshot | null = null;
    let pressed = 0;
    while (Date.now() - started < timeoutMs) {
      try {
        last = await this.snapshot(ids);
        const settled =
          last.outbox === 0 &&
          last.decisions.length === ids.length &&
          last.decisions.every((d) => d.state !== 'pending') &&
          last.cases.every((c) => c?.local !== 'pending');
        if (settled) return { ms: Date.now() - started, snapshot: last };
      } catch {
        // the page is navigating (host restart); try again
      }
      if (Date.now() - pressed > 2000) {
        pressed = Date.now();
        await this.pressSyncNow();
      }
      await sleep(250);
    }
    throw new Error(
      `not converged after ${timeoutMs} ms: outbox ${last?.outbox}, decisions ${JSON.stringify(last?.decisions.filter((d) => d.state !== 'applied').slice(0, 3))}`,
    );
  }

  // ── checks ────────────────────────────────────────────────────────────
  private async events(cursor?: string): Promise<{ events: DecisionEvent[]; cursor: string }> {
    const all: DecisionEvent[] = [];
    for (let page = 0; page < 1000; page++) {
      const q = cursor ? `?limit=1000&cursor=${encodeURIComponent(cursor)}` : '?limit=1000';
      const res = await this.admin.call<{ events: DecisionEvent[]; cursor: string; hasMore: boolean }>(
        'GET',
        `v1/events${q}`,
      );
      if (res.status !== 200) throw new Error(`events: HTTP ${res.status}`);
      all.push(...res.json.events);
      cursor = res.json.cursor;
      if (!res.json.hasMore) break;
    }
    return { events: all, cursor: cursor ?? '' };
  }

  /**
   * The promise: every decision is on the server exactly once (one `decided` event per case, carrying
   * our mutation id, and no decided event for anything else), the browser's Dexie agrees with the
   * server (status and version of each case), and nothing is pending (outbox empty, status bar 0).
   */
  async verify(ids: string[], mutationIds: string[], expectConflicts = 0): Promise<string[]> {
    const problems: string[] = [];
    const want = new Map(ids.map((id, i) => [id, mutationIds[i]!]));
    // Decided events become visible once their transaction is older than every open one; poll briefly.
    let decided: DecisionEvent[] = [];
    let cursor = this.eventsCursor;
    for (let i = 0; i < 40; i++) {
      const page = await this.events(cursor);
      cursor = page.cursor;
      decided.push(...page.events.filter((e) => e.type === 'decided'));
      if (ids.every((id) => decided.some((e) => e.caseId === id))) break;
      await sleep(250);
    }
    this.eventsCursor = cursor;
    decided = decided.filter((e) => e.type === 'decided');
    for (const [caseId, mutationId] of want) {
      const mine = decided.filter((e) => e.caseId === caseId);
      if (mine.length !== 1) problems.push(`${caseId}: ${mine.length} decided events on the server`);
      else if (mine[0]!.decision?.mutationId !== mutationId)
        problems.push(`${caseId}: decided by ${mine[0]!.decision?.mutationId}, expected ${mutationId}`);
    }
    const strangers = decided.filter((e) => !want.has(e.caseId));
    if (strangers.length)
      problems.push(`${strangers.length} decided events for cases this trial did not decide`);

    const local = await this.snapshot(ids);
    if (local.outbox !== 0) problems.push(`outbox holds ${local.outbox}`);
    if (local.conflicts !== expectConflicts)
      problems.push(`${local.conflicts} conflicts in the browser (expected ${expectConflicts})`);
    const pendingShown = await this.page
      .getByTestId('sync-pending')
      .getAttribute('data-count')
      .catch(() => null);
    if (pendingShown !== '0') problems.push(`status bar shows ${pendingShown} pending`);
    for (const d of local.decisions)
      if (d.state !== 'applied') problems.push(`${d.caseId}: local decision ${d.state}`);
    if (local.decisions.length !== ids.length)
      problems.push(`${local.decisions.length} local decisions for ${ids.length} cases`);
    // Dexie vs server, case by case (10 requests at a time).
    for (let i = 0; i < ids.length; i += 10) {
      const views = await Promise.all(
        ids
          .slice(i, i + 10)
          .map((id) => this.admin.call<CaseView>('GET', `v1/cases/${encodeURIComponent(id)}`)),
      );
      for (const [j, v] of views.entries()) {
        const mine = local.cases[i + j];
        if (!mine) problems.push(`${ids[i + j]}: missing in the browser`);
        else if (
          mine.status !== v.json.status ||
          mine.version !== v.json.version ||
          mine.local !== 'synced'
        ) {
          problems.push(
            `${mine.id}: browser ${mine.status}/v${mine.version}/${mine.local}, server ${v.json.status}/v${v.json.version}`,
          );
        }
      }
    }
    return problems;
  }

  async close(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    await this.host?.kill();
    await this.proxy?.close();
    await this.server?.stop(5000);
    for (const d of [this.serverDir, this.hostDir]) rmSync(d, { recursive: true, force: true });
    this.o.log('world closed');
  }
}
