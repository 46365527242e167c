import type { IpcChannel, IpcEvent, LocalChannel, RelayChannel } from './channels';
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

/** The channels main answers itself, grouped by area: `gavel.app.info()`, `gavel.settings.set({...})`. */
export type GavelCalls = {
  [A in Area<LocalChannel>]: { [K in Extract<LocalChannel, `${A}:${string}`> as Action<K>]: IpcMethod<K> };
};

/** The relayed HTTP routes (common/api/routes.ts names them), grouped the same way for the renderer. */
export type RelayCalls = {
  [A in Area<RelayChannel>]: { [K in Extract<RelayChannel, `${A}:${string}`> as Action<K>]: IpcMethod<K> };
};

/**
 * `window.gavel`: main's own channels grouped by area, `relay(channel, request)` for every route the
 * table relays, and `on(event, listener)` returning its unsubscribe. Built by preload (Electron) and by
 * the browser bridge from the same code (client.ts), so both expose exactly this shape.
 */
export type GavelApi = GavelCalls & {
  readonly mode: RuntimeMode;
  relay<C extends RelayChannel>(channel: C, request?: IpcRequest<C>): Promise<IpcResult<IpcResponse<C>>>;
  on<E extends IpcEvent>(event: E, listener: IpcEventListener<E>): () => void;
};
