/**
 * Live counts for the status bar, read from IndexedDB itself: a decision made offline shows up as
 * pending the moment its transaction commits, not whenever the sync engine next wakes up.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { appDb } from './db';

export function usePendingCount(): number {
  return useLiveQuery(() => appDb().outbox.count(), [], 0);
}

export function useOpenConflictCount(): number {
  return useLiveQuery(() => appDb().conflicts.filter((c) => c.resolution === null).count(), [], 0);
}
