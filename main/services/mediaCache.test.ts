import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MediaCache } from './mediaCache';

/** A real loopback HTTP server stands in for the platform's media store. */
const bodies = new Map<string, Buffer>();
let hits = 0;
let base = '';
let server: http.Server;
let dir: string;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits++;
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
    const cache = new MediaCache({ dir });
    const { body, req } = media('a', 1000);
    const [one, two] = await Promise.all([cache.get(req), cache.get(req)]);
    expect(one.path).toBe(two.path);
    expect(readFileSync(one.path)).toEqual(body);
    await cache.get(req);
    expect(hits).toBe(1);
    expect(statSync(one.path).mode & 0o777).toBe(0o600);
  });

  it('refuses content that does not match its sha256 and keeps nothing', async () => {
    const cache = new MediaCache({ dir });
    const { req } = media('b', 100);
    await expect(cache.get({ ...req, sha256: 'f'.repeat(64) })).rejects.toMatchObject({ code: 'integrity' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses bad references and non-http schemes before any request', async () => {
    const cache = new MediaCache({ dir });
    await expect(cache.get({ sha256: 'nope', uri: `${base}/x`, mimeType: 'image/png', bytes: 1 })).rejects.toMatchObject({ code: 'invalid_ref' });
    await expect(cache.get({ sha256: 'a'.repeat(64), uri: 'file:///etc/passwd', mimeType: 'image/png', bytes: 1 })).rejects.toMatchObject({ code: 'invalid_ref' });
    expect(hits).toBe(0);
  });

  it('stops a download that grows past the per-file limit', async () => {
    const cache = new MediaCache({ dir, maxFileBytes: 500 });
    const { req } = media('c', 2000);
    // The reference lies about its size; the stream is cut off anyway.
    await expect(cache.get({ ...req, bytes: 10 })).rejects.toMatchObject({ code: 'too_large' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('evicts the least recently used files beyond the size limit', async () => {
    const cache = new MediaCache({ dir, maxBytes: 2500 });
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
    const cache = new MediaCache({ dir });
    await expect(cache.get({ sha256: 'a'.repeat(64), uri: 'http://127.0.0.1:1/none', mimeType: 'image/png', bytes: 1 })).rejects.toMatchObject({ code: 'unavailable' });
  });
});
