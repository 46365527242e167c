import type { GavelApi } from './api';
import { CHANNEL_NAME, isIpcEvent, LOCAL_CHANNELS, type IpcChannel, type IpcEvent } from './channels';
import type { IpcResult } from './result';
import type { RuntimeMode } from './types';

/** What a transport must provide: Electron's ipcRenderer in preload, a WebSocket in the browser bridge. */
export type IpcTransport = {
  invoke(channel: IpcChannel, request: unknown): Promise<IpcResult<unknown>>;
  subscribe(event: IpcEvent, listener: (payload: unknown) => void): () => void;
};

/**
 * Build `window.gavel` from the local channel list, plus one `relay` door for the routes the table
 * relays. No zod here on purpose: validation happens in main, and this file is bundled into the
 * sandboxed preload and the browser bridge.
 */
export function buildGavelApi(transport: IpcTransport, mode: RuntimeMode): GavelApi {
  const groups: Record<string, Record<string, (request?: unknown) => Promise<IpcResult<unknown>>>> = {};
  for (const channel of LOCAL_CHANNELS) {
    const [area, action] = channel.split(':') as [string, string];
    const group = (groups[area] ??= {});
    group[action] = (request?: unknown) => transport.invoke(channel, request);
  }
  for (const group of Object.values(groups)) Object.freeze(group);
  const api = {
    ...groups,
    mode,
    relay(channel: IpcChannel, request?: unknown): Promise<IpcResult<unknown>> {
      // Main checks the channel against the route table; here only its shape, so the page cannot use
      // this door to send anything but a channel name.
      if (typeof channel !== 'string' || !CHANNEL_NAME.test(channel)) return Promise.reject(new TypeError(`Not a channel: ${String(channel)}`));
      return transport.invoke(channel, request);
    },
    on(event: IpcEvent, listener: (payload: unknown) => void): () => void {
      // The page is not trusted to name channels: only declared events can be subscribed.
      if (!isIpcEvent(event)) throw new TypeError(`Unknown event: ${String(event)}`);
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      return transport.subscribe(event, listener);
    },
  };
  // The groups are built from the same list the GavelApi type is derived from; the cast is the one place
  // where the runtime loop and the mapped type meet (client.test.ts checks every channel is present).
  return Object.freeze(api) as unknown as GavelApi;
}
