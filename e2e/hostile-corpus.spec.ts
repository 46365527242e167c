import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { CaseBundleInput } from '../common/domain';
import { cleanBundleInput } from '../testing/fixtures/bundles';
import { startHost, type RunningHost } from '../main/host/host';
import { startServer, type RunningServer } from '../server/start';
import { HOSTILE_CORPUS, POLLUTION_KEYS_JSON } from '../testing/fixtures/hostileCorpus';
import { WorkstationPage } from '../testing/pages/WorkstationPage';

/**
 * The hostile corpus (testing/fixtures/hostileCorpus.ts, 230 XSS and prototype-pollution payloads) goes the
 * whole way a platform's data goes: imported through POST /v1/import into a real server, checked out
 * by the app (pull into Dexie through main), rendered in the queue, every case and every evidence tab.
 * Every payload sits in every array-of-text field (reviews, chat messages, transcript segments,
 * claim excerpts, trace events, spec attributes, media captions and URIs) and in at least one scalar
 * text field (names, shop, addresses, title, complaint text, carrier, product names, external id).
 * Nothing may run: no `window.__pwned`, no dialog, no CSP violation (an injected handler would be
 * blocked but reported), no event-handler attribute or active element in the DOM, and
 * Object.prototype untouched in the renderer and in the server's process.
 *
 * workstation-xss.spec.ts plants strings straight into IndexedDB to test the viewers' highlighting;
 * this spec covers the import → sync → render path and the fields that one does not reach.
 */
const root = path.resolve(import.meta.dirname, '..');
const CASES = 12;
let server: RunningServer;
let host: RunningHost;
let dirs: string[] = [];

const protoFingerprint = () =>
  [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((p) => Object.getOwnPropertyNames(p).sort().join(','))
    .join('|');

/** Case `c` of the corpus: array fields get a slice of the corpus, scalar fields one payload each. */
function hostileBundle(c: number): CaseBundleInput {
  const P = HOSTILE_CORPUS.length;
  const slice = HOSTILE_CORPUS.slice(Math.floor((c * P) / CASES), Math.floor(((c + 1) * P) / CASES));
  let k = c * 20;
  const next = () => HOSTILE_CORPUS[k++ % P]!;
  const b = cleanBundleInput();
  const at = (i: number) => new Date(Date.UTC(2026, 1, 20, 0, i)).toISOString();
  b.case.id = `hostile-${c}`;
  b.case.externalId = `H${c}-${next()}`.slice(0, 128);
  b.case.title = next();
  b.case.complaintText = next();
  const [user, merchant, affiliate] = b.parties;
  user!.displayName = next();
  merchant!.displayName = next();
  merchant!.shopName = next();
  merchant!.phoneMasked = next();
  merchant!.returnAddress = {
    province: '广东省',
    city: '深圳市',
    normalised: next(),
    district: next(),
    line: next(),
  };
  affiliate!.displayName = next();
  const order = b.orders![0]!;
  order.items[0]!.name = next();
  order.shippingAddress = {
    province: '北京市',
    city: '北京市',
    normalised: next(),
    district: next(),
    line: next(),
  };
  const trace = b.traces![0]!;
  trace.carrier = next();
  trace.events = [
    ...trace.events,
    ...slice.map((text, i) => ({
      seq: 100 + i,
      at: '2026-03-03T16:00:00+08:00',
      city: '北京',
      status: 'in_transit' as const,
      description: text,
    })),
  ];
  b.reviews = slice.map((text, i) => ({
    id: `r${i}`,
    orderId: 'o1',
    authorId: 'u1',
    rating: 1 + (i % 5),
    text,
    createdAt: at(i),
  }));
  const session = b.sessions![0]!;
  session.title = next();
  session.segments = slice.map((text, i) => ({ startSec: i * 10, endSec: i * 10 + 9, text }));
  b.excerpts = slice.map((text, i) => ({
    id: `x${i}`,
    source: 'livestream' as const,
    authorId: 'a1',
    text,
    productSku: 's1',
  }));
  const spec = b.specs![0]!;
  spec.name = next();
  spec.category = next();
  spec.attributes = [
    ...(spec.attributes ?? []),
    ...slice.map((text, i) => ({ name: i % 2 ? text : `属性${i}`, value: text, unit: next() })),
  ];
  b.chats = [
    {
      id: 'chat1',
      orderId: 'o1',
      participantIds: ['u1', 'm1'],
      messages: slice.map((text, i) => ({ at: at(i), fromId: i % 2 ? 'm1' : 'u1', text })),
    },
  ];
  b.media = slice.map((text, i) => ({
    id: `m${i}`,
    kind: 'photo' as const,
    purpose: 'review' as const,
    sha256: (c * 1000 + i).toString(16).padStart(64, 'a'),
    mimeType: i % 3 === 0 ? 'text/html' : 'image/png',
    bytes: 10,
    uri: i % 2 ? text : `http://127.0.0.1:9/${encodeURIComponent(text)}`,
    caption: text,
  }));
  return b;
}

test.beforeEach(async ({ browserName: _ }, testInfo) => {
  test.skip(testInfo.project.name !== 'browser', 'imports into a server next to the browser-mode host');
  dirs = [
    mkdtempSync(path.join(os.tmpdir(), 'gavel-hostile-server-')),
    mkdtempSync(path.join(os.tmpdir(), 'gavel-hostile-host-')),
  ];
  server = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: dirs[0]!,
    logger: false,
    demoAccounts: true,
  });
  host = await startHost({
    rendererDir: path.join(root, 'out', 'renderer'),
    bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'),
    dataDir: dirs[1]!,
  });
});

