/**
 * The SyncPort the app uses: every call goes to main over IPC (main owns the network and the
 * tokens), naming the pair's store it is made for, so main refuses it once another pair is signed
 * in. An `{ok: false}` answer becomes an IpcCallError carrying main's code (`offline`,
 * `unauthorized`, `bad_request`, `wrong_store`…), which the engine sorts by (`failureKind`).
 */
import { gavel, unwrap } from '../data/bridge';
import type { SyncPort } from './engine';

export function ipcSyncPort(store: string): SyncPort {
  return {
    pull: (cursor, limit, policySeq, snippetsVersion, macrosVersion) =>
      unwrap(
        gavel().sync.pull({
          store,
          limit,
          ...(cursor === undefined ? {} : { cursor }),
          ...(policySeq === undefined ? {} : { policySeq }),
          ...(snippetsVersion === undefined ? {} : { snippetsVersion }),
          ...(macrosVersion === undefined ? {} : { macrosVersion }),
        }),
      ),
    push: (mutations) => unwrap(gavel().sync.push({ store, mutations })),
    claim: (request) => unwrap(gavel().sync.claim({ store, ...request })),
    heartbeat: (caseIds) => unwrap(gavel().sync.heartbeat({ store, caseIds })),
    fetchCase: (caseId) => unwrap(gavel().sync.case({ store, caseId })),
  };
}
