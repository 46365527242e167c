import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { WebSocket } from 'ws';
import { LOCAL_CHANNELS } from '@common/ipc/channels';
import { expect, test } from '../testing/appFixture';
import { AppShellPage } from '../testing/pages/AppShellPage';

/** A server on another origin that would happily answer (CORS *), to prove it is the app that refuses. */
async function bystander(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/html' });
    res.end('<h1>elsewhere</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Proving that something did NOT happen needs a moment for it to have happened; a round trip through the
 * app (a ping to main) is that moment, after which the page must still be ours.
 */
async function settle(app: { page: Page }): Promise<void> {
  await app.page.waitForLoadState();
  await expect
    .poll(() => app.page.evaluate(async () => (await window.gavel!.app.ping({ nonce: 'settle' })).ok))
    .toBe(true);
}

test.describe('security baseline', () => {
  test('window.open is refused', async ({ app }) => {
    await new AppShellPage(app.page).ready();
    const remote = await bystander();
    try {
      const opened = await app.page.evaluate((url) => window.open(url) !== null, remote.url);
      expect(opened).toBe(false);
      await settle(app);
      expect(app.openPages()).toHaveLength(1);
      expect(remote.hits()).toBe(0);
    } finally {
      await remote.close();
    }
  });

  test('navigating the app page away is refused', async ({ app }) => {
    const shell = new AppShellPage(app.page);
    await shell.ready();
    const remote = await bystander();
    try {
      await app.page.evaluate((url) => {
        window.location.href = url;
      }, remote.url);
      await settle(app);
      // A link the user clicks is refused the same way.
      await app.page.evaluate((url) => {
        const a = document.createElement('a');
        a.href = url;
        a.textContent = 'away';
        document.body.append(a);
        a.click();
      }, remote.url);
      await settle(app);
      expect(new URL(app.page.url()).origin === app.origin || app.page.url().startsWith(app.origin)).toBe(true);
      await expect(shell.appName).toBeVisible();
      expect(remote.hits()).toBe(0);
    } finally {
      await remote.close();
    }
  });

  test('the page can save a file it made (blob:), but not download from another origin', async ({ app }) => {
    // Browser mode's CSP sandbox carries allow-downloads for the QA exports; Electron would open a
    // save dialog instead, which a test cannot answer.
    test.skip(app.mode !== 'browser', 'downloads are checked in browser mode');
    await new AppShellPage(app.page).ready();
    const remote = await bystander();
    try {
      const saved = app.page.waitForEvent('download');
      await app.page.evaluate(() => {
        const a = document.createElement('a');
        a.href = URL.createObjectURL(new Blob(['a,b\r\n'], { type: 'text/csv' }));
        a.download = 'export.csv';
        document.body.append(a);
        a.click();
        a.remove();
      });
      expect((await saved).suggestedFilename()).toBe('export.csv');

      let foreign = 0;
      app.page.on('download', () => foreign++);
      await app.page.evaluate((url) => {
        const a = document.createElement('a');
        a.href = url;
        a.download = 'elsewhere.html';
        document.body.append(a);
        a.click();
        a.remove();
      }, remote.url);
      await settle(app);
      expect(foreign).toBe(0);
      expect(remote.hits()).toBe(0);
    } finally {
      await remote.close();
    }
  });

  test('a remote fetch from the page is refused by the CSP', async ({ app }) => {
    await new AppShellPage(app.page).ready();
    const remote = await bystander();
    try {
      const outcome = await app.page.evaluate(async (url) => {
        const violation = new Promise<string>((resolve) =>
          document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true }),
        );
        try {
          await fetch(url);
          return { fetched: true, directive: '' };
        } catch {
          return { fetched: false, directive: await violation };
        }
      }, remote.url);
      expect(outcome).toEqual({ fetched: false, directive: 'connect-src' });
      expect(remote.hits()).toBe(0);
    } finally {
      await remote.close();
    }
  });

  test('a WebSocket or an image to another origin is refused by the CSP too', async ({ app }) => {
    await new AppShellPage(app.page).ready();
    const remote = await bystander();
    try {
      const outcome = await app.page.evaluate(async (url) => {
        const directives: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) => directives.push(e.effectiveDirective));
        const socketOpened = await new Promise<boolean>((resolve) => {
          try {
            const ws = new WebSocket(url.replace(/^http/, 'ws'));
            ws.onopen = () => resolve(true);
            ws.onerror = () => resolve(false);
          } catch {
            resolve(false); // Chromium may throw synchronously for a CSP-blocked socket
          }
        });
        const imageLoaded = await new Promise<boolean>((resolve) => {
          const img = new Image();
          img.onload = () => resolve(true);
          img.onerror = () => resolve(false);
          img.src = `${url}pixel.png`;
        });
        // Violation events are dispatched asynchronously; give them a turn.
        await new Promise((r) => setTimeout(r, 50));
        return { socketOpened, imageLoaded, directives: [...new Set(directives)].sort() };
      }, remote.url);
      expect(outcome).toEqual({ socketOpened: false, imageLoaded: false, directives: ['connect-src', 'img-src'] });
      expect(remote.hits()).toBe(0);
    } finally {
      await remote.close();
    }
  });

  test('the page has no require, process or raw IPC', async ({ app }) => {
    await new AppShellPage(app.page).ready();
    const globals = await app.page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return {
        require: typeof w.require,
        process: typeof w.process,
        module: typeof w.module,
        Buffer: typeof w.Buffer,
        ipcRenderer: typeof w.ipcRenderer,
        gavelKeys: Object.keys(window.gavel ?? {}).sort(),
      };
    });
    expect(globals).toEqual({
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      Buffer: 'undefined',
      ipcRenderer: 'undefined',
      // Exactly the contract's areas plus `mode` and `on`: nothing else leaks onto window.gavel.
      gavelKeys: [...new Set(LOCAL_CHANNELS.map((c) => c.split(':')[0]!)), 'mode', 'relay', 'on'].sort(),
    });
  });

  test('the launch file signs a new browser in; a spent launch link, found later in a history, does not', async ({ app }, testInfo) => {
    testInfo.skip(app.mode !== 'browser', 'launch links exist only in browser mode');
    const host = app.host!;
    await new AppShellPage(app.page).ready();
    const spent = app.page.url().startsWith(host.origin) ? host.url : '';
    const context = await app.page.context().browser()!.newContext();
    try {
      // What the CLI hands to xdg-open: a file only this user can read, never a secret on a command line.
      const page = await context.newPage();
      await page.goto(pathToFileURL(host.launchFile).href, { waitUntil: 'commit' });
      await page.waitForURL(`${host.origin}/`);
      await new AppShellPage(page).ready();
      expect(await page.evaluate(async () => (await window.gavel!.app.ping({ nonce: 'in' })).ok)).toBe(true);
      // The address bar and the tab's history hold no token: the launch page replaced itself.
      expect(page.url()).toBe(`${host.origin}/`);
      // Another profile replaying the link the fixture opened the app with gets nothing.
      const other = await app.page.context().browser()!.newContext();
      try {
        const thief = await other.newPage();
        expect((await thief.goto(spent))?.status()).toBe(403);
        expect((await thief.goto(`${host.origin}/`))?.status()).toBe(403);
      } finally {
        await other.close();
      }
    } finally {
      await context.close();
    }
  });

  test('the host WebSocket refuses connections without the launch secret', async ({ app }, testInfo) => {
    testInfo.skip(app.mode !== 'browser', 'the WebSocket exists only in browser mode');
    const host = app.host!;
    const wsUrl = `ws://127.0.0.1:${host.port}/__gavel/ipc`;
    const attempt = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(wsUrl, { headers });
        ws.once('open', () => {
          ws.close();
          resolve(101);
        });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('error', () => resolve(0));
      });
    expect(await attempt({ origin: host.origin })).toBe(401);
    expect(await attempt({ origin: host.origin, cookie: 'gavel_session_1=guess' })).toBe(401);

    // A fresh browser profile (no cookie) gets neither the page nor the socket.
    const context = await app.page.context().browser()!.newContext();
    try {
      const stranger = await context.newPage();
      const response = await stranger.goto(`${host.origin}/`);
      expect(response?.status()).toBe(403);
      const opened = await stranger.evaluate(
        (url) =>
          new Promise<boolean>((resolve) => {
            const ws = new WebSocket(url);
            ws.onopen = () => resolve(true);
            ws.onerror = () => resolve(false);
          }),
        wsUrl,
      );
      expect(opened).toBe(false);
    } finally {
      await context.close();
    }
  });
});
