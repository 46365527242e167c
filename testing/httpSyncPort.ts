import { routes } from '@common/api/routes';
import type { SyncService } from '../main/services/syncService';
import type { SyncPort } from '../src/sync/engine';

/**
 * The renderer's sync engine over main's HTTP transport, without IPC in between: the app's port
 * (src/sync/ipcPort.ts) makes the same calls through window.gavel. For tests and benches that run
 * the engine in Node against a real server.
 */
export function httpSyncPort(sync: SyncService): SyncPort {
  return {
    pull: (cursor, limit) => sync.client.call(routes.pull, { cursor, limit }),
    push: (mutations) => sync.client.call(routes.push, { mutations }),
    claim: (request) => sync.client.call(routes.claim, request),
    heartbeat: (caseIds) => sync.client.call(routes.heartbeat, { caseIds }),
  };
}
