import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { SOCKET_MAX_PAYLOAD, SOCKET_PATH } from '@common/ipc/socket';
import { startServer } from '../../server/start';
import { injectBridge, startHost, type RunningHost } from './host';

/** A fake built renderer, so the host is tested without a build. */
function fakeBuild(): { rendererDir: string; bridgeFile: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gavel-host-'));
  const rendererDir = path.join(dir, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<html><head><script type="module" src="./assets/a.js"></script></head></html>');
  writeFileSync(path.join(rendererDir, 'assets', 'a.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside');
  const bridgeFile = path.join(dir, 'bridge.js');
  writeFileSync(bridgeFile, '/* bridge */');
  return { rendererDir, bridgeFile };
}

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };
function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // Raw http.request: fetch() would refuse to let us forge Host, which is exactly what we test.
    const req = http.request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Send raw bytes (a request no HTTP client would build) and read the status line of the answer. */
function raw(port: number, request: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const done = () => resolve(answer.split('\r\n')[0] ?? '');
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', done);
    socket.on('close', done);
    socket.end(request);
  });
}

function openSocket(host: RunningHost, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${SOCKET_PATH}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, id: number, channel: string, request?: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string; id?: number; result?: unknown };
      if (message.type === 'result' && message.id === id) {
        ws.off('message', onMessage);
        resolve(message.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'invoke', id, channel, request }));
  });
}

