import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MediaCache } from './mediaCache';
import { guardedLookup, isPublicAddress, type MediaPolicy } from './mediaPolicy';

/** A real loopback HTTP server stands in for the platform's media store. */
const bodies = new Map<string, Buffer>();
let hits = 0;
let base = '';
let server: http.Server;
let dir: string;
/** The test store is allowed exactly as main allows the embedded backend: its own origin, explicitly. */
const store = (): Promise<MediaPolicy> => Promise.resolve({ hosts: [], origins: [base] });
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits++;
    if (req.url === '/redirect') return void res.writeHead(302, { location: `${base}/a` }).end();
    const body = bodies.get(req.url ?? '');
    if (body) res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gavel-media-'));
  hits = 0;
  return () => rmSync(dir, { recursive: true, force: true });
});

function media(name: string, size: number): { body: Buffer; req: { sha256: string; uri: string; mimeType: string; bytes: number } } {
  const body = Buffer.alloc(size, name);
  bodies.set(`/${name}`, body);
  return { body, req: { sha256: sha(body), uri: `${base}/${name}`, mimeType: 'image/jpeg', bytes: size } };
}

describe('MediaCache', () => {
  it('downloads once, verifies the hash, and serves later requests from disk', async () => {
    const cache = new MediaCache({ dir, policy: store });
    const { body, req } = media('a', 1000);
    const [one, two] = await Promise.all([cache.get(req), cache.get(req)]);
    expect(one.path).toBe(two.path);
    expect(readFileSync(one.path)).toEqual(body);
    await cache.get(req);
    expect(hits).toBe(1);
    expect(statSync(one.path).mode & 0o777).toBe(0o600);
  });

  it('refuses content that does not match its sha256 and keeps nothing', async () => {
    const cache = new MediaCache({ dir, policy: store });
    const { req } = media('b', 100);
    await expect(cache.get({ ...req, sha256: 'f'.repeat(64) })).rejects.toMatchObject({ code: 'integrity' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses bad references and non-http schemes before any request', async () => {
    const cache = new MediaCache({ dir, policy: store });
    await expect(cache.get({ sha256: 'nope', uri: `${base}/x`, mimeType: 'image/png', bytes: 1 })).rejects.toMatchObject({ code: 'invalid_ref' });
    await expect(cache.get({ sha256: 'a'.repeat(64), uri: 'file:///etc/passwd', mimeType: 'image/png', bytes: 1 })).rejects.toMatchObject({ code: 'invalid_ref' });
    expect(hits).toBe(0);
  });

  it('stops a download that grows past the per-file limit', async () => {
    const cache = new MediaCache({ dir, maxFileBytes: 500, policy: store });
    const { req } = media('c', 2000);
    // The reference lies about its size; the stream is cut off anyway.
    await expect(cache.get({ ...req, bytes: 10 })).rejects.toMatchObject({ code: 'too_large' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('evicts the least recently used files beyond the size limit', async () => {
    const cache = new MediaCache({ dir, maxBytes: 2500, policy: store });
    const a = media('d', 1000);
    const b = media('e', 1000);
    await cache.get(a.req);
    await cache.get(b.req);
    utimesSync(path.join(dir, a.req.sha256), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    utimesSync(path.join(dir, b.req.sha256), new Date(Date.now() - 30_000), new Date(Date.now() - 30_000));
    await cache.lookup(a.req.sha256); // a is used again: b is now the oldest
    await cache.get(media('f', 1000).req);
    expect(readdirSync(dir).sort()).toEqual([a.req.sha256, sha(Buffer.alloc(1000, 'f'))].sort());
  });

  it('says the media is unavailable when the store cannot be reached', async () => {
    const cache = new MediaCache({ dir, policy: () => Promise.resolve({ hosts: [], origins: [base.replace(/:\d+$/, ':1')] }) });
    await expect(cache.get({ sha256: 'a'.repeat(64), uri: `${base.replace(/:\d+$/, ':1')}/none`, mimeType: 'image/png', bytes: 1 })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('fetches only from the allowlist, never from loopback, link-local or private addresses, nor through a redirect (L3)', async () => {
    const { req } = media('g', 100);
    const port = new URL(base).port;
    const tried = async (uri: string, policy: MediaPolicy) => {
      const cache = new MediaCache({ dir, policy: () => Promise.resolve(policy) });
      return cache.get({ ...req, uri }).then(
        () => 'fetched',
        (e: { code: string }) => e.code,
      );
    };
    const none: MediaPolicy = { hosts: [], origins: [] };
    // Not on the allowlist: refused before any connection.
    expect(await tried(req.uri, none)).toBe('forbidden_host');
    expect(await tried('https://media.elsewhere.example/x.jpg', { hosts: ['media.platform.example'], origins: [] })).toBe('forbidden_host');
    // Allow-listed by name or address, but loopback, private or link-local: refused all the same.
    for (const [uri, host] of [
      [req.uri, '127.0.0.1'],
      [`http://localhost:${port}/g`, 'localhost'],
      [`http://[::ffff:127.0.0.1]:${port}/g`, '::ffff:127.0.0.1'],
      ['http://169.254.169.254/latest/meta-data', '169.254.169.254'],
      ['http://10.1.2.3/x', '10.1.2.3'],
      ['http://192.168.1.1/x', '*.1.1'],
    ] as const) {
      expect(await tried(uri, { hosts: [host], origins: [] }), uri).toBe('forbidden_host');
    }
    // Exactly the explicitly allowed origin, not loopback in general: another port is refused.
    expect(await tried(`http://127.0.0.1:${Number(port) === 1 ? 2 : 1}/g`, { hosts: [], origins: [base] })).toBe('forbidden_host');
    expect(hits).toBe(0);
    // A redirect is not followed, even to an allowed place.
    expect(await tried(`${base}/redirect`, { hosts: [], origins: [base] })).toBe('unavailable');
    expect(hits).toBe(1);
    expect(await tried(req.uri, { hosts: [], origins: [base] })).toBe('fetched');
  });

  it('names no part of what arrived when the hash does not match (L3)', async () => {
    const cache = new MediaCache({ dir, policy: store });
    const { body, req } = media('h', 100);
    const error = await cache.get({ ...req, sha256: 'f'.repeat(64) }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'integrity' });
    expect(String((error as Error).message)).not.toMatch(sha(body).slice(0, 6));
  });
});

describe('media address policy', () => {
  it('tells public addresses from loopback, private, link-local and reserved ones', () => {
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '172.32.0.1']) expect(isPublicAddress(a), a).toBe(true);
    for (const a of ['127.0.0.1', '127.9.9.9', '0.0.0.0', '10.0.0.1', '172.16.5.4', '192.168.0.1', '169.254.169.254', '100.64.0.1', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'ff02::1', 'not-an-ip']) {
      expect(isPublicAddress(a), a).toBe(false);
    }
  });

  it('refuses at connection time a name that resolves to loopback', async () => {
    const code = await new Promise<string | undefined>((resolve) => guardedLookup('localhost', {}, (err) => resolve(err?.code)));
    expect(code).toBe('EMEDIAPRIVATE');
  });
});
