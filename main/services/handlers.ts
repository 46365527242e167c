import os from 'node:os';
import { relayRoutes, routes } from '@common/api/routes';
import type { RelayChannel } from '@common/ipc/channels';
import { IpcHandlerError } from '@common/ipc/result';
import type { IpcHandlers } from '@common/ipc/router';
import type { RuntimeMode, TokenStorage } from '@common/ipc/types';
import { APP_NAME, APP_VERSION } from '@common/version';
import type { ConnectionMonitor } from './connectionMonitor';
import type { OpsChannels } from './opsHandlers';
import type { EventHub } from './eventHub';
import type { SettingsStore } from './settingsStore';
import type { BackendClient } from './backendClient';
import { isDiskFull } from './diskErrors';
import { MediaError, mediaPath, type MediaCache } from './mediaCache';
import { pushChecked } from './pushCheck';
import { syncErrorCode, type SessionStatus, type SyncService } from './syncService';

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
  /** Resolves once the backend the app starts on is known (standalone: the embedded one is up). */
  ready?: Promise<void>;
  /**
   * Point the app at another backend (null: standalone). The session belongs to the backend it was
   * made on, so it ends; the pair's local data stays, for when it signs in again.
   */
  switchBackend?: (url: string | null) => Promise<void>;
  /** Tells every window who is signed in now (and scopes the media cache to that pair). */
  publishSession: () => Promise<SessionStatus>;
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
  for (const channel of Object.keys(relayRoutes) as RelayChannel[]) {
    const route = relayRoutes[channel];
    // A route without a body or query takes its path parameters as the request (see common/ipc/contract.ts).
    const asParams = 'params' in route && !('body' in route) && !('query' in route);
    relays[channel] = (request) => viaBackend(() => client.send(route, request, asParams ? (request as Record<string, string>) : undefined));
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
export function createHandlers(deps: HandlerDeps): Omit<IpcHandlers, OpsChannels> {
  /**
   * Sync calls name the pair's store they were made for: once another pair is signed in (another
   * window switched, the backend changed), a call for the old one is refused before anything is
   * sent, so a decision can never leave under another account or for another backend.
   */
  const forStore = async <T>(store: string, work: () => Promise<T>): Promise<T> => {
    const current = (await deps.sync.status()).store;
    if (current !== store) throw new IpcHandlerError('wrong_store', current ? 'Another account is signed in now; this call was for the previous one and was not sent.' : 'Nobody is signed in; this call was not sent.');
    return viaBackend(work);
  };
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
      let next;
      try {
        next = await deps.settings.update(patch);
      } catch (error) {
        if (isDiskFull(error)) throw new IpcHandlerError('disk_full', 'The disk is full: the settings could not be saved. Free some disk space and try again; the previous settings are unchanged.');
        throw error;
      }
      if (next.backendUrl !== before.backendUrl) {
        if (deps.switchBackend) await deps.switchBackend(next.backendUrl ?? null);
        else deps.connection.setBackendUrl(next.backendUrl ?? null);
      }
      deps.events.emit('settings:changed', next);
      return next;
    },
    'connection:get': () => deps.connection.getState(),
    // After start-up has settled which backend the app is on: a session kept from the last run may
    // belong to an embedded backend that now listens elsewhere, and is renewed by then.
    'session:status': async () => {
      await deps.ready?.catch(() => undefined);
      return deps.sync.status();
    },
    'session:login': async ({ backendUrl, username, password }) => {
      const url = backendUrl ?? (await deps.settings.get()).backendUrl ?? deps.embeddedUrl();
      if (!url) throw new IpcHandlerError('not_configured', 'No backend to sign in to: set its address in Settings.', 'backendUrl');
      await viaBackend(() => deps.sync.login(url, username, password));
      deps.connection.setBackendUrl(url);
      return deps.publishSession();
    },
    'session:logout': async () => {
      await deps.sync.logout();
      return deps.publishSession();
    },
    // Not a relay: the IPC request takes numbers and a larger default page than the HTTP query string.
    'sync:pull': ({ store, ...query }) => forStore(store, () => deps.sync.client.call(routes.pull, query)),
    'sync:push': ({ store, mutations }) => forStore(store, () => pushChecked(mutations, (valid) => deps.sync.client.call(routes.push, { mutations: valid }))),
    'sync:claim': ({ store, ...request }) => forStore(store, () => deps.sync.client.call(routes.claim, request)),
    'sync:heartbeat': ({ store, caseIds }) => forStore(store, () => deps.sync.client.call(routes.heartbeat, { caseIds })),
    'sync:case': ({ store, caseId }) => forStore(store, () => deps.sync.client.call(routes.caseById, undefined, { caseId })),
    ...relayHandlers(deps.sync.client),
    'media:get': async (request) => {
      try {
        const cached = await deps.media.get(request);
        return { url: mediaPath(request.sha256), mimeType: cached.mimeType, bytes: cached.bytes };
      } catch (error) {
        if (error instanceof MediaError) throw new IpcHandlerError(error.code, error.message);
        if (isDiskFull(error)) throw new IpcHandlerError('disk_full', 'The disk is full: this media file could not be kept. Free some disk space and reveal it again.');
        throw error;
      }
    },
  };
}
