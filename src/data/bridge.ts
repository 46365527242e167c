import type { GavelApi } from '@common/ipc/api';
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
