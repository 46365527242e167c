import type { GavelApi, GavelCalls } from '@common/ipc/api';
import { IPC_CHANNELS } from '@common/ipc/channels';
import type { IpcError, IpcResult } from '@common/ipc/result';

/**
 * The renderer's only door to main. Components and features never touch `window.gavel` (lint enforces);
 * they use the repositories and hooks in src/data, which go through here.
 */
export class BridgeMissingError extends Error {
  constructor() {
    super('window.gavel is missing: open Gavel through Electron or the URL printed by `npm run start:browser`.');
    this.name = 'BridgeMissingError';
  }
}

/** An `{ok: false}` IPC result as an exception, keeping code and field for the UI. */
export class IpcCallError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  constructor(error: IpcError) {
    super(error.message);
    this.name = 'IpcCallError';
    this.code = error.code;
    this.field = error.field;
  }
}

export function hasBridge(): boolean {
  return window.gavel !== undefined;
}

export function gavel(): GavelApi {
  const api = window.gavel;
  if (!api) throw new BridgeMissingError();
  return api;
}

export async function unwrap<T>(pending: Promise<IpcResult<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new IpcCallError(result.error);
  return result.data;
}

type Unwrapped<M> = M extends (...args: infer A) => Promise<IpcResult<infer T>> ? (...args: A) => Promise<T> : never;
export type AreaCalls<A extends keyof GavelCalls> = { readonly [K in keyof GavelCalls[A]]: Unwrapped<GavelCalls[A][K]> };

/**
 * One area of `window.gavel` with every call unwrapped (`{ok: false}` throws IpcCallError), e.g.
 * `areaCalls('qa').preview(plan)`. Built from the channel list, so a new channel needs no code here.
 */
export function areaCalls<A extends keyof GavelCalls>(area: A): AreaCalls<A> {
  const calls: Record<string, (request?: unknown) => Promise<unknown>> = {};
  for (const channel of IPC_CHANNELS) {
    const [group, action] = channel.split(':') as [string, string];
    if (group !== area) continue;
    calls[action] = async (request?: unknown) => {
      const methods = gavel()[area] as Record<string, (request?: unknown) => Promise<IpcResult<unknown>>>;
      return await unwrap(methods[action]!(request));
    };
  }
  // The calls are built from the same list GavelCalls is derived from; this cast is where they meet.
  return Object.freeze(calls) as unknown as AreaCalls<A>;
}
