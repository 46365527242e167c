import path from 'node:path';
import type { IpcHandlers } from '@common/ipc/router';
import type { Settings } from '@common/ipc/settings';
import type { RuntimeMode, StartupState } from '@common/ipc/types';
import type { AppLogs } from './logger';
import { createOpsHandlers } from './opsHandlers';
import { unsupportedUpdater, type Updater } from './updates';
import { createConnectionMonitor } from './connectionMonitor';
import { startEmbeddedBackend, type EmbeddedBackend } from './embeddedBackend';
import { createEventHub, type EventHub } from './eventHub';
import { createHandlers } from './handlers';
import { makePrivate, privateByDefault } from '../../server/db/privateFiles';
import { removeTempFiles } from './jsonFile';
import { MediaCache } from './mediaCache';
import { fileVault, type Cipher } from './session';
import { describeTokenStorage } from './tokenStorage';
import type { TokenStorage } from '@common/ipc/types';
import { createSettingsStore, type SettingsStore } from './settingsStore';
import { storeFolder, type BackendRef } from './storeIds';
import { SyncService, type SessionStatus } from './syncService';

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
  /**
   * Run the embedded backend when no backend URL is configured (seeding this many demo cases on
   * first run); `demo` uses the published demo passwords instead of this install's random ones.
   */
  standalone?: { seed?: number; username?: string; demo?: boolean } | false;
  /** Electron's safeStorage (see tokenStorage.ts); without it tokens sit in a 0600 file. */
  cipher?: Cipher;
  /** Why there is no cipher, for Settings (tokenStorage.ts). */
  noCipherReason?: TokenStorage['reason'];
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
  // The data folder holds case data, tokens, settings and the embedded database: this user's alone,
  // the tree as found (an older install) and everything written from now on.
  privateByDefault();
  await makePrivate(options.dataDir);
  const events = createEventHub();
  const settings = createSettingsStore(options.dataDir);
  const connection = createConnectionMonitor({ onChange: (state) => events.emit('connection:state', state) });
  const updater = options.updater ?? unsupportedUpdater(options.mode === 'browser' ? 'browser_mode' : 'not_installed');
  updater.subscribe((state) => events.emit('update:state', state));
  let startup: StartupState = { phase: 'starting', done: 0, total: 0, detail: null };
  const setStartup = (next: StartupState) => {
    startup = next;
    events.emit('app:startup', next);
  };
  // Which backend the app works with: the configured address, else the embedded one once it runs.
  let configured = (await settings.get()).backendUrl ?? null;
  let embedded: EmbeddedBackend | null = null;
  let embeddedStart: Promise<EmbeddedBackend | null> | null = null;
  let disposed = false;
  const backend = (): BackendRef | null => (configured ? { url: configured, embedded: false } : embedded ? { url: embedded.url, embedded: true } : null);

  const sessionDir = path.join(options.dataDir, 'session');
  const vault = fileVault(sessionDir, options.cipher);
  const tokenStorage = describeTokenStorage(sessionDir, options.cipher, options.noCipherReason ?? null);
  const sync = new SyncService({
    vault,
    backend,
    // Real traffic failing (or working while the monitor says offline) asks for a probe at once.
    onOutcome: (ok) => {
      const status = connection.getState().status;
      if (!ok || status !== 'online') connection.probeNow();
    },
  });
  const media = new MediaCache({
    dir: path.join(options.dataDir, 'media'),
    baseUrl: () => sync.session.baseUrl(),
    // The platform's media hosts from Settings, and exactly the backend's own origin (the configured
    // one, or the embedded backend's loopback origin in standalone mode): nothing else on loopback or the LAN.
    policy: async () => {
      const current = await settings.get();
      const bases = [await sync.session.baseUrl(), current.backendUrl, backend()?.url].filter((u): u is string => !!u);
      return { hosts: current.mediaHosts ?? [], origins: bases.map((u) => new URL(u).origin) };
    },
    // The bearer token goes only to the signed-in backend's own origin, never to a third-party URI.
    headersFor: async (url): Promise<Record<string, string>> => {
      const base = await sync.session.baseUrl();
      if (!base || new URL(base).origin !== url.origin) return {};
      const { token } = await sync.session.accessToken();
      return { authorization: `Bearer ${token}` };
    },
  });
  media.setScope(null);

  /** Scopes the media cache to the signed-in pair and tells every window. */
  const publishSession = async (): Promise<SessionStatus> => {
    const status = await sync.status();
    media.setScope(status.store ? storeFolder(status.store) : null);
    events.emit('session:changed', status);
    return status;
  };

  /** Starts the embedded backend once (standalone mode) and signs in to it as its demo arbitrator. */
  const ensureEmbedded = (): Promise<EmbeddedBackend | null> => {
    const standalone = options.standalone;
    if (!standalone) return Promise.resolve(null);
    embeddedStart ??= (async () => {
      try {
        const started = await startEmbeddedBackend({
          dataDir: options.dataDir,
          seed: standalone.seed,
          username: standalone.username,
          demo: standalone.demo,
          logger: options.logs?.server,
          onProgress: ({ phase, done, total }) => setStartup({ phase, done, total, detail: null }),
        });
        if (disposed) {
          await started.close();
          return null;
        }
        embedded = started;
        log(`embedded backend on ${started.url}${started.seeded ? ` (seeded ${started.seeded} demo cases)` : ''}`);
        return started;
      } catch (error) {
        log(`embedded backend failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        setStartup({ phase: 'failed', done: 0, total: 0, detail: error instanceof Error ? error.message : String(error) });
        embeddedStart = null;
        return null;
      }
    })();
    return embeddedStart;
  };

  /** Standalone: the embedded backend up, the app pointed at it and signed in as its demo arbitrator. */
  const useEmbedded = async (): Promise<void> => {
    const started = await ensureEmbedded();
    if (!started || configured) return;
    setStartup({ phase: 'signing_in', done: 0, total: 0, detail: null });
    try {
      await sync.attachEmbedded(started);
    } catch (error) {
      log(`signing in to the embedded backend failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    setStartup({ phase: 'ready', done: started.seeded, total: started.seeded, detail: null });
    connection.setBackendUrl(started.url);
  };

  // Standalone mode starts in the background: the window is up at once and shows "connecting"
  // while PGlite opens (and, on first run, seeds the demo cases).
  const ready = (async () => {
    // A crash or a full disk mid-write can leave temp files behind; the files they were for are intact.
    const leftovers = [
      ...(await removeTempFiles(options.dataDir)),
      ...(await removeTempFiles(path.join(options.dataDir, 'session'))),
    ].length + (await media.removeLeftovers());
    if (leftovers > 0) log(`removed ${leftovers} temp file(s) a previous run left behind`);
    if (configured || !options.standalone) {
      connection.setBackendUrl(configured);
      setStartup({ phase: 'ready', done: 0, total: 0, detail: null });
      await sync.dropStaleSession();
      return;
    }
    await useEmbedded();
    if (!embedded) connection.setBackendUrl(null);
  })();
  void ready.then(() => publishSession()).catch(() => undefined);

  /**
   * The backend address changed. A session is valid on the backend it was made on only, so it ends
   * (its tokens are revoked in the background); that pair's local data stays on this machine, and is
   * synced again when it signs in again. Standalone signs in to the embedded backend by itself.
   */
  const switchBackend = async (url: string | null): Promise<void> => {
    await ready.catch(() => undefined);
    await sync.logout({ wait: false });
    configured = url;
    if (url) connection.setBackendUrl(url);
    else if (options.standalone) await useEmbedded();
    else connection.setBackendUrl(null);
    await publishSession();
  };

  const handlers: IpcHandlers = {
    ...createHandlers({
      mode: options.mode,
      tokenStorage,
      settings,
      connection,
      events,
      sync,
      media,
      embeddedUrl: () => embedded?.url ?? null,
      ready,
      switchBackend,
      publishSession,
    }),
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
      await embeddedStart?.catch(() => null);
      sync.dispose();
      await embedded?.close();
      embedded = null;
    },
  };
}
