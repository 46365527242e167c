import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStaticFile, resolveStaticPath } from './staticFiles';

const root = path.resolve('/srv/gavel/renderer');

describe('resolveStaticPath (path-traversal guard)', () => {
  it('maps ordinary paths inside the root', () => {
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toBe(path.join(root, 'assets/index-abc.js'));
    expect(resolveStaticPath(root, '/assets/a%20b.css?v=1#x')).toBe(path.join(root, 'assets/a b.css'));
    expect(resolveStaticPath(root, '/assets/../index.html')).toBe(path.join(root, 'index.html'));
  });

  it.each([
    '/../secret.txt',
    '/../../etc/passwd',
    '/assets/../../renderer2/x.js',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2fetc%2fpasswd',
    '/..%2Fetc/passwd',
    '/..%5c..%5cwindows',
    '/..\\..\\etc\\passwd',
    '/index.html%00.png',
    '/%E0%A4%A', // malformed percent-encoding
    'relative/path',
    '//etc/passwd',
    '/..',
  ])('refuses %s', (request) => {
    // The refusal itself: a path that merely stayed inside the root would not be a refusal.
    expect(resolveStaticPath(root, request)).toBeNull();
  });

  it('refuses every encoded or literal escape outright', () => {
    for (const request of ['/../x', '/%2e%2e/x', '/..%2fx', '/a\\b', '/a%00b', '/..']) {
      expect(resolveStaticPath(root, request)).toBeNull();
    }
  });
});

describe('readStaticFile', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gavel-static-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'x');
  writeFileSync(path.join(dir, '..', `${path.basename(dir)}-sibling.txt`), 'secret');

  it('serves files with a content type, and index.html for extensionless routes', async () => {
    expect(await readStaticFile(dir, '/assets/app.js')).toMatchObject({ contentType: 'text/javascript; charset=utf-8' });
    expect((await readStaticFile(dir, '/queue'))?.filePath).toBe(path.join(dir, 'index.html'));
    expect(await readStaticFile(dir, '/assets/missing.js')).toBeNull();
  });

  it('never reads outside the root', async () => {
    expect(await readStaticFile(dir, `/../${path.basename(dir)}-sibling.txt`)).toBeNull();
    expect(await readStaticFile(dir, `/..%2f${path.basename(dir)}-sibling.txt`)).toBeNull();
  });
});
