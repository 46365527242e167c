import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { RENDERER_CSP_HEADER, SECURITY_HEADERS } from '../services/csp';
import { mediaResponseHeaders, shaFromMediaPath, type MediaCache } from '../services/mediaCache';
import { readStaticFile } from '../services/staticFiles';

export const APP_SCHEME = 'app';
export const APP_HOST = 'gavel';

/**
 * Must run before `app.whenReady()`. `standard` gives app://gavel a real origin (so storage, IndexedDB
 * and CSP 'self' behave as on the web); `secure` makes it a secure context. Not `bypassCSP`.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serve out/renderer on app://gavel/ through the path-traversal guard, with the CSP as a header too. */
export function handleAppProtocol(rendererDir: string, media: MediaCache): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const headers = { ...SECURITY_HEADERS, 'Content-Security-Policy': RENDERER_CSP_HEADER };
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return new Response('Not found', { status: 404, headers });
    }
    const mediaSha = shaFromMediaPath(url.pathname);
    if (mediaSha) {
      const cached = await media.lookup(mediaSha);
      if (!cached) return new Response('Not cached', { status: 404, headers });
      // Streamed from disk: a video may be hundreds of MiB, and several may be requested at once.
      const body = Readable.toWeb(createReadStream(cached.path)) as unknown as ConstructorParameters<typeof Response>[0];
      return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, ...mediaResponseHeaders(cached.mimeType, cached.bytes) } });
    }
    const file = await readStaticFile(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404, headers });
    return new Response(new Uint8Array(file.body), { status: 200, headers: { ...headers, 'Content-Type': file.contentType } });
  });
}
