/**
 * The what-if over this machine's cases: every open case, and the last `decidedLimit` decided ones,
 * judged under its governing policy and under the draft (common/rules/whatIf.ts, the comparison the
 * `assess --compare` CLI prints). It reads bundles page by page and yields between pages, so it
 * runs the same in a worker (whatIf.worker.ts, the app's way) or in slices on the page's thread.
 */
import type { Policy } from '@common/policy';
import { compareCase, emptySummary, tally, type WhatIfFlip, type WhatIfSummary } from '@common/rules';
import type { GavelDb } from '../../data/db';
import { governingPolicy, sourceOf } from '../../data/policies';
import { loadPolicies } from '../../data/policiesRepo';
import type { BundleRow } from '../../data/rows';
import { bundlePage, bundlesByIds, countBundles } from '../../data/whatIfSource';

export type WhatIfOptions = {
  draft: Policy;
  /** How many of the most recently decided cases to include. */
  decidedLimit: number;
  /** "Now" for open cases: one instant for the whole run, so both policies see the same clock. */
  at: number;
  pageSize?: number;
};
export type WhatIfProgress = { done: number; total: number };
export type WhatIfResult = {
  summary: WhatIfSummary;
  flips: WhatIfFlip[];
  /** Cases skipped because their governing version is not on this machine. */
  unjudged: number;
  ms: number;
};

const CLOSED = new Set(['withdrawn', 'closed']);
const yieldToPage = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

export async function runWhatIf(db: GavelDb, o: WhatIfOptions, onProgress: (p: WhatIfProgress) => void, stopped: () => boolean = () => false): Promise<WhatIfResult> {
  const t0 = performance.now();
  const source = sourceOf(await loadPolicies(db));
  const count = await countBundles(db);
  const summary = emptySummary();
  const flips: WhatIfFlip[] = [];
  let unjudged = 0;
  let done = 0;
  let total = count + Math.min(o.decidedLimit, count);
  const judge = (row: BundleRow, decided: boolean): void => {
    const g = governingPolicy(source, { filedAt: row.bundle.case.filedAt, policyVersion: row.policyVersion });
    if (!('policy' in g)) {
      unjudged++;
      return;
    }
    const decision = decided ? row.serverDecision : null;
    const flip = compareCase({ bundle: row.bundle, governing: g.policy, at: decision ? Date.parse(decision.decidedAt) : o.at, decision }, o.draft);
    tally(summary, row.bundle.case.kind, decided, flip);
    if (flip) flips.push(flip);
  };

  // Open cases as they come; decided ones are only noted, then the most recent are judged.
  const decided: Array<{ caseId: string; at: number }> = [];
  const size = o.pageSize ?? 500;
  for (let after: string | null = null; !stopped(); ) {
    const page = await bundlePage(db, after, size);
    if (page.length === 0) break;
    after = page[page.length - 1]!.caseId;
    for (const row of page) {
      if (row.serverDecision) decided.push({ caseId: row.caseId, at: Date.parse(row.serverDecision.decidedAt) });
      else if (!CLOSED.has(row.bundle.case.status)) judge(row, false);
    }
    done += page.length;
    onProgress({ done, total });
    await yieldToPage();
  }
  decided.sort((a, b) => b.at - a.at);
  const recent = decided.slice(0, o.decidedLimit).map((d) => d.caseId);
  total = count + recent.length;
  for (let i = 0; i < recent.length && !stopped(); i += size) {
    for (const row of await bundlesByIds(db, recent.slice(i, i + size))) judge(row, true);
    done += Math.min(size, recent.length - i);
    onProgress({ done, total });
    await yieldToPage();
  }
  return { summary, flips, unjudged, ms: performance.now() - t0 };
}
