import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, expect, test } from '@playwright/test';
import { findElectronBinary } from '../testing/appFixture';
import { AppShellPage } from '../testing/pages/AppShellPage';

const root = path.resolve(import.meta.dirname, '..');

/** electron-builder's unpacked folder for this platform (what `npm run dist -- --dir` makes). */
function unpackedExecutable(): string {
  if (process.platform === 'darwin') return path.join(root, 'dist', `mac${process.arch === 'arm64' ? '-arm64' : ''}`, 'Gavel.app', 'Contents', 'MacOS', 'Gavel');
  if (process.platform === 'win32') return path.join(root, 'dist', 'win-unpacked', 'Gavel.exe');
  return path.join(root, 'dist', 'linux-unpacked', 'gavel');
}

/**
 * The installed product rather than the development tree: package the app with the real
 * electron-builder config (fuses flipped, app.asar only) and start that executable. Runs in the
 * electron project wherever an Electron binary exists; skipped with the reason elsewhere.
 */
test.describe('packaged app', () => {
  test('npm run dist -- --dir packages an app that starts, shows the workstation and keeps its data folder', async ({ browserName: _ }, testInfo) => {
    test.skip(testInfo.project.name !== 'electron', 'the packaged app is an Electron build (electron project)');
    const binary = findElectronBinary();
    test.skip('reason' in binary, `Electron not available: ${'reason' in binary ? binary.reason : ''}`);
    test.setTimeout(600_000);

    const dist = spawnSync(process.execPath, [path.join(root, 'scripts', 'dist.mjs'), '--dir'], { cwd: root, encoding: 'utf8' });
    expect(dist.status, `${dist.stdout}\n${dist.stderr}`).toBe(0);
    const executable = unpackedExecutable();
    expect(existsSync(executable), executable).toBe(true);
    expect(existsSync(path.join(path.dirname(executable), 'resources', 'app.asar'))).toBe(true);

    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-packaged-'));
    try {
      const app = await _electron.launch({
        executablePath: executable,
        args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
        env: { ...process.env, GAVEL_DATA_DIR: dataDir },
      });
      try {
        const page = await app.firstWindow();
        const shell = new AppShellPage(page);
        await shell.ready();
        await expect(shell.statusbar).toContainText('Gavel 0.1.0');
        // With the RunAsNode fuse off, the packaged binary refuses to act as plain Node (it starts as the app,
        // finds this instance holding the profile's lock, and quits).
        const asNode = spawnSync(executable, ['-e', 'console.log("node")'], { env: { ...process.env, GAVEL_DATA_DIR: dataDir, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8', timeout: 30_000 });
        expect(asNode.stdout).not.toContain('node');
      } finally {
        await app.close();
      }
      expect(existsSync(path.join(dataDir, 'logs'))).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
