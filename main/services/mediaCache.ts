/**
 * Evidence media (unboxing videos, review photos) cached on disk by content hash. Main fetches
 * lazily, verifies the sha256 the bundle promised while streaming, and evicts least-recently-used
 * files beyond a size limit. The renderer never fetches: it gets a same-origin URL that main serves
 * from this folder, so its CSP stays `'self'` and a tampered or swapped file is never shown.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, type Dirent } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isDiskFull } from './diskErrors';
import { guardedLookup, mediaAccess, type MediaPolicy } from './mediaPolicy';

export const SHA256 = /^[0-9a-f]{64}$/;

export type MediaRequest = { sha256: string; uri: string; mimeType: string; bytes: number };

export class MediaError extends Error {
  constructor(
    readonly code: 'invalid_ref' | 'forbidden_host' | 'too_large' | 'unavailable' | 'integrity' | 'disk_full' | 'not_signed_in',
    message: string,
  ) {
    super(message);
    this.name = 'MediaError';
  }
}

export type MediaCacheOptions = {
  dir: string;
  /** Total bytes kept on disk; least recently used files go first. */
  maxBytes?: number;
  /** Largest single file accepted. */
  maxFileBytes?: number;
  /** Where media may come from (mediaPolicy.ts): read for every download, so a settings change applies at once. */
  policy: () => Promise<MediaPolicy>;
  /** Headers for a URI (e.g. the bearer token, only for the signed-in backend's own origin). */
  headersFor?: (url: URL) => Promise<Record<string, string>>;
  /** Relative URIs are resolved against this (the backend). */
  baseUrl?: () => Promise<string | null>;
  timeoutMs?: number;
};

export type CachedMedia = { path: string; mimeType: string; bytes: number };

export class MediaCache {
  private inflight = new Map<string, Promise<CachedMedia>>();
  private types = new Map<string, string>();
  private readonly maxBytes: number;
  private readonly maxFileBytes: number;
  /** Where files are kept now: `o.dir` itself, or one (backend, account) pair's folder in it; null when signed out. */
  private dir: string | null;

  constructor(private readonly o: MediaCacheOptions) {
    this.maxBytes = o.maxBytes ?? 2 * 1024 ** 3;
    this.maxFileBytes = o.maxFileBytes ?? 512 * 1024 ** 2;
    this.dir = o.dir;
  }

  /**
   * Each (backend, account) pair keeps its own cache and index (`<dir>/<scope>/`): what one
   * account fetched is never served to another, even by hash. Null while nobody is signed in:
   * nothing is fetched or served then.
   */
  setScope(scope: string | null): void {
    const next = scope === null ? null : path.join(this.o.dir, scope);
    if (next === this.dir) return;
    this.dir = next;
    this.inflight = new Map();
    this.types = new Map();
  }

