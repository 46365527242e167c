import type { IPC_EVENTS, IpcEvent } from './channels';
import type { Settings } from './settings';
import type { AppErrorNotice, ConnectionState, SessionStatus, StartupState, UpdateState } from './types';

/** main → renderer events and their payloads. */
export type IpcEventMap = {
  /** The backend connection changed (probe result, URL changed). */
  'connection:state': ConnectionState;
  /** Settings were changed (by this window or another). */
  'settings:changed': Settings;
  /** Signed in, signed out, or the backend changed (standalone ↔ configured). */
  'session:changed': SessionStatus;
  /** Standalone start-up progress (opening the database, seeding demo cases on first run, signing in). */
  'app:startup': StartupState;
  /** Main caught an error it could not attribute to a call: logged, and shown as recoverable. */
  'app:error': AppErrorNotice;
  /** The update check, download or install moved on. */
  'update:state': UpdateState;
  /** Help → Export diagnostics in the native menu: the renderer adds its counts and exports. */
  'diagnostics:request': null;
};

// Compile-time check that IpcEventMap and IPC_EVENTS name the same events, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _eventsMatch: Same<keyof IpcEventMap, IpcEvent> = true;
const _listMatches: Same<(typeof IPC_EVENTS)[number], keyof IpcEventMap> = true;
void _eventsMatch;
void _listMatches;

export type IpcEventListener<E extends IpcEvent> = (payload: IpcEventMap[E]) => void;
