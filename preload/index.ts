import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { GavelApi } from '@common/ipc/api';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL, type IpcEvent } from '@common/ipc/channels';
import { buildGavelApi } from '@common/ipc/client';
import type { IpcResult } from '@common/ipc/result';

/**
 * The Electron preload: exposes `window.gavel`, built from the contract, and nothing else. The page never
 * sees ipcRenderer; it can only call declared channels (main validates again) and subscribe to declared
 * events. Bundled as CommonJS (electron.vite.config.ts): a sandboxed preload cannot be an ES module.
 */
const api = buildGavelApi(
  {
    invoke: (channel, request) => ipcRenderer.invoke(ELECTRON_INVOKE_CHANNEL, channel, request) as Promise<IpcResult<unknown>>,
    subscribe(event: IpcEvent, listener) {
      const forward = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
        if (name === event) listener(payload);
      };
      ipcRenderer.on(ELECTRON_EVENT_CHANNEL, forward);
      return () => {
        ipcRenderer.off(ELECTRON_EVENT_CHANNEL, forward);
      };
    },
  },
  'electron',
) satisfies GavelApi;

contextBridge.exposeInMainWorld('gavel', api);
