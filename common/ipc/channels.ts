/**
 * The names of every IPC channel and event, as plain data with no zod: the sandboxed preload and the
 * browser bridge import only this (and client.ts), so they stay tiny. contract.ts is checked at compile
 * time to declare exactly these channels, so the list cannot drift from the schemas.
 */

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
  'media:get',
] as const;
export type LocalChannel = (typeof LOCAL_CHANNELS)[number];

/**
 * Channels that relay one HTTP route unchanged: main adds the token and validates the answer. The
 * route's entry in common/api/routes.ts names the channel and supplies its request schema and response
 * type; the compiler checks those names against this list both ways.
 */
export const RELAY_CHANNELS = [
  'sync:push',
  'sync:claim',
  'sync:heartbeat',
  'qa:preview',
  'qa:createPlan',
  'qa:plans',
  'qa:records',
  'qa:override',
  'qa:golden',
  'qa:registerGolden',
  'policy:publish',
  'policy:whatIf',
] as const;
export type RelayChannel = (typeof RELAY_CHANNELS)[number];

export const IPC_CHANNELS = [...LOCAL_CHANNELS, ...RELAY_CHANNELS] as const;
export type IpcChannel = (typeof IPC_CHANNELS)[number];

/** Events flow main → renderer only. */
export const IPC_EVENTS = ['connection:state', 'settings:changed', 'session:changed'] as const;
export type IpcEvent = (typeof IPC_EVENTS)[number];

/**
 * Electron carries every call over one invoke channel (and every event over one event channel), so the
 * router, not ipcMain's registry, is what refuses an unknown channel: the same code path as the WebSocket.
 */
export const ELECTRON_INVOKE_CHANNEL = 'gavel:invoke';
export const ELECTRON_EVENT_CHANNEL = 'gavel:event';

export const isIpcChannel = (value: unknown): value is IpcChannel =>
  typeof value === 'string' && (IPC_CHANNELS as readonly string[]).includes(value);
export const isIpcEvent = (value: unknown): value is IpcEvent =>
  typeof value === 'string' && (IPC_EVENTS as readonly string[]).includes(value);
