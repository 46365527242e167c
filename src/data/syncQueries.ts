/**
 * Live counts for the status bar, read from IndexedDB itself: a decision made offline shows up as
 * pending the moment its transaction commits, not whenever the sync engine next wakes up.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { appDb } from './db';

/** `undefined` until the first count is read: a status bar saying "0 pending" before it knows would be a lie. */
export function usePendingCount(): number | undefined {
  return useLiveQuery(() => appDb().outbox.count(), []);
}

export function useOpenConflictCount(): number {
  return useLiveQuery(() => appDb().conflicts.filter((c) => c.resolution === null).count(), [], 0);
}
