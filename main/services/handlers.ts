import os from 'node:os';
import type { IpcHandlers } from '@common/ipc/router';
import type { RuntimeMode } from '@common/ipc/types';
import { APP_NAME, APP_VERSION } from '@common/version';
import type { ConnectionMonitor } from './connectionMonitor';
import type { EventHub } from './eventHub';
import type { SettingsStore } from './settingsStore';

export type HandlerDeps = {
  mode: RuntimeMode;
  settings: SettingsStore;
  connection: ConnectionMonitor;
  events: EventHub;
};

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
    'app:info': () => ({
      name: APP_NAME,
      version: APP_VERSION,
      mode: deps.mode,
      platform: process.platform,
      osUser: osUserName(),
      user: null,
    }),
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
  };
}
