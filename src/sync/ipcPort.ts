/**
 * The SyncPort the app uses: every call goes to main over IPC (main owns the network and the
 * tokens). An `{ok: false}` answer becomes an IpcCallError carrying main's code (`offline`,
 * `unauthorized`, `invalid_args`…), which the engine reports in the status bar.
 */
import { gavel, relayCalls, unwrap } from '../data/bridge';
import type { SyncPort } from './engine';

export function ipcSyncPort(): SyncPort {
  const sync = relayCalls('sync');
  return {
    pull: (cursor, limit) => unwrap(gavel().sync.pull(cursor === undefined ? { limit } : { cursor, limit })),
    push: (mutations) => sync.push({ mutations }),
    claim: (request) => sync.claim(request),
    heartbeat: (caseIds) => sync.heartbeat({ caseIds }),
  };
}
