import type { IPC_EVENTS, IpcEvent } from './channels';
import type { Settings } from './settings';
import type { ConnectionState, SessionStatus } from './types';

/** main → renderer events and their payloads. */
export type IpcEventMap = {
  /** The backend connection changed (probe result, URL changed). */
  'connection:state': ConnectionState;
  /** Settings were changed (by this window or another). */
  'settings:changed': Settings;
  /** Signed in, signed out, or the backend changed (standalone ↔ configured). */
  'session:changed': SessionStatus;
};

// Compile-time check that IpcEventMap and IPC_EVENTS name the same events, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _eventsMatch: Same<keyof IpcEventMap, IpcEvent> = true;
const _listMatches: Same<(typeof IPC_EVENTS)[number], keyof IpcEventMap> = true;
void _eventsMatch;
void _listMatches;

export type IpcEventListener<E extends IpcEvent> = (payload: IpcEventMap[E]) => void;