describe('browser-mode host', () => {
  let host: RunningHost;
  let cookie = '';
  let origin = '';

  beforeAll(async () => {
    const build = fakeBuild();
    host = await startHost({ ...build, dataDir: mkdtempSync(path.join(os.tmpdir(), 'gavel-data-')) });
    origin = host.origin;
    const entry = await get(host.url);
    expect(entry.status).toBe(200);
    expect(entry.body).toContain('/__gavel/launched.js');
    const setCookie = entry.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    cookie = setCookie.split(';')[0] ?? '';
  });
  afterAll(async () => {
    await host.close();
  });

  it('launch: a one-time token buys a cookie derived from the secret and bound to the port; nothing a history or a process list keeps opens the host (M1, L4)', async () => {
    // The link just used is spent: found again in a history database, it opens nothing.
    const replay = await get(host.url);
    expect(replay.status).toBe(403);
    expect(replay.headers['set-cookie']).toBeUndefined();
    // The cookie carries neither the token nor anything the launch file holds.
    const value = cookie.split('=')[1]!;
    expect(host.url).not.toContain(value);
    const file = readFileSync(host.launchFile, 'utf8');
    expect(file).not.toContain(value);
    expect(statSync(host.launchFile).mode & 0o777).toBe(0o600);
    // The launch file works once, and is then renewed with a new token (it always opens the app).
    const link = /url=([^"]+)"/.exec(file)![1]!;
    const viaFile = await get(link);
    expect(viaFile.status).toBe(200);
    expect(viaFile.headers['set-cookie']?.[0]?.split(';')[0]).toBe(cookie);
    expect((await get(link)).status).toBe(403);
    await new Promise((r) => setTimeout(r, 100));
    const renewed = /url=([^"]+)"/.exec(readFileSync(host.launchFile, 'utf8'))![1]!;
    expect(renewed).not.toBe(link);
    expect((await get(renewed)).status).toBe(200);
    // A fresh link per browser context.
    expect((await get(host.launchUrl())).status).toBe(200);
    // The old way (the secret in ?s=) opens nothing, and no launch redirects anywhere (L4).
    for (const target of ['/?s=anything', '/.//evil.example/x?s=anything', '//evil.example/x', '/__gavel/launch?t=/.//evil.example']) {
      const res = await get(`${origin}${target}`);
      expect([400, 403, 404], target).toContain(res.status);
      expect(res.headers.location, target).toBeUndefined();
    }
    // Bound to the port: another host's cookie (another launch, another port) does not open this one.
    const other = await startHost({ ...fakeBuild(), dataDir: mkdtempSync(path.join(os.tmpdir(), 'gavel-data-')) });
    try {
      const theirs = ((await get(other.url)).headers['set-cookie']?.[0] ?? '').split(';')[0]!;
      const forged = `${cookie.split('=')[0]}=${theirs.split('=')[1]}`;
      expect((await get(`${origin}/`, { cookie: forged })).status).toBe(403);
      await expect(openSocket(host, { cookie: forged, origin })).rejects.toThrow(/401/);
    } finally {
      await other.close();
    }
    expect(existsSync(other.launchFile)).toBe(false);
  });

  it('refuses a non-loopback bind', async () => {
    await expect(startHost({ ...fakeBuild(), host: '0.0.0.0', dataDir: os.tmpdir() })).rejects.toThrow(/loopback/);
  });

  it('serves the app only with the session cookie, with the CSP header and the bridge injected', async () => {
    expect((await get(`${origin}/`)).status).toBe(403);
    expect((await get(`${origin}/?s=wrong`)).status).toBe(403);
    const page = await get(`${origin}/`, { cookie });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.body.indexOf('/__gavel/bridge.js')).toBeLessThan(page.body.indexOf('./assets/a.js'));
    expect((await get(`${origin}/__gavel/bridge.js`, { cookie })).body).toBe('/* bridge */');
  });

  it('refuses foreign Host and Origin headers even with the cookie', async () => {
    expect((await get(`${origin}/`, { cookie, host: 'evil.example' })).status).toBe(421);
    expect((await get(`${origin}/`, { cookie, origin: 'https://evil.example' })).status).toBe(403);
  });

  it('does not serve files outside the renderer', async () => {
    expect((await get(`${origin}/../secret.txt`, { cookie })).status).toBe(404);
    expect((await get(`${origin}/%2e%2e/secret.txt`, { cookie })).status).toBe(404);
    expect((await get(`${origin}/..%2fsecret.txt`, { cookie })).status).toBe(404);
  });

  it('refuses WebSocket upgrades without the cookie or from another origin', async () => {
    await expect(openSocket(host, { origin })).rejects.toThrow(/401/);
    await expect(openSocket(host, { cookie, origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await expect(openSocket(host, { cookie })).rejects.toThrow(/403/); // no Origin: not a browser page of ours
  });

  it('carries the IPC contract through the same router', async () => {
    const ws = await openSocket(host, { cookie, origin });
    expect(await call(ws, 1, 'app:ping', { nonce: 'hello' })).toMatchObject({ ok: true, data: { pong: 'hello' } });
    expect(await call(ws, 2, 'app:info')).toMatchObject({ ok: true, data: { mode: 'browser' } });
    expect(await call(ws, 3, 'settings:set', { locale: 'xx' })).toMatchObject({ ok: false, error: { code: 'invalid_args', field: 'locale' } });
    expect(await call(ws, 4, 'app:shell', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    const changed = new Promise((resolve) =>
      ws.on('message', (data: Buffer) => {
        const m = JSON.parse(data.toString()) as { type: string; event?: string; payload?: unknown };
        if (m.type === 'event' && m.event === 'settings:changed') resolve(m.payload);
      }),
    );
    expect(await call(ws, 5, 'settings:set', { theme: 'dark' })).toMatchObject({ ok: true, data: { theme: 'dark' } });
    expect(await changed).toMatchObject({ theme: 'dark' });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1008);
  });

  it('answers hostile request targets with 400 and stays up (a `//` once killed the host)', async () => {
    const hostHeader = `127.0.0.1:${host.port}`;
    const upgrade = (target: string, h = hostHeader) =>
      `GET ${target} HTTP/1.1\r\nHost: ${h}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`;
    // No secret, no cookie: the request target alone used to throw before any check ran.
    expect(await raw(host.port, `GET // HTTP/1.1\r\nHost: ${hostHeader}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 403/);
    expect(await raw(host.port, `GET // HTTP/1.1\r\nHost: ${hostHeader}\r\nCookie: ${cookie}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 404/);
    expect(await raw(host.port, `GET //?s=x HTTP/1.1\r\nHost: ${hostHeader}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 403/);
    // Only origin-form targets are ours: absolute-form and asterisk-form are refused, never parsed.
    expect(await raw(host.port, `GET http://[::1 HTTP/1.1\r\nHost: ${hostHeader}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw(host.port, `GET * HTTP/1.1\r\nHost: ${hostHeader}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw(host.port, upgrade('//', 'evil.example'))).toMatch(/^HTTP\/1\.1 421/);
    expect(await raw(host.port, upgrade('//'))).toMatch(/^HTTP\/1\.1 404/);
    // An <img src="http://127.0.0.1:PORT//"> from any web page sends exactly this.
    expect(await raw(host.port, `GET // HTTP/1.1\r\nHost: ${hostHeader}\r\nOrigin: https://evil.example\r\n\r\n`)).toMatch(/^HTTP\/1\.1 403/);
    expect((await get(`${origin}/`, { cookie })).status).toBe(200);
  });

  it('survives fuzzed request lines and headers', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    const hostHeader = `127.0.0.1:${host.port}`;
    const token = fc.string({ unit: fc.constantFrom(...'/\\.%:@?#[]!$&*+,;= -_~aZ09\u00ff\t'.split('')), maxLength: 24 });
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('GET', 'HEAD', 'POST', 'OPTIONS', 'G\u0000T', ''),
          fc.tuple(fc.constantFrom('/', '//', '///', '/./', '*', 'http://', ''), token).map(([a, b]) => a + b),
          fc.constantFrom(hostHeader, 'localhost', '', 'evil.example', hostHeader.repeat(50)),
          fc.array(fc.tuple(fc.constantFrom('Origin', 'Cookie', 'Upgrade', 'Connection', 'X-A', 'Transfer-Encoding', 'Content-Length'), token), { maxLength: 4 }),
          fc.boolean(),
          async (method, target, hostValue, headers, withCookie) => {
            const lines = [`${method} ${target} HTTP/1.1`, `Host: ${hostValue}`, ...headers.map(([k, v]) => `${k}: ${v}`)];
            if (withCookie) lines.push(`Cookie: ${cookie}`);
            const status = await raw(host.port, `${lines.join('\r\n')}\r\n\r\n`);
            // Every request gets an answer (Node's parser answers 400 to what it cannot read), never a
            // 5xx, and the process stays up.
            expect(status).toMatch(/^HTTP\/1\.1 [1-4]\d\d/);
          },
        ),
        { numRuns: 150, seed: 20261206 },
      );
      expect((await get(`${origin}/`, { cookie })).status).toBe(200);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('closes a socket that sends an oversized frame and stays up (found by the chaos fuzzer)', async () => {
    // ws reports a frame over maxPayload as an 'error' on the server-side socket; without a listener
    // that error was thrown as an uncaught exception, which kills the host process.
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const ws = await openSocket(host, { cookie, origin });
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      ws.send('x'.repeat(SOCKET_MAX_PAYLOAD + 1));
      expect(await closed).toBe(1009);
      const again = await openSocket(host, { cookie, origin });
      expect(await call(again, 1, 'app:ping', { nonce: 'still here' })).toMatchObject({ ok: true, data: { pong: 'still here' } });
      again.close();
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});

describe('injectBridge', () => {
  it('puts the bridge before the first script, or at the end of head', () => {
    expect(injectBridge('<head><script src="a"></script></head>')).toMatch(/bridge\.js"><\/script>\s*<script src="a">/);
    expect(injectBridge('<head><title>x</title></head>')).toMatch(/bridge\.js"><\/script>\s*<\/head>/);
  });
});

describe('browser-mode host: evidence media', () => {
  it('caches media through IPC and serves it same-origin, sandboxed, never as a page', async () => {
    const { createHash } = await import('node:crypto');
    const png = Buffer.from('89504e470d0a1a0a0000', 'hex');
    const html = Buffer.from('<script>parent.pwned = 1</script>');
    const backend = await startServer({ host: '127.0.0.1', port: 0, dataDir: null, logger: false, demoAccounts: true });
    // The configured backend's origin serves the media (only it, and allow-listed public hosts, may:
    // L3); everything else it passes on to the real server, so signing in works through it.
    const store = http.createServer((req, res) => {
      if (req.url === '/a.png' || req.url === '/x.html') {
        res.end(req.url === '/a.png' ? png : html);
        return;
      }
      const upstream = http.request(`${backend.url}${req.url ?? '/'}`, { method: req.method, headers: { ...req.headers, host: new URL(backend.url).host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((r) => store.listen(0, '127.0.0.1', () => r()));
    const storeUrl = `http://127.0.0.1:${(store.address() as { port: number }).port}`;
    const host = await startHost({ ...fakeBuild(), dataDir: mkdtempSync(path.join(os.tmpdir(), 'gavel-data-')) });
    try {
      const cookie = ((await get(host.url)).headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
      const ws = await openSocket(host, { cookie, origin: host.origin });
      const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
      // Each (backend, account) pair keeps its own media: signed out, there is none to fetch.
      expect(await call(ws, 10, 'media:get', { sha256: sha(png), uri: `${storeUrl}/a.png`, mimeType: 'image/png', bytes: png.length })).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
      expect(await call(ws, 11, 'settings:set', { backendUrl: storeUrl })).toMatchObject({ ok: true });
      expect(await call(ws, 12, 'session:login', { username: 'arbitrator1', password: 'gavel-demo-1' })).toMatchObject({ ok: true });
      // Another loopback origin is refused: only the backend the user configured may be on one (L3).
      const refused = await call(ws, 14, 'media:get', { sha256: sha(png), uri: `${backend.url}/a.png`, mimeType: 'image/png', bytes: png.length });
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden_host' } });
      const img = await call(ws, 1, 'media:get', { sha256: sha(png), uri: `${storeUrl}/a.png`, mimeType: 'image/png', bytes: png.length });
      expect(img).toEqual({ ok: true, data: { url: `/__gavel/media/${sha(png)}`, mimeType: 'image/png', bytes: png.length } });
      // A party labels an HTML file as "text/html": it must never render in the app's origin.
      const page = await call(ws, 2, 'media:get', { sha256: sha(html), uri: `${storeUrl}/x.html`, mimeType: 'text/html', bytes: html.length });
      expect(page).toMatchObject({ ok: true });
      const bad = await call(ws, 3, 'media:get', { sha256: 'nothex', uri: `${storeUrl}/a.png`, mimeType: 'image/png', bytes: 1 });
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_args', field: 'sha256' } });
      ws.close();

      const served = await get(`${host.origin}/__gavel/media/${sha(png)}`, { cookie });
      expect(served.status).toBe(200);
      expect(served.headers['content-type']).toBe('image/png');
      expect(served.headers['x-content-type-options']).toBe('nosniff');
      expect(served.headers['content-security-policy']).toContain('sandbox');
      const hostile = await get(`${host.origin}/__gavel/media/${sha(html)}`, { cookie });
      expect(hostile.headers['content-type']).toBe('application/octet-stream');
      expect(hostile.headers['content-disposition']).toBe('attachment');
      expect((await get(`${host.origin}/__gavel/media/${sha(png)}`)).status).toBe(403);
      expect((await get(`${host.origin}/__gavel/media/${'0'.repeat(64)}`, { cookie })).status).toBe(404);
      // Another account signs in: what the first one fetched is not served to it, even by hash.
      const ws2 = await openSocket(host, { cookie, origin: host.origin });
      expect(await call(ws2, 13, 'session:login', { username: 'arbitrator2', password: 'gavel-demo-2' })).toMatchObject({ ok: true });
      ws2.close();
      expect((await get(`${host.origin}/__gavel/media/${sha(png)}`, { cookie })).status).toBe(404);
    } finally {
      await host.close();
      await backend.close();
      store.close();
    }
  });
});
