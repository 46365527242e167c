import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
type Lock = { packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean; optional?: boolean }> };

/**
 * Electron's own toolchain: every Electron still in security support (41 and later) and the packager
 * that builds it declare Node >= 22.12, and nothing older is installable from the registry alone
 * (@electron/rebuild 3 pulls node-gyp from GitHub). They run on Node 20.19+ (they are ES modules
 * loaded through require(esm), unflagged since 20.19). The README explains the choice; this list is
 * the only place a package may ask for more than the project's Node.
 */
const ELECTRON_TOOLCHAIN = new Set(['electron', '@electron/get', '@electron-internal/extract-zip', '@electron/rebuild', 'node-abi']);

describe('Node version', () => {
  const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
  const floor = semver.minVersion(pkg.engines.node)!.version;

  it('the README names the same Node as package.json engines', () => {
    const [major, minor] = floor.split('.');
    expect(read('README.md')).toContain(`Node ${major}.${minor}+`);
  });

  it('every locked package runs on the lowest Node that engines allows, Electron toolchain aside', () => {
    const lock = JSON.parse(read('package-lock.json')) as Lock;
    const refusing: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      if (!where || Array.isArray(entry.engines) || !entry.engines?.node) continue;
      const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
      if (ELECTRON_TOOLCHAIN.has(name)) continue;
      if (!semver.satisfies(floor, entry.engines.node, { includePrerelease: true })) refusing.push(`${name} (${entry.engines.node})`);
    }
    expect(refusing).toEqual([]);
  });
});
