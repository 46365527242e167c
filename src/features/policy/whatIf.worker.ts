/**
 * The what-if, off the page's thread: opens this machine's store by name (the page passes
 * appDb().name), runs whatIfRunner and posts progress and the result. One run per worker.
 */
import type { Policy } from '@common/policy';
import { GavelDb } from '../../data/db';
import { runWhatIf, type WhatIfProgress, type WhatIfResult } from './whatIfRunner';

export type WhatIfRequest = { dbName: string; draft: Policy; decidedLimit: number; at: number };
export type WhatIfMessage = { type: 'progress'; progress: WhatIfProgress } | { type: 'done'; result: WhatIfResult } | { type: 'error'; message: string };

const scope = self as unknown as { onmessage: ((e: MessageEvent<WhatIfRequest>) => void) | null; postMessage: (m: WhatIfMessage) => void };

scope.onmessage = (e) => {
  const { dbName, draft, decidedLimit, at } = e.data;
  const db = new GavelDb(dbName);
  runWhatIf(db, { draft, decidedLimit, at }, (progress) => scope.postMessage({ type: 'progress', progress }))
    .then((result) => scope.postMessage({ type: 'done', result }))
    .catch((err: unknown) => scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) }))
    .finally(() => db.close());
};
