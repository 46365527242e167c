/**
 * The SyncPort the app uses: every call goes to main over IPC (main owns the network and the
 * tokens). An `{ok: false}` answer becomes an IpcCallError carrying main's code (`offline`,
 * `unauthorized`, `invalid_args`…), which the engine reports in the status bar.
 */
import { gavel, unwrap } from '../data/bridge';
import type { SyncPort } from './engine';

export function ipcSyncPort(): SyncPort {
  return {
    pull: (cursor, limit, policySeq) => unwrap(gavel().sync.pull({ limit, ...(cursor === undefined ? {} : { cursor }), ...(policySeq === undefined ? {} : { policySeq }) })),
    push: (mutations) => unwrap(gavel().sync.push({ mutations })),
    claim: (request) => unwrap(gavel().sync.claim(request)),
    heartbeat: (caseIds) => unwrap(gavel().sync.heartbeat({ caseIds })),
  };
}
