import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Stats } from 'node:fs';
import type { Configuration } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
// electron-builder's own config loader, schema check and file matcher (app-builder-lib has no exports map).
const require = createRequire(import.meta.url);
const builderLib = path.dirname(require.resolve('app-builder-lib/package.json'));
type ConfigModule = {
  getConfig: (projectDir: string, configPath: string | null, fromOptions: null) => Promise<Configuration>;
  validateConfiguration: (config: Configuration, logger: unknown) => Promise<void>;
};
type MatcherModule = {
  getFileMatchers: (
    config: Configuration,
    name: 'files',
    defaultDestination: string,
    options: { macroExpander: (p: string) => string; customBuildOptions: object; globalOutDir: string; defaultSrc: string },
  ) => Array<{ createFilter: () => (file: string, stat: Stats) => boolean }> | null;
};
const { getConfig, validateConfiguration } = require(path.join(builderLib, 'out/util/config/config.js')) as ConfigModule;
const { getFileMatchers } = require(path.join(builderLib, 'out/fileMatcher.js')) as MatcherModule;
const { DebugLogger } = require(require.resolve('builder-util', { paths: [builderLib] })) as { DebugLogger: new (enabled: boolean) => unknown };

let config: Configuration;
beforeAll(async () => {
  config = await getConfig(root, path.join(root, 'electron-builder.config.ts'), null);
});

/** What electron-builder would copy into app.asar from this checkout, found with its own matcher. */
function packagedFiles(): string[] {
  const matchers = getFileMatchers(config, 'files', '', { macroExpander: (p) => p, customBuildOptions: config.linux ?? {}, globalOutDir: path.join(root, 'dist'), defaultSrc: root });
  const filter = matchers![0]!.createFilter();
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === '.git') continue; // production dependencies are added separately
      const abs = path.join(dir, name);
      const stat = statSync(abs);
      if (!filter(abs, stat)) continue;
      if (stat.isDirectory()) walk(abs);
      else found.push(path.relative(root, abs));
    }
  };
  walk(root);
  return found;
}

describe('packaging (electron-builder.config.ts)', () => {
  it('is a configuration electron-builder accepts', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.linux?.target).toEqual(['deb', 'AppImage']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
  });

  it.skipIf(!existsSync(path.join(root, 'out/main/index.js')))('packs the built app and the window icon, and no sources, tests, maps or docs', () => {
    const files = packagedFiles();
    for (const needed of ['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'resources/icons/512x512.png']) {
      expect(files, needed).toContain(needed);
    }
    const unwanted = files.filter((f) => /\.(tsx?|map)$/.test(f) || /(^|\/)[^/]+\.(test|spec)\.[cm]?[jt]sx?$/.test(f) || /^(src|main|server|common|preload|scripts|e2e|integration|testing|docs|bench)\//.test(f));
    expect(unwanted).toEqual([]);
    expect(files.filter((f) => !/^(out\/(main|preload|renderer)\/|resources\/icons\/512x512\.png$|package\.json$)/.test(f))).toEqual([]);
    expect(files).not.toContain('out/main/host.js');
  });

  it('sets the fuses: no RunAsNode, no inspector flags or NODE_OPTIONS, encrypted cookies, the app only from an integrity-checked asar', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeCliInspectArguments: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('publishes to a generic update feed and installs only updates signed by the publisher', () => {
    const publish = (Array.isArray(config.publish) ? config.publish : [config.publish])[0] as { provider: string; url: string };
    expect(publish.provider).toBe('generic');
    expect(publish.url).toMatch(/^https:\/\//);
    expect(config.win?.verifyUpdateCodeSignature).toBe(true);
    expect(config.win?.signtoolOptions?.publisherName).toEqual(['Gavel']);
    expect(config.mac?.hardenedRuntime).toBe(true);
  });

  it('uses the committed icons, which exist in every size the targets need', () => {
    for (const f of ['resources/icon.svg', 'resources/icon.ico', 'resources/icon.icns', ...[16, 32, 48, 64, 128, 256, 512, 1024].map((s) => `resources/icons/${s}x${s}.png`)]) {
      expect(existsSync(path.join(root, f)), f).toBe(true);
    }
    expect(config.linux?.icon).toBe('resources/icons');
    expect(config.win?.icon).toBe('resources/icon.ico');
    expect(config.mac?.icon).toBe('resources/icon.icns');
  });

  it('npm run dist without an Electron binary says why and how to fix it, packages nothing and exits 1', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/dist.mjs'), '--dir'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: path.join(root, 'no-such-electron') },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Electron cannot be packaged here: ELECTRON_OVERRIDE_DIST_PATH');
    expect(r.stderr).toContain('set ELECTRON_OVERRIDE_DIST_PATH to that folder');
    expect(r.stderr).toContain('Nothing was packaged.');
    expect(r.stdout).toBe('');
  });
});
