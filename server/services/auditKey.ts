import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the audit key comes from, outside the database it protects:
 *  1. GAVEL_AUDIT_KEY: the key itself, hex or base64 (at least 32 bytes);
 *  2. GAVEL_AUDIT_KEY_FILE: a file holding it (what several server instances should share);
 *  3. otherwise `audit.key` beside the data: next to the PGlite folder (never inside it), or in
 *     `.data/` for PostgreSQL, created (0600) with a random key on first use.
 * An in-memory database (tests) keeps the process's random key: returns null.
 */
export function auditKeySource(opts: { dataDir?: string | null; postgres: boolean }): { file: string } | { key: Buffer } | null {
  const inline = process.env.GAVEL_AUDIT_KEY;
  if (inline) return { key: decodeKey(inline, 'GAVEL_AUDIT_KEY') };
  const file = process.env.GAVEL_AUDIT_KEY_FILE;
  if (file) return { file: path.resolve(file) };
  if (opts.postgres) return { file: path.resolve('.data', 'audit.key') };
  if (!opts.dataDir) return null;
  return { file: path.join(path.dirname(path.resolve(opts.dataDir)), 'audit.key') };
}

/** The key from its source; a missing key file is created with a fresh key (the first start). */
export function loadAuditKey(source: { file: string } | { key: Buffer }): Buffer {
  if ('key' in source) return source.key;
  try {
    return decodeKey(readFileSync(source.file, 'utf8').trim(), source.file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(path.dirname(source.file), { recursive: true, mode: 0o700 });
  const fresh = randomBytes(32).toString('hex');
  try {
    // 'wx': when several workers start at once, one writes and the others read what it wrote.
    writeFileSync(source.file, `${fresh}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return decodeKey(readFileSync(source.file, 'utf8').trim(), source.file);
}

function decodeKey(text: string, where: string): Buffer {
  const key = /^[0-9a-f]+$/i.test(text) && text.length % 2 === 0 ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length < 32) throw new Error(`${where}: the audit key must be at least 32 bytes (64 hex digits)`);
  return key;
}
