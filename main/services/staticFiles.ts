import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Map a request path to a file under `rootDir`, or null when it must not be served. This is the
 * path-traversal guard for both the app:// protocol and the browser-mode host: it decodes once, refuses
 * NUL bytes, backslashes and encoded separators, and checks the resolved path is still inside the root.
 */
export function resolveStaticPath(rootDir: string, requestPath: string): string | null {
  const pathname = requestPath.split(/[?#]/, 1)[0] ?? '';
  if (!pathname.startsWith('/')) return null;
  // `%2f` / `%5c` would smuggle a separator past a naive split; no legitimate asset needs one.
  if (/%2f|%5c/i.test(pathname)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const root = path.resolve(rootDir);
  const resolved = path.resolve(root, relative);
  const fromRoot = path.relative(root, resolved);
  if (fromRoot === '' || fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) return null;
  return resolved;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export const contentTypeFor = (filePath: string): string =>
  CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';

export type StaticFile = { body: Buffer; contentType: string; filePath: string };

/**
 * Read a renderer file for a request path. Paths without an extension fall back to index.html so a
 * reload on a client-side route still loads the app; missing assets stay 404.
 */
export async function readStaticFile(rootDir: string, requestPath: string): Promise<StaticFile | null> {
  const filePath = resolveStaticPath(rootDir, requestPath);
  if (filePath === null) return null;
  const candidates = path.extname(filePath) === '' ? [filePath, path.join(rootDir, 'index.html')] : [filePath];
  for (const candidate of candidates) {
    try {
      return { body: await readFile(candidate), contentType: contentTypeFor(candidate), filePath: candidate };
    } catch {
      // try the next candidate
    }
  }
  return null;
}