test.afterEach(async () => {
  await host?.close();
  await server?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('230 hostile payloads go import → sync → render and nothing runs or pollutes', async ({ browser }) => {
  test.setTimeout(420_000);
  expect(HOSTILE_CORPUS.length).toBeGreaterThanOrEqual(200);
  const serverProtoBefore = protoFingerprint();

  // ── import, as the platform would ─────────────────────────────────────────
  const login = await fetch(new URL('v1/auth/login', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'gavel-demo-admin' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const bundles = Array.from({ length: CASES }, (_, c) => JSON.stringify(hostileBundle(c)));
  // Two more bundles carry own __proto__ / constructor keys at the top, in the case and in a party.
  const polluted = [CASES, CASES + 1].map((c) => {
    const b = cleanBundleInput();
    b.case.id = `hostile-${c}`;
    b.case.externalId = `H${c}-pollution`;
    return JSON.stringify(b)
      .replace(/^\{/, `{${POLLUTION_KEYS_JSON},`)
      .replace('"case":{', `"case":{${POLLUTION_KEYS_JSON},`)
      .replace('"parties":[{', `"parties":[{${POLLUTION_KEYS_JSON},`);
  });
  const res = await fetch(new URL('v1/import', server.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: `[${[...bundles, ...polluted].join(',')}]`,
  });
  expect(res.status).toBe(200);
  const results = ((await res.json()) as { results: { status: string; issues?: unknown[] }[] }).results;
  expect(
    results.slice(0, CASES).map((r) => r.status),
    JSON.stringify(results.slice(0, CASES)),
  ).toEqual(Array(CASES).fill('created'));
  // Pollution keys are either dropped (the case is created without them) or refused with an issue.
  for (const r of results.slice(CASES)) expect(['created', 'invalid']).toContain(r.status);
  expect(protoFingerprint(), 'server process Object.prototype after import').toBe(serverProtoBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();

  // ── the app: canaries first, then sign in and check the cases out (pull into Dexie) ─────────
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(() => {
    const w = window as unknown as { __violations: string[]; __protoBefore: string };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__violations.push(`${e.effectiveDirective}: ${e.sample || e.blockedURI}`),
    );
    w.__protoBefore = [Object.prototype, Array.prototype, Function.prototype, String.prototype]
      .map((p) => Object.getOwnPropertyNames(p).sort().join(','))
      .join('|');
  });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const ws = new WorkstationPage(page);
  await page.goto(host.url);
  const signedIn = await page.evaluate(async (url) => {
    await window.gavel!.settings.set({ backendUrl: url });
    return window.gavel!.session.login({ username: 'arbitrator1', password: 'gavel-demo-1' });
  }, server.url);
  expect(signedIn).toMatchObject({ ok: true });
  await page.getByTestId('sync-checkout').click();
  const created = results.filter((r) => r.status === 'created').length;
  await expect.poll(async () => (await ws.idbAll('cases')).length, { timeout: 90_000 }).toBe(created);
  await expect(ws.rows()).toHaveCount(created, { timeout: 30_000 });

  /** Active content anywhere in the document: event-handler attributes, script-capable elements, javascript: URLs. */
  const activeContent = () =>
    page.evaluate(() => {
      const found: string[] = [];
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        for (const a of Array.from(el.attributes)) {
          if (/^on/i.test(a.name)) found.push(`<${el.localName} ${a.name}>`);
          if (
            /^\s*(javascript|vbscript|data):/i.test(a.value) &&
            ['href', 'src', 'action', 'formaction', 'data'].includes(a.name)
          )
            found.push(`<${el.localName} ${a.name}=${a.value.slice(0, 40)}>`);
        }
        if (
          [
            'script',
            'iframe',
            'object',
            'embed',
            'base',
            'meta',
            'link',
            'form',
            'math',
            'template',
            'marquee',
            'noscript',
          ].includes(el.localName)
        )
          found.push(`<${el.localName}>`);
      }
      return found;
    });

  // The detectors work: an injected handler is found in the DOM, blocked by the CSP and reported.
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.id = 'detector-probe';
    img.setAttribute('onerror', 'window.__pwned = "probe"');
    img.src = 'x';
    document.body.append(img);
  });
  expect(await activeContent()).toEqual(['<img onerror>']);
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (window as unknown as { __violations: string[] }).__violations.filter((v) =>
            v.startsWith('script-src'),
          ).length,
      ),
    )
    .toBeGreaterThanOrEqual(1);
  await page.evaluate(() => {
    document.getElementById('detector-probe')?.remove();
    (window as unknown as { __violations: string[] }).__violations.length = 0;
  });

  // ── render: the queue, then every case and every evidence tab ─────────────────
  expect(await activeContent(), 'queue').toEqual([]);
  const TABS = ['logistics', 'review', 'livestream', 'chat', 'media', 'history'] as const;
  for (let c = 0; c < CASES + 2; c++) {
    const id = `hostile-${c}`;
    if (!(await ws.idbAll<{ id: string }>('cases')).some((r) => r.id === id)) continue; // a refused pollution bundle
    await page.goto(`${host.origin}/#/queue/case/${encodeURIComponent(id)}`);
    await expect(ws.caseView()).toHaveAttribute('data-case-id', id, { timeout: 20_000 });
    for (const tab of TABS) {
      await page.getByTestId(`tab-${tab}`).click();
      await expect(page.getByTestId(`viewer-${tab}`)).toBeVisible();
      if (tab === 'media') {
        // Reveal every item: captions show, and main is asked for the (hostile) URIs.
        await page.locator('body').focus();
        await ws.press('b');
      }
      expect(await activeContent(), `${id} ${tab}`).toEqual([]);
    }
    if (c < CASES) {
      // The payloads are on screen as text, not swallowed: the chat shows this case's slice literally.
      await page.getByTestId('tab-chat').click();
      const text = await page.locator('#evidence-panel').innerText();
      const sample = hostileBundle(c)
        .chats![0]!.messages[0]!.text.replace(/[\u202e\u200b]/g, '')
        .split('\n')[0]!;
      expect(text).toContain(sample);
    }
  }

  const canaries = await page.evaluate(() => {
    const w = window as unknown as {
      __pwned?: unknown;
      __violations: string[];
      __protoBefore: string;
      polluted?: unknown;
      isAdmin?: unknown;
    };
    const now = [Object.prototype, Array.prototype, Function.prototype, String.prototype]
      .map((p) => Object.getOwnPropertyNames(p).sort().join(','))
      .join('|');
    return {
      pwned: w.__pwned ?? null,
      violations: w.__violations,
      protoChanged: now !== w.__protoBefore,
      polluted: ({} as Record<string, unknown>).polluted ?? null,
      isAdmin: ({} as Record<string, unknown>).isAdmin ?? null,
    };
  });
  expect(canaries).toEqual({
    pwned: null,
    violations: [],
    protoChanged: false,
    polluted: null,
    isAdmin: null,
  });
  expect(dialogs).toEqual([]);
  expect(protoFingerprint(), 'server process Object.prototype after sync').toBe(serverProtoBefore);
  await context.close();
});
