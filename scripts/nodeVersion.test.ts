import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
type Lock = { packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean; optional?: boolean }> };

/**
 * The README's Node is the one `npm ci` must run on without a warning: no locked package may ask for
 * more than the lowest Node that package.json's engines allow (Electron 42+ and its packager ask for
 * 22.12; eslint, faker and the napi-rs runtime for 22.13, hence that floor).
 */
describe('Node version', () => {
  const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
  const floor = semver.minVersion(pkg.engines.node)!.version;

  it('the README names the same Node as package.json engines', () => {
    const [major, minor] = floor.split('.');
    expect(read('README.md')).toContain(`Node ${major}.${minor}+`);
  });

  it('every locked package runs on the lowest Node that engines allows', () => {
    const lock = JSON.parse(read('package-lock.json')) as Lock;
    const refusing: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      if (!where || Array.isArray(entry.engines) || !entry.engines?.node) continue;
      const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
      if (!semver.satisfies(floor, entry.engines.node, { includePrerelease: true })) refusing.push(`${name} (${entry.engines.node})`);
    }
    expect(refusing).toEqual([]);
  });
});
