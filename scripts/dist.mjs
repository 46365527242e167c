#!/usr/bin/env node
// `npm run dist`: build, then package the app with electron-builder (electron-builder.config.ts) into
// dist/: deb and AppImage on Linux, NSIS on Windows, dmg on macOS, each with its update metadata.
// It packages the Electron binary that `npm start` would run (ELECTRON_OVERRIDE_DIST_PATH, or the
// one the electron package fetched); where there is none, it says why exactly as `npm start` does
// and exits 1, since an installer cannot fall back to browser mode.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseCli } from '../server/cli.mjs';
import { HOW_TO_FIX, resolveElectron, root } from './electron.mjs';

const USAGE = `usage: npm run dist -- [--linux] [--win] [--mac] [--dir] [--publish]

Builds the app and packages it with electron-builder into dist/ (electron-builder.config.ts):
deb and AppImage (Linux), NSIS (Windows), dmg (macOS), with the update feed's metadata.

  --linux, --win, --mac   targets (default: this platform)
  --dir                   an unpacked app folder only, no installer (fast; what e2e/packaged-app.spec.ts runs)
  --publish               upload to the configured feed (electron-builder's "always")
  --retry-electron        try the Electron download again now, though a recent one failed
  -h, --help              this text

Environment: ELECTRON_OVERRIDE_DIST_PATH (an unpacked Electron of node_modules/electron's version),
ELECTRON_MIRROR, GAVEL_UPDATE_URL (the update feed baked into the installers).`;

const { values } = parseCli({
  name: 'dist',
  usage: USAGE,
  options: {
    linux: { type: 'boolean', default: false },
    win: { type: 'boolean', default: false },
    mac: { type: 'boolean', default: false },
    dir: { type: 'boolean', default: false },
    publish: { type: 'boolean', default: false },
    'retry-electron': { type: 'boolean', default: false },
  },
});

const electron = await resolveElectron({ retry: values['retry-electron'] });
if (!electron.binary) {
  console.error(`\ngavel: Electron cannot be packaged here: ${electron.reason}. ${HOW_TO_FIX} Nothing was packaged.\n`);
  process.exit(1);
}

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npm', ['run', '--silent', 'build']);

const targets = [values.linux && '--linux', values.win && '--win', values.mac && '--mac'].filter(Boolean);
run(process.execPath, [
  path.join(root, 'node_modules', 'electron-builder', 'cli.js'),
  '--config',
  'electron-builder.config.ts',
  ...targets,
  ...(values.dir ? ['--dir'] : []),
  '--publish',
  values.publish ? 'always' : 'never',
  // The binary found above, so packaging never downloads a second copy.
  `-c.electronDist=${electron.distDir}`,
  `-c.electronVersion=${electron.version}`,
]);
console.log(`dist: packaged into ${path.join(root, 'dist')}`);
