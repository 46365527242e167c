import type { IpcChannel, IpcEvent } from './channels';
import type { IpcRequest, IpcResponse } from './contract';
import type { IpcEventListener } from './events';
import type { IpcResult } from './result';
import type { RuntimeMode } from './types';

type Area<K extends string> = K extends `${infer A}:${string}` ? A : never;
type Action<K extends string> = K extends `${string}:${infer B}` ? B : never;

/** A channel becomes a method; channels whose request is `undefined` take no argument. */
export type IpcMethod<K extends IpcChannel> = [IpcRequest<K>] extends [undefined]
  ? () => Promise<IpcResult<IpcResponse<K>>>
  : (request: IpcRequest<K>) => Promise<IpcResult<IpcResponse<K>>>;

export type GavelCalls = {
  [A in Area<IpcChannel>]: { [K in Extract<IpcChannel, `${A}:${string}`> as Action<K>]: IpcMethod<K> };
};

/**
 * `window.gavel`: the contract grouped by area (`gavel.app.info()`, `gavel.settings.set({...})`), plus
 * `on(event, listener)` returning its unsubscribe. Built by preload (Electron) and by the browser bridge
 * from the same code (client.ts), so both expose exactly this shape.
 */
export type GavelApi = GavelCalls & {
  readonly mode: RuntimeMode;
  on<E extends IpcEvent>(event: E, listener: IpcEventListener<E>): () => void;
};