  /** Partial downloads a previous run left behind (a crash or a full disk mid-download), in every scope. */
  async removeLeftovers(): Promise<number> {
    let removed = 0;
    const sweep = async (dir: string, depth: number): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (e.isDirectory() && depth === 0) await sweep(path.join(dir, e.name), 1);
        else if (e.isFile() && e.name.startsWith('.') && e.name.endsWith('.part')) {
          await rm(path.join(dir, e.name), { force: true });
          removed++;
        }
      }
    };
    await sweep(this.o.dir, 0);
    return removed;
  }

  private where(): string {
    if (this.dir === null) throw new MediaError('not_signed_in', 'Media are kept per signed-in account: sign in first.');
    return this.dir;
  }

  private file(sha256: string): string {
    return path.join(this.where(), sha256);
  }

  /** The cached file, fetching it first if needed. Concurrent requests for one hash share one download. */
  async get(req: MediaRequest): Promise<CachedMedia> {
    this.where();
    if (!SHA256.test(req.sha256)) throw new MediaError('invalid_ref', 'sha256 must be 64 lower-case hex digits');
    if (req.bytes > this.maxFileBytes) throw new MediaError('too_large', `Media of ${req.bytes} bytes exceeds the ${this.maxFileBytes}-byte limit.`);
    this.types.set(req.sha256, req.mimeType);
    const hit = await this.lookup(req.sha256);
    if (hit) return hit;
    let pending = this.inflight.get(req.sha256);
    if (!pending) {
      pending = this.download(req).finally(() => this.inflight.delete(req.sha256));
      this.inflight.set(req.sha256, pending);
    }
    return pending;
  }

  /** A cached file by hash (serving side): bumps its recency; null when not cached. */
  async lookup(sha256: string): Promise<CachedMedia | null> {
    if (!SHA256.test(sha256) || this.dir === null) return null;
    try {
      const s = await stat(this.file(sha256));
      const now = new Date();
      await utimes(this.file(sha256), now, now);
      return { path: this.file(sha256), mimeType: this.types.get(sha256) ?? 'application/octet-stream', bytes: s.size };
    } catch {
      return null;
    }
  }

  private async download(req: MediaRequest): Promise<CachedMedia> {
    const base = (await this.o.baseUrl?.()) ?? undefined;
    let url: URL;
    try {
      url = new URL(req.uri, base);
    } catch {
      throw new MediaError('invalid_ref', `Media URI "${req.uri.slice(0, 200)}" is not a URL.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new MediaError('invalid_ref', `Media URI scheme ${url.protocol} is not allowed.`);
    const access = mediaAccess(url, await this.o.policy());
    if (!access.allowed) throw new MediaError('forbidden_host', `Media refused: ${access.reason}.`);
    const dir = this.where();
    await mkdir(dir, { recursive: true, mode: 0o700 });
    let res: http.IncomingMessage;
    try {
      res = await get(url, (await this.o.headersFor?.(url)) ?? {}, this.o.timeoutMs ?? 60_000, access.anyAddress);
    } catch (err) {
      const private_ = (err as NodeJS.ErrnoException).code === 'EMEDIAPRIVATE';
      if (private_) throw new MediaError('forbidden_host', `Media refused: ${url.hostname} is not at a public address.`);
      throw new MediaError('unavailable', `Media cannot be fetched now: ${err instanceof Error ? err.message : String(err)}`);
    }
    // No redirects: a redirect could lead anywhere the allowlist does not.
    if (res.statusCode !== 200) {
      res.resume();
      throw new MediaError('unavailable', `Media fetch answered HTTP ${res.statusCode ?? 0}.`);
    }
    const tmp = path.join(dir, `.${req.sha256}.${process.pid}.${Date.now()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const limit = this.maxFileBytes;
    try {
      await pipeline(
        res,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > limit) throw new MediaError('too_large', `Media exceeds the ${limit}-byte limit.`);
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(tmp, { mode: 0o600 }),
      );
    } catch (err) {
      await rm(tmp, { force: true });
      if (isDiskFull(err)) throw new MediaError('disk_full', 'The disk is full: this media file could not be kept. Free some disk space and reveal it again.');
      throw err instanceof MediaError ? err : new MediaError('unavailable', `Media download failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    const digest = hash.digest('hex');
    if (digest !== req.sha256) {
      await rm(tmp, { force: true });
      // Nothing of what arrived is repeated: not even a prefix of its hash.
      throw new MediaError('integrity', 'Media content does not match its sha256: refused.');
    }
    const file = path.join(dir, req.sha256);
    await rename(tmp, file);
    if (this.dir === dir) await this.evict(req.sha256);
    return { path: file, mimeType: req.mimeType, bytes: size };
  }

  /** Drops least-recently-used files until the folder fits the limit (never the one just added). */
  async evict(keep?: string): Promise<string[]> {
    const dir = this.where();
    const names = (await readdir(dir)).filter((n) => SHA256.test(n));
    const files = await Promise.all(names.map(async (n) => ({ n, s: await stat(path.join(dir, n)) })));
    let total = files.reduce((sum, f) => sum + f.s.size, 0);
    const evicted: string[] = [];
    for (const f of files.sort((a, b) => a.s.mtimeMs - b.s.mtimeMs)) {
      if (total <= this.maxBytes) break;
      if (f.n === keep) continue;
      await rm(path.join(dir, f.n), { force: true });
      total -= f.s.size;
      evicted.push(f.n);
    }
    return evicted;
  }
}

/** One GET, no redirects; `anyAddress` false connects only to public addresses (mediaPolicy.ts). */
function get(url: URL, headers: Record<string, string>, timeoutMs: number, anyAddress: boolean): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.get(url, { headers, signal: AbortSignal.timeout(timeoutMs), ...(anyAddress ? {} : { lookup: guardedLookup }) }, resolve);
    req.on('error', reject);
  });
}

/** Same-origin path the renderer uses in <img>/<video>: served by the host or the app:// protocol. */
export const MEDIA_PATH_PREFIX = '/__gavel/media/';

export function mediaPath(sha256: string): string {
  return `${MEDIA_PATH_PREFIX}${sha256}`;
}

export function shaFromMediaPath(pathname: string): string | null {
  if (!pathname.startsWith(MEDIA_PATH_PREFIX)) return null;
  const sha = pathname.slice(MEDIA_PATH_PREFIX.length);
  return SHA256.test(sha) ? sha : null;
}

/**
 * The MIME type comes from a bundle, i.e. from the parties: served same-origin, "text/html" or an
 * SVG would run script in the app's origin. Only plain raster images, video and audio are served
 * inline; anything else is an attachment, and every media response is sandboxed and unsniffable.
 */
const INLINE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'video/mp4', 'video/webm', 'audio/mpeg', 'audio/mp4', 'audio/ogg', 'audio/wav']);

export function mediaResponseHeaders(mimeType: string, bytes: number): Record<string, string> {
  const inline = INLINE_TYPES.has(mimeType.toLowerCase());
  return {
    'Content-Type': inline ? mimeType.toLowerCase() : 'application/octet-stream',
    ...(inline ? {} : { 'Content-Disposition': 'attachment' }),
    'Content-Length': String(bytes),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
    // Content-addressed: the same path never changes meaning.
    'Cache-Control': 'private, max-age=31536000, immutable',
  };
}
