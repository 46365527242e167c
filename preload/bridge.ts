import type { GavelApi } from '@common/ipc/api';
import type { IpcChannel, IpcEvent } from '@common/ipc/channels';
import { buildGavelApi } from '@common/ipc/client';
import type { IpcResult } from '@common/ipc/result';
import { parseSocketServerMessage, SOCKET_PATH, type SocketInvoke } from '@common/ipc/socket';

/**
 * Browser mode's stand-in for the Electron preload: the host injects this script before the app, and it
 * builds the same `window.gavel` from the same contract code, carried over a WebSocket to the host (same
 * origin; the HttpOnly session cookie authenticates the upgrade). Calls made before the socket opens are
 * queued; if the socket closes, pending and later calls resolve to `{ok: false, code: 'disconnected'}`.
 */
(function installBridge(): void {
  type Pending = (result: IpcResult<unknown>) => void;
  const pending = new Map<number, Pending>();
  const queued: string[] = [];
  const listeners = new Map<IpcEvent, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let closed = false;

  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${SOCKET_PATH}`);
  const disconnected = (): IpcResult<never> => ({
    ok: false,
    error: { code: 'disconnected', message: 'The Gavel host is not reachable; restart it and reload.' },
  });

  socket.addEventListener('open', () => {
    for (const frame of queued.splice(0)) socket.send(frame);
  });
  socket.addEventListener('message', (e: MessageEvent) => {
    const message = typeof e.data === 'string' ? parseSocketServerMessage(e.data) : null;
    if (!message) return;
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else {
      for (const listener of listeners.get(message.event as IpcEvent) ?? []) listener(message.payload);
    }
  });
  socket.addEventListener('close', () => {
    closed = true;
    for (const resolve of pending.values()) resolve(disconnected());
    pending.clear();
  });

  const api = buildGavelApi(
    {
      invoke(channel: IpcChannel, request: unknown) {
        if (closed) return Promise.resolve(disconnected());
        const id = nextId++;
        const frame = JSON.stringify({ type: 'invoke', id, channel, request } satisfies SocketInvoke);
        return new Promise<IpcResult<unknown>>((resolve) => {
          pending.set(id, resolve);
          if (socket.readyState === WebSocket.OPEN) socket.send(frame);
          else queued.push(frame);
        });
      },
      subscribe(event, listener) {
        const set = listeners.get(event) ?? new Set();
        listeners.set(event, set);
        set.add(listener);
        return () => {
          set.delete(listener);
        };
      },
    },
    'browser',
  ) satisfies GavelApi;

  // Non-writable and non-configurable, as close as a plain page gets to contextBridge's frozen object.
  Object.defineProperty(window, 'gavel', { value: api, writable: false, configurable: false, enumerable: true });

  // Electron refuses navigation away from the app in main (will-navigate). A browser tab has no such
  // hook, so the Navigation API cancels any cross-document navigation the page starts to another origin.
  const nav = (window as unknown as { navigation?: EventTarget }).navigation;
  nav?.addEventListener('navigate', (event: Event) => {
    const e = event as Event & { destination?: { url: string }; cancelable: boolean };
    const target = e.destination ? new URL(e.destination.url) : null;
    if (target && target.origin !== location.origin && e.cancelable) e.preventDefault();
  });
})();
