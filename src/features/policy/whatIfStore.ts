/**
 * The what-if screen's state: the draft being edited, the run (progress, result, cancel) and the
 * drill-down filter. The server judges the cases (every open case and the latest decided ones are
 * there, not only the ones this machine pulled), one slice per call (POST /v1/policies/what-if);
 * this store adds the slices up and reports progress between them, so the page stays responsive.
 */
import { create } from 'zustand';
import type { ComplaintKind } from '@common/domain';
import { parsePolicy, type Policy } from '@common/policy';
import { addSummary, emptySummary, type WhatIfFlip, type WhatIfSummary } from '@common/rules';
import { policyBackend } from '../../data/policiesRepo';

export type WhatIfProgress = { done: number; total: number };
export type WhatIfResult = { summary: WhatIfSummary; flips: WhatIfFlip[]; ms: number };
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

let runId = 0;

/** The run, slice after slice, until the server says it is complete or the run is cancelled. */
async function inSlices(id: number, draft: Policy, decidedLimit: number, report: (p: WhatIfProgress) => void): Promise<WhatIfResult | null> {
  const t0 = performance.now();
  const summary = emptySummary();
  const flips: WhatIfFlip[] = [];
  let cursor: string | undefined;
  let at: string | undefined;
  let total = 0;
  let done = 0;
  for (;;) {
    const r = await policyBackend.whatIf({ draft, decidedLimit, ...(cursor === undefined ? {} : { cursor }), ...(at === undefined ? {} : { at }) });
    if (id !== runId) return null;
    at = r.at;
    total = r.total ?? total;
    done += r.processed;
    addSummary(summary, r.summary);
    flips.push(...r.flips);
    report({ done, total: Math.max(total, done) });
    if (r.cursor === null) return { summary, flips, ms: performance.now() - t0 };
    cursor = r.cursor;
  }
}

export const whatIf = {
  setText: (text: string) => useWhatIf.setState({ text, check: checkDraft(text) }),
  setDecidedLimit: (n: number) => useWhatIf.setState({ decidedLimit: Math.max(0, Math.min(100_000, Math.floor(n) || 0)) }),
  setKind: (kind: ComplaintKind | null) => useWhatIf.setState({ kind, shown: PAGE }),
  setFilter: (filter: FlipFilter) => useWhatIf.setState({ filter, shown: PAGE }),
  showMore: () => useWhatIf.setState((s) => ({ shown: s.shown + PAGE })),

  /** Runs the draft (the server judges, in slices). Nothing is published or written. */
  start: () => {
    const { check, decidedLimit, run } = useWhatIf.getState();
    if (!check.policy || run.state === 'running') return;
    const id = ++runId;
    const startedAt = performance.now();
    useWhatIf.setState({ run: { state: 'running', progress: { done: 0, total: 0 }, startedAt }, kind: null, filter: 'all', shown: PAGE });
    inSlices(id, check.policy, decidedLimit, (progress) => useWhatIf.setState({ run: { state: 'running', progress, startedAt } })).then(
      (result) => {
        if (result && id === runId) useWhatIf.setState({ run: { state: 'done', result } });
      },
      (err: unknown) => {
        if (id === runId) useWhatIf.setState({ run: { state: 'failed', message: err instanceof Error ? err.message : String(err) } });
      },
    );
  },
  cancel: () => {
    runId++;
    useWhatIf.setState({ run: { state: 'cancelled' } });
  },
};
