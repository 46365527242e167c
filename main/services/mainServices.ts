import type { IpcHandlers } from '@common/ipc/router';
import type { RuntimeMode } from '@common/ipc/types';
import { createConnectionMonitor } from './connectionMonitor';
import { createEventHub, type EventHub } from './eventHub';
import { createHandlers } from './handlers';
import path from 'node:path';
import { makePrivate, privateByDefault } from '../../server/db/privateFiles';
import { startEmbeddedBackend, type EmbeddedBackend } from './embeddedBackend';
import { MediaCache } from './mediaCache';
import { fileVault, type Cipher } from './session';
import { describeTokenStorage } from './tokenStorage';
import type { TokenStorage } from '@common/ipc/types';
import { createSettingsStore, type SettingsStore } from './settingsStore';
import { SyncService } from './syncService';

export type MainServices = {
  handlers: IpcHandlers;
  events: EventHub;
  settings: SettingsStore;
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
  const sessionDir = path.join(options.dataDir, 'session');
  const sync = new SyncService({ vault: fileVault(sessionDir, options.cipher) });
  const tokenStorage = describeTokenStorage(sessionDir, options.cipher, options.noCipherReason ?? null);
  const configured = (await settings.get()).backendUrl ?? null;
  let embedded: EmbeddedBackend | null = null;
  let disposed = false;

  // Standalone mode starts in the background: the window is up at once and shows "connecting"
  // while PGlite opens (and, on first run, seeds the demo cases).
  const ready = (async () => {
    const standalone = options.standalone;
    if (configured || !standalone) {
      connection.setBackendUrl(configured);
      return;
    }
    try {
      const backend = await startEmbeddedBackend({ dataDir: options.dataDir, seed: standalone.seed, username: standalone.username, demo: standalone.demo });
      if (disposed) return void (await backend.close());
      embedded = backend;
      await sync.attachEmbedded(backend);
      connection.setBackendUrl(backend.url);
      log(`embedded backend on ${backend.url}${backend.seeded ? ` (seeded ${backend.seeded} demo cases)` : ''}`);
      events.emit('session:changed', await sync.status());
    } catch (error) {
      log(`embedded backend failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      connection.setBackendUrl(null);
    }
  })();

  const media = new MediaCache({
    dir: path.join(options.dataDir, 'media'),
    baseUrl: () => sync.session.baseUrl(),
    // The platform's media hosts from Settings, and exactly the backend's own origin (the configured
    // one, or the embedded backend's loopback origin in standalone mode): nothing else on loopback or the LAN.
    policy: async () => {
      const current = await settings.get();
      const bases = [await sync.session.baseUrl(), current.backendUrl].filter((u): u is string => !!u);
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
  const handlers = createHandlers({ mode: options.mode, tokenStorage, settings, connection, events, sync, media, embeddedUrl: () => embedded?.url ?? null });
  return {
    handlers,
    events,
    settings,
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
