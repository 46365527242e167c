import type { IpcHandlers } from '@common/ipc/router';
import type { Settings } from '@common/ipc/settings';
import type { RuntimeMode, StartupState } from '@common/ipc/types';
import type { AppLogs } from './logger';
import { createOpsHandlers } from './opsHandlers';
import { unsupportedUpdater, type Updater } from './updates';
import { createConnectionMonitor } from './connectionMonitor';
import { createEventHub, type EventHub } from './eventHub';
import { createHandlers } from './handlers';
import path from 'node:path';
import { startEmbeddedBackend, type EmbeddedBackend } from './embeddedBackend';
import { MediaCache } from './mediaCache';
import { fileVault, type Cipher } from './session';
import { createSettingsStore, type SettingsStore } from './settingsStore';
import { SyncService } from './syncService';

export type MainServices = {
  handlers: IpcHandlers;
  events: EventHub;
  settings: SettingsStore;
  updater: Updater;
  sync: SyncService;
  media: MediaCache;
  /** Resolves once the embedded backend is up and signed in (standalone mode), or at once otherwise. */
  ready: Promise<void>;
  dispose(): Promise<void>;
};

export type MainServicesOptions = {
  dataDir: string;
  mode: RuntimeMode;
  /** Run the embedded backend when no backend URL is configured (seeding this many demo cases on first run). */
  standalone?: { seed?: number; username?: string } | false;
  /** Electron's safeStorage; without it tokens sit in a 0600 file. */
  cipher?: Cipher;
  log?: (message: string) => void;
  /** The rolling log files (the embedded server writes its own; diagnostics read them). */
  logs?: AppLogs;
  /** Electron's update channel; browser mode has none. */
  updater?: Updater;
  /** Where crashReporter keeps local dumps (Electron), listed in diagnostics. */
  crashDumpsDir?: string;
  /** Secrets of this launch to scrub from diagnostics (browser mode's launch secret). */
  launchSecrets?: () => string[];
};

/**
 * The composition root shared by Electron main and the browser-mode host: everything here runs in plain
 * Node, so both transports serve the very same services.
 */
export async function createMainServices(options: MainServicesOptions): Promise<MainServices> {
  const log = options.log ?? (() => undefined);
  const events = createEventHub();
  const settings = createSettingsStore(options.dataDir);
  const connection = createConnectionMonitor({ onChange: (state) => events.emit('connection:state', state) });
  const vault = fileVault(path.join(options.dataDir, 'session'), options.cipher);
  const sync = new SyncService({ vault });
  const updater = options.updater ?? unsupportedUpdater(options.mode === 'browser' ? 'browser_mode' : 'not_installed');
  updater.subscribe((state) => events.emit('update:state', state));
  let startup: StartupState = { phase: 'starting', done: 0, total: 0, detail: null };
  const setStartup = (next: StartupState) => {
    startup = next;
    events.emit('app:startup', next);
  };
  const configured = (await settings.get()).backendUrl ?? null;
  let embedded: EmbeddedBackend | null = null;
  let disposed = false;

  // Standalone mode starts in the background: the window is up at once and shows "connecting"
  // while PGlite opens (and, on first run, seeds the demo cases).
  const ready = (async () => {
    const standalone = options.standalone;
    if (configured || !standalone) {
      connection.setBackendUrl(configured);
      setStartup({ phase: 'ready', done: 0, total: 0, detail: null });
      return;
    }
    try {
      const backend = await startEmbeddedBackend({
        dataDir: options.dataDir,
        seed: standalone.seed,
        username: standalone.username,
        logger: options.logs?.server,
        onProgress: ({ phase, done, total }) => setStartup({ phase, done, total, detail: null }),
      });
      if (disposed) return void (await backend.close());
      embedded = backend;
      setStartup({ phase: 'signing_in', done: 0, total: 0, detail: null });
      await sync.attachEmbedded(backend);
      setStartup({ phase: 'ready', done: backend.seeded, total: backend.seeded, detail: null });
      connection.setBackendUrl(backend.url);
      log(`embedded backend on ${backend.url}${backend.seeded ? ` (seeded ${backend.seeded} demo cases)` : ''}`);
      events.emit('session:changed', await sync.status());
    } catch (error) {
      log(`embedded backend failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      setStartup({ phase: 'failed', done: 0, total: 0, detail: error instanceof Error ? error.message : String(error) });
      connection.setBackendUrl(null);
    }
  })();

  const media = new MediaCache({
    dir: path.join(options.dataDir, 'media'),
    baseUrl: () => sync.session.baseUrl(),
    // The bearer token goes only to the signed-in backend's own origin, never to a third-party URI.
    headersFor: async (url): Promise<Record<string, string>> => {
      const base = await sync.session.baseUrl();
      if (!base || new URL(base).origin !== url.origin) return {};
      const { token } = await sync.session.accessToken();
      return { authorization: `Bearer ${token}` };
    },
  });
  const handlers: IpcHandlers = {
    ...createHandlers({ mode: options.mode, settings, connection, events, sync, media, embeddedUrl: () => embedded?.url ?? null }),
    ...createOpsHandlers({
      startup: () => startup,
      updater,
      diagnostics: {
        dataDir: options.dataDir,
        mode: options.mode,
        settings: () => settings.get(),
        connection: () => connection.getState(),
        session: () => sync.status(),
        startup: () => startup,
        update: () => updater.state(),
        crashDumpsDir: options.crashDumpsDir ?? null,
        secrets: async () => {
          const stored = await vault.load();
          return [...(options.launchSecrets?.() ?? []), ...(stored ? [stored.accessToken, stored.refreshToken] : [])];
        },
      },
    }),
  };
  updater.setFeed((await settings.get()).updateUrl ?? null);
  events.subscribe((event, payload) => {
    if (event === 'settings:changed') updater.setFeed((payload as Settings).updateUrl ?? null);
  });
  return {
    handlers,
    events,
    settings,
    updater,
    sync,
    media,
    ready,
    async dispose() {
      disposed = true;
      connection.stop();
      await ready.catch(() => undefined);
      await sync.dispose();
    },
  };
}
