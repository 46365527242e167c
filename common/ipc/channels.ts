/**
 * The names of the IPC channels main answers itself and of every event, as plain data with no zod: the
 * sandboxed preload and the browser bridge import only this (and client.ts), so they stay tiny.
 * contract.ts is checked at compile time to declare exactly these channels.
 */
import type { RelayChannel } from '../api/routes';

/** Channels main answers itself. */
export const LOCAL_CHANNELS = [
  'app:info',
  'app:ping',
  'settings:get',
  'settings:set',
  'connection:get',
  'session:status',
  'session:login',
  'session:logout',
  'sync:pull',
  'sync:push',
  'sync:claim',
  'sync:heartbeat',
  'sync:case',
  'media:get',
  'app:startup',
  'diagnostics:export',
  'update:status',
  'update:check',
  'update:download',
  'update:install',
] as const;
export type LocalChannel = (typeof LOCAL_CHANNELS)[number];

/**
 * Channels that relay one HTTP route unchanged (main adds the token and validates the answer) are not
 * listed here: the route's entry in common/api/routes.ts names its channel, and the preload carries them
 * all through one generic `gavel.relay(channel, request)`, whose channel main checks against the table.
 * So this file stays zod-free, and adding a relayed route touches no IPC file.
 */
export type { RelayChannel };
export type IpcChannel = LocalChannel | RelayChannel;

/** Events flow main → renderer only. */
export const IPC_EVENTS = ['connection:state', 'settings:changed', 'session:changed', 'app:startup', 'app:error', 'update:state', 'diagnostics:request'] as const;
export type IpcEvent = (typeof IPC_EVENTS)[number];

/**
 * Electron carries every call over one invoke channel (and every event over one event channel), so the
 * router, not ipcMain's registry, is what refuses an unknown channel: the same code path as the WebSocket.
 */
export const ELECTRON_INVOKE_CHANNEL = 'gavel:invoke';
export const ELECTRON_EVENT_CHANNEL = 'gavel:event';

export const isLocalChannel = (value: unknown): value is LocalChannel =>
  typeof value === 'string' && (LOCAL_CHANNELS as readonly string[]).includes(value);
/** The shape of a channel name: the preload refuses anything else before it reaches the transport. */
export const CHANNEL_NAME = /^[a-z][a-z-]*:[a-zA-Z]+$/;
export const isIpcEvent = (value: unknown): value is IpcEvent =>
  typeof value === 'string' && (IPC_EVENTS as readonly string[]).includes(value);
