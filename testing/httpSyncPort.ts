/**
 * The sync engine's port over main's HTTP transport (BackendClient), for tests and benches that run
 * the renderer's store and engine in Node against a real server: the HTTP twin of
 * src/sync/ipcPort.ts, with the same per-mutation check main makes before a push.
 */
import { routes } from '../common/api/routes';
import { pushChecked } from '../main/services/pushCheck';
import type { SyncService } from '../main/services/syncService';
import type { SyncPort } from '../src/sync/engine';

export function httpSyncPort(sync: SyncService): SyncPort {
  return {
    pull: (cursor, limit) => sync.client.call(routes.pull, { cursor, limit }),
    push: (mutations) => pushChecked(mutations, (valid) => sync.client.call(routes.push, { mutations: valid })),
    claim: (request) => sync.client.call(routes.claim, request),
    heartbeat: (caseIds) => sync.client.call(routes.heartbeat, { caseIds }),
    fetchCase: (caseId) => sync.client.call(routes.caseById, undefined, { caseId }),
  };
}
