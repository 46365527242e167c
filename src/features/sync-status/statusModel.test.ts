import { describe, expect, it } from 'vitest';
import type { SyncState } from '../../sync/engine';
import { syncLabel } from './statusModel';

const idle: SyncState = { online: true, busy: false, lastSyncAt: '2026-12-06T08:00:00Z', lastError: null, lastErrorCode: null, lastFailure: null, progress: null };

describe('what the status bar says about sync', () => {
  it('says "synced" only with nothing pending, the last pull through, and the backend reachable by probe', () => {
    expect(syncLabel('online', idle, 0).label).toBe('synced');
    expect(syncLabel('online', idle, 1).label).toBe('pending');
    expect(syncLabel('online', { ...idle, lastError: 'HTTP 500', lastFailure: 'transient' }, 0).label).toBe('failed');
    expect(syncLabel('online', { ...idle, lastSyncAt: null }, 0).label).toBe('notYet');
    expect(syncLabel('online', idle, undefined).label).toBe('notYet');
  });

  it('takes connectivity from the probe, not from the last push', () => {
    // The last round succeeded, but the probe has just lost the backend.
    expect(syncLabel('offline', idle, 0)).toEqual({ label: 'offline', tone: 'bad' });
    expect(syncLabel('checking', idle, 0).label).toBe('connecting');
    // The last round failed, but the backend answers its probe again.
    expect(syncLabel('online', { ...idle, online: false, lastError: 'ECONNREFUSED', lastFailure: 'transient' }, 0).label).toBe('failed');
  });

  it('names a full local disk apart from an outage', () => {
    expect(syncLabel('online', { ...idle, lastError: 'QuotaExceededError', lastFailure: 'storage' }, 2)).toEqual({ label: 'storageFull', tone: 'bad' });
  });
});
