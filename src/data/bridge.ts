import { relayRoutes } from '@common/api/routes';
import type { GavelApi, RelayCalls } from '@common/ipc/api';
import type { RelayChannel } from '@common/ipc/channels';
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
export type AreaCalls<A extends keyof RelayCalls> = { readonly [K in keyof RelayCalls[A]]: Unwrapped<RelayCalls[A][K]> };

/**
 * The relayed routes of one area with every call unwrapped (`{ok: false}` throws IpcCallError), e.g.
 * `relayCalls('qa').preview(plan)`. Built from the route table (an entry's `ipc` name), so a new
 * relayed route needs no code here or in any IPC file.
 */
export function relayCalls<A extends keyof RelayCalls>(area: A): AreaCalls<A> {
  const calls: Record<string, (request?: unknown) => Promise<unknown>> = {};
  for (const channel of Object.keys(relayRoutes) as RelayChannel[]) {
    const [group, action] = channel.split(':') as [string, string];
    if (group !== area) continue;
    calls[action] = async (request?: unknown) => await unwrap(gavel().relay(channel, request as never));
  }
  // The calls are built from the same table RelayCalls is derived from; this cast is where they meet.
  return Object.freeze(calls) as unknown as AreaCalls<A>;
}
