import os from 'node:os';
import { relayRoutes, routes } from '@common/api/routes';
import { RELAY_CHANNELS, type RelayChannel } from '@common/ipc/channels';
import { IpcHandlerError } from '@common/ipc/result';
import type { IpcHandlers } from '@common/ipc/router';
import type { RuntimeMode, TokenStorage } from '@common/ipc/types';
import { APP_NAME, APP_VERSION } from '@common/version';
import type { ConnectionMonitor } from './connectionMonitor';
import type { EventHub } from './eventHub';
import type { SettingsStore } from './settingsStore';
import type { BackendClient } from './backendClient';
import { MediaError, mediaPath, type MediaCache } from './mediaCache';
import { syncErrorCode, type SyncService } from './syncService';

export type HandlerDeps = {
  mode: RuntimeMode;
  tokenStorage: TokenStorage;
  settings: SettingsStore;
  connection: ConnectionMonitor;
  events: EventHub;
  sync: SyncService;
  media: MediaCache;
  /** The embedded backend's URL once it runs (standalone mode), for sign-in without a configured URL. */
  embeddedUrl: () => string | null;
};

/** Transport and session failures keep their code (`offline`, `unauthorized`, …) across IPC. */
async function viaBackend<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = syncErrorCode(error);
    if (code === null) throw error;
    const field = typeof (error as { field?: unknown }).field === 'string' ? (error as { field: string }).field : undefined;
    throw new IpcHandlerError(code, error instanceof Error ? error.message : String(error), field);
  }
}

/**
 * The channels that relay one HTTP route (common/api/routes.ts names them): the parsed request goes out
 * as the route's body or query, and the validated answer comes back. Roles are the backend's to enforce;
 * the tokens stay here.
 */
function relayHandlers(client: BackendClient): Pick<IpcHandlers, RelayChannel> {
  const relays: Partial<Record<RelayChannel, (request: unknown) => Promise<unknown>>> = {};
  for (const channel of RELAY_CHANNELS) {
    const route = relayRoutes[channel];
    relays[channel] = (request) => viaBackend(() => client.send(route, request));
  }
  // Built from the same list RelayChannel is; each handler returns its route's validated answer type.
  return relays as Pick<IpcHandlers, RelayChannel>;
}

function osUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown'; // no passwd entry (some containers)
  }
}

/**
 * The IPC handlers, written once for both transports. Requests arrive already parsed by the router;
 * handlers only do the work. Later issues add their channels here (or in a sibling module spread in).
 */
export function createHandlers(deps: HandlerDeps): IpcHandlers {
  return {
    'app:info': async () => {
      const user = await deps.sync.session.user();
      return {
        name: APP_NAME,
        version: APP_VERSION,
        mode: deps.mode,
        platform: process.platform,
        osUser: osUserName(),
        user: user ? { id: user.id, displayName: user.displayName } : null,
        tokenStorage: deps.tokenStorage,
      };
    },
    'app:ping': ({ nonce }) => ({ pong: nonce, at: new Date().toISOString() }),
    'settings:get': () => deps.settings.get(),
    'settings:set': async (patch) => {
      const before = await deps.settings.get();
      const next = await deps.settings.update(patch);
      if (next.backendUrl !== before.backendUrl) deps.connection.setBackendUrl(next.backendUrl ?? null);
      deps.events.emit('settings:changed', next);
      return next;
    },
    'connection:get': () => deps.connection.getState(),
    'session:status': () => deps.sync.status(),
    'session:login': async ({ backendUrl, username, password }) => {
      const url = backendUrl ?? (await deps.settings.get()).backendUrl ?? deps.embeddedUrl();
      if (!url) throw new IpcHandlerError('not_configured', 'No backend to sign in to: set its address in Settings.', 'backendUrl');
      const status = await viaBackend(() => deps.sync.login(url, username, password));
      deps.connection.setBackendUrl(url);
      deps.events.emit('session:changed', status);
      return status;
    },
    'session:logout': async () => {
      const status = await deps.sync.logout();
      deps.events.emit('session:changed', status);
      return status;
    },
    // Not a relay: the IPC request takes numbers and a larger default page than the HTTP query string.
    'sync:pull': (query) => viaBackend(() => deps.sync.client.call(routes.pull, query)),
    ...relayHandlers(deps.sync.client),
    'media:get': async (request) => {
      try {
        const cached = await deps.media.get(request);
        return { url: mediaPath(request.sha256), mimeType: cached.mimeType, bytes: cached.bytes };
      } catch (error) {
        if (error instanceof MediaError) throw new IpcHandlerError(error.code, error.message);
        throw error;
      }
    },
  };
}
