/**
 * What the status bar says about sync, from facts only: connectivity from main's probe (not from
 * the last push), the outbox count, and how the last sync round ended. "Synced" is said only when
 * nothing waits to upload and the last round, its pull included, succeeded.
 */
import type { ConnectionStatus } from '@common/ipc/types';
import type { SyncState } from '../../sync/engine';
import type { Tone } from '../../ui/StatusDot';

export type SyncLabel = 'offline' | 'connecting' | 'storageFull' | 'syncing' | 'pending' | 'failed' | 'notYet' | 'synced';

export function syncLabel(connection: ConnectionStatus | undefined, sync: SyncState, pending: number | undefined): { label: SyncLabel; tone: Tone } {
  if (connection === 'offline') return { label: 'offline', tone: 'bad' };
  if (connection !== 'online') return { label: 'connecting', tone: 'warn' };
  // A full disk is not an outage: the backend is there, this machine cannot store what it sends.
  if (sync.lastFailure === 'storage') return { label: 'storageFull', tone: 'bad' };
  if (sync.busy) return { label: 'syncing', tone: 'idle' };
  if (pending === undefined) return { label: 'notYet', tone: 'idle' };
  if (pending > 0) return { label: 'pending', tone: 'warn' };
  if (sync.lastError !== null) return { label: 'failed', tone: 'bad' };
  if (sync.lastSyncAt === null) return { label: 'notYet', tone: 'idle' };
  return { label: 'synced', tone: 'ok' };
}
