import type { IpcHandlers } from '@common/ipc/router';
import type { RuntimeMode } from '@common/ipc/types';
import { createConnectionMonitor } from './connectionMonitor';
import { createEventHub, type EventHub } from './eventHub';
import { createHandlers } from './handlers';
import { createSettingsStore, type SettingsStore } from './settingsStore';

export type MainServices = {
  handlers: IpcHandlers;
  events: EventHub;
  settings: SettingsStore;
  dispose(): void;
};

/**
 * The composition root shared by Electron main and the browser-mode host: everything here runs in plain
 * Node, so both transports serve the very same services.
 */
export async function createMainServices(options: { dataDir: string; mode: RuntimeMode }): Promise<MainServices> {
  const events = createEventHub();
  const settings = createSettingsStore(options.dataDir);
  const connection = createConnectionMonitor({ onChange: (state) => events.emit('connection:state', state) });
  connection.setBackendUrl((await settings.get()).backendUrl ?? null);
  const handlers = createHandlers({ mode: options.mode, settings, connection, events });
  return { handlers, events, settings, dispose: () => connection.stop() };
}
