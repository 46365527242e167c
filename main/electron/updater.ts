import { readFileSync } from 'node:fs';
import path from 'node:path';
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { Logger } from 'pino';
import type { UpdateState } from '@common/ipc/types';
import { APP_VERSION } from '@common/version';
import { unsupportedUpdater, type Updater } from '../services/updates';

/**
 * electron-updater on the generic feed electron-builder.config.ts bakes into the installer
 * (resources/app-update.yml), or the one Settings → Updates names. Nothing downloads without the user
 * asking; a download is checked against the feed's SHA-512 and, on Windows, must carry the
 * publisher's Authenticode signature (verifyUpdateCodeSignature), on macOS the same Developer ID.
 */
export function createElectronUpdater(logger: Logger): Updater {
  if (!app.isPackaged) return unsupportedUpdater('not_installed');
  const { autoUpdater } = electronUpdater;
  const log = logger.child({ component: 'updater' });
  autoUpdater.logger = { info: (m: unknown) => log.info(String(m)), warn: (m: unknown) => log.warn(String(m)), error: (m: unknown) => log.error(String(m)), debug: () => undefined };
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.allowDowngrade = false;
  const builtIn = builtInFeed();
  let state: UpdateState = { status: 'idle', unsupported: null, currentVersion: APP_VERSION, version: null, percent: null, feedUrl: builtIn, detail: null, checkedAt: null };
  const listeners = new Set<(s: UpdateState) => void>();
  const set = (patch: Partial<UpdateState>) => {
    state = { ...state, ...patch };
    for (const l of [...listeners]) l(state);
  };
  autoUpdater.on('checking-for-update', () => set({ status: 'checking', detail: null }));
  autoUpdater.on('update-available', (info: { version: string }) => set({ status: 'available', version: info.version, checkedAt: new Date().toISOString() }));
  autoUpdater.on('update-not-available', () => set({ status: 'not_available', version: null, checkedAt: new Date().toISOString() }));
  autoUpdater.on('download-progress', (p: { percent: number }) => set({ status: 'downloading', percent: Math.round(p.percent) }));
  autoUpdater.on('update-downloaded', (info: { version: string }) => set({ status: 'downloaded', version: info.version, percent: 100 }));
  autoUpdater.on('error', (error: Error) => set({ status: 'error', detail: error.message }));

  return {
    state: () => state,
    async check() {
      await autoUpdater.checkForUpdates();
      return state;
    },
    async download() {
      if (state.status !== 'available') return state;
      await autoUpdater.downloadUpdate();
      return state;
    },
    install() {
      if (state.status === 'downloaded') setImmediate(() => autoUpdater.quitAndInstall(false, true));
      return Promise.resolve(state);
    },
    setFeed(url) {
      const feed = url ?? builtIn;
      if (!feed) return;
      autoUpdater.setFeedURL({ provider: 'generic', url: feed });
      set({ feedUrl: feed, status: state.status === 'downloaded' ? 'downloaded' : 'idle', version: null, detail: null });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The feed URL electron-builder wrote into the installed app (`url:` in resources/app-update.yml). */
function builtInFeed(): string | null {
  try {
    const yml = readFileSync(path.join(process.resourcesPath, 'app-update.yml'), 'utf8');
    return /^url:\s*(\S+)/m.exec(yml)?.[1] ?? null;
  } catch {
    return null;
  }
}
