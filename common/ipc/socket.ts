import type { IpcResult } from './result';

/**
 * Browser mode's wire format over the host WebSocket (JSON text frames). The bridge sends `invoke`; the
 * host answers with `result` for the same id and pushes `event`s. Plain types and a hand-written guard
 * (no zod) because the bridge bundles this file.
 */
export type SocketInvoke = { type: 'invoke'; id: number; channel: string; request?: unknown };
export type SocketResult = { type: 'result'; id: number; result: IpcResult<unknown> };
export type SocketEvent = { type: 'event'; event: string; payload: unknown };
export type SocketServerMessage = SocketResult | SocketEvent;

/** Path of the IPC WebSocket on the host. */
export const SOCKET_PATH = '/__gavel/ipc';
/** Largest frame the host accepts; IPC requests are small, bulk data goes elsewhere. */
export const SOCKET_MAX_PAYLOAD = 1024 * 1024;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function parseSocketInvoke(raw: string): SocketInvoke | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(value) || value.type !== 'invoke') return null;
  if (typeof value.id !== 'number' || !Number.isSafeInteger(value.id) || typeof value.channel !== 'string') return null;
  return { type: 'invoke', id: value.id, channel: value.channel, request: value.request };
}

export function parseSocketServerMessage(raw: string): SocketServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  if (value.type === 'result' && typeof value.id === 'number' && isRecord(value.result)) {
    return value as SocketResult;
  }
  if (value.type === 'event' && typeof value.event === 'string') return value as SocketEvent;
  return null;
}
