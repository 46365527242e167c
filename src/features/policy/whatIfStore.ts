/**
 * The what-if screen's state: the draft being edited, the run (progress, result, cancel) and the
 * drill-down filter. A run happens in a worker; where a worker cannot start, in slices on this
 * thread (whatIfRunner yields between pages), so the page stays responsive either way.
 */
import { create } from 'zustand';
import type { ComplaintKind } from '@common/domain';
import { parsePolicy, type Policy } from '@common/policy';
import { appDb } from '../../data/db';
import { runWhatIf, type WhatIfProgress, type WhatIfResult } from './whatIfRunner';
import type { WhatIfMessage, WhatIfRequest } from './whatIf.worker';

export type FlipFilter = 'all' | 'raised' | 'dropped' | 'eligibility' | 'validation';
export type Run =
  | { state: 'idle' }
  | { state: 'running'; progress: WhatIfProgress; startedAt: number }
  | { state: 'done'; result: WhatIfResult }
  | { state: 'failed'; message: string }
  | { state: 'cancelled' };

type DraftCheck = { policy: Policy | null; issues: { path: string; message: string }[] };

type WhatIfUi = {
  text: string;
  check: DraftCheck;
  decidedLimit: number;
  run: Run;
  kind: ComplaintKind | null;
  filter: FlipFilter;
  shown: number;
};

export const PAGE = 100;

function checkDraft(text: string): DraftCheck {
  if (text.trim() === '') return { policy: null, issues: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { policy: null, issues: [{ path: '(json)', message: e instanceof Error ? e.message : String(e) }] };
  }
  const r = parsePolicy(raw);
  return r.ok ? { policy: r.value, issues: [] } : { policy: null, issues: r.issues };
}

const useWhatIf = create<WhatIfUi>(() => ({ text: '', check: { policy: null, issues: [] }, decidedLimit: 1000, run: { state: 'idle' }, kind: null, filter: 'all', shown: PAGE }));

export const useDraftText = (): string => useWhatIf((s) => s.text);
export const useDraftCheck = (): DraftCheck => useWhatIf((s) => s.check);
export const useDecidedLimit = (): number => useWhatIf((s) => s.decidedLimit);
export const useRun = (): Run => useWhatIf((s) => s.run);
export const useDrill = (): { kind: ComplaintKind | null; filter: FlipFilter; shown: number } => {
  const kind = useWhatIf((s) => s.kind);
  const filter = useWhatIf((s) => s.filter);
  const shown = useWhatIf((s) => s.shown);
  return { kind, filter, shown };
};

let worker: Worker | null = null;
let stopSlices = false;

export const whatIf = {
  setText: (text: string) => useWhatIf.setState({ text, check: checkDraft(text) }),
  setDecidedLimit: (n: number) => useWhatIf.setState({ decidedLimit: Math.max(0, Math.min(100_000, Math.floor(n) || 0)) }),
  setKind: (kind: ComplaintKind | null) => useWhatIf.setState({ kind, shown: PAGE }),
  setFilter: (filter: FlipFilter) => useWhatIf.setState({ filter, shown: PAGE }),
  showMore: () => useWhatIf.setState((s) => ({ shown: s.shown + PAGE })),

  /** Runs the draft over this machine's cases. Nothing is published or written. */
  start: () => {
    const { check, decidedLimit, run } = useWhatIf.getState();
    if (!check.policy || run.state === 'running') return;
    const request: WhatIfRequest = { dbName: appDb().name, draft: check.policy, decidedLimit, at: Date.now() };
    const startedAt = performance.now();
    useWhatIf.setState({ run: { state: 'running', progress: { done: 0, total: 0 }, startedAt }, kind: null, filter: 'all', shown: PAGE });
    const onMessage = (m: WhatIfMessage) => {
      if (useWhatIf.getState().run.state !== 'running') return;
      if (m.type === 'progress') useWhatIf.setState({ run: { state: 'running', progress: m.progress, startedAt } });
      else {
        useWhatIf.setState({ run: m.type === 'done' ? { state: 'done', result: m.result } : { state: 'failed', message: m.message } });
        worker?.terminate();
        worker = null;
      }
    };
    try {
      worker = new Worker(new URL('./whatIf.worker.ts', import.meta.url), { type: 'module', name: 'gavel-what-if' });
      worker.onmessage = (e: MessageEvent<WhatIfMessage>) => onMessage(e.data);
      worker.onerror = (e) => onMessage({ type: 'error', message: e.message || 'the what-if worker failed' });
      worker.postMessage(request);
    } catch {
      // No worker here: the same run in slices on this thread.
      stopSlices = false;
      runWhatIf(appDb(), request, (progress) => onMessage({ type: 'progress', progress }), () => stopSlices).then(
        (result) => onMessage({ type: 'done', result }),
        (err: unknown) => onMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
      );
    }
  },
  cancel: () => {
    worker?.terminate();
    worker = null;
    stopSlices = true;
    useWhatIf.setState({ run: { state: 'cancelled' } });
  },
};
