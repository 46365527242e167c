/**
 * What a draft policy would change: the same case assessed under its governing policy and under
 * the draft, at the same instant, and (for a decided case) the same decision validated under both.
 * Pure; the `assess --compare` CLI and the app's what-if screen both call it, so they agree.
 */
import type { CaseBundle, ComplaintKind, Decision } from '../domain';
import type { Policy } from '../policy/schema';
import { validateDecision } from './decision';
import { assessCase } from './engine';
import type { Assessment, FindingCode } from './types';

export type WhatIfInput = {
  bundle: CaseBundle;
  /** The case's governing policy: what it is judged under today. */
  governing: Policy;
  /** When to judge: now for an open case, the decision's time for a decided one. */
  at: number;
  /** The decision on record, for decided cases. */
  decision?: Decision | null;
  /**
   * The case's assessment under its governing policy at `at`, when one is already at hand (the
   * server's stored assessment, with `at` its time): saves assessing the case twice.
   */
  before?: Assessment;
};

export type WhatIfFlip = {
  caseId: string;
  externalId: string;
  kind: ComplaintKind;
  decided: boolean;
  /** Codes the draft raises that the governing policy does not. */
  raised: FindingCode[];
  /** Codes the governing policy raises that the draft does not. */
  dropped: FindingCode[];
  eligible: { from: boolean; to: boolean };
  /** For a decided case: the decision's problems (decision fields) under each policy; valid when empty. */
  validation: { from: string[]; to: string[] } | null;
};

const codes = (a: Assessment): Set<FindingCode> => new Set([...a.eligibility, ...a.findings].map((f) => f.code));

/** Problems of a decision under a policy, the version mismatch aside (the what-if asks "what if these were the rules"). */
function problems(d: Decision, bundle: CaseBundle, a: Assessment, p: Policy): string[] {
  return validateDecision({ ...d, policyVersion: p.version }, bundle, a, p).map((x) => x.field);
}

/** What the draft flips for one case, or null when it changes nothing. */
export function compareCase(input: WhatIfInput, draft: Policy): WhatIfFlip | null {
  const { bundle, governing, at, decision } = input;
  const before = input.before ?? assessCase(bundle, governing, at);
  const after = assessCase(bundle, draft, at);
  const b = codes(before);
  const a = codes(after);
  const raised = [...a].filter((c) => !b.has(c));
  const dropped = [...b].filter((c) => !a.has(c));
  let validation: WhatIfFlip['validation'] = null;
  if (decision) {
    const from = problems(decision, bundle, before, governing);
    const to = problems(decision, bundle, after, draft);
    if ((from.length === 0) !== (to.length === 0)) validation = { from, to };
  }
  if (raised.length === 0 && dropped.length === 0 && before.eligible === after.eligible && validation === null) return null;
  return { caseId: bundle.case.id, externalId: bundle.case.externalId, kind: bundle.case.kind, decided: Boolean(decision), raised, dropped, eligible: { from: before.eligible, to: after.eligible }, validation };
}

export type KindTally = { cases: number; changed: number; raised: number; dropped: number; eligibility: number; validation: number };
export type WhatIfSummary = {
  examined: { open: number; decided: number };
  changed: number;
  byKind: Partial<Record<ComplaintKind, KindTally>>;
  raisedByCode: Partial<Record<FindingCode, number>>;
  droppedByCode: Partial<Record<FindingCode, number>>;
};

export function emptySummary(): WhatIfSummary {
  return { examined: { open: 0, decided: 0 }, changed: 0, byKind: {}, raisedByCode: {}, droppedByCode: {} };
}

/** Counts one examined case (and its flip, if any) into the summary. */
export function tally(s: WhatIfSummary, kind: ComplaintKind, decided: boolean, flip: WhatIfFlip | null): void {
  if (decided) s.examined.decided++;
  else s.examined.open++;
  const k = (s.byKind[kind] ??= { cases: 0, changed: 0, raised: 0, dropped: 0, eligibility: 0, validation: 0 });
  k.cases++;
  if (!flip) return;
  s.changed++;
  k.changed++;
  if (flip.raised.length) k.raised++;
  if (flip.dropped.length) k.dropped++;
  if (flip.eligible.from !== flip.eligible.to) k.eligibility++;
  if (flip.validation) k.validation++;
  for (const c of flip.raised) s.raisedByCode[c] = (s.raisedByCode[c] ?? 0) + 1;
  for (const c of flip.dropped) s.droppedByCode[c] = (s.droppedByCode[c] ?? 0) + 1;
}

/** Adds summary `b` into `a` (the slices of one run, computed apart). */
export function addSummary(a: WhatIfSummary, b: WhatIfSummary): WhatIfSummary {
  a.examined.open += b.examined.open;
  a.examined.decided += b.examined.decided;
  a.changed += b.changed;
  for (const [k, t] of Object.entries(b.byKind) as [ComplaintKind, KindTally][]) {
    const m = (a.byKind[k] ??= { cases: 0, changed: 0, raised: 0, dropped: 0, eligibility: 0, validation: 0 });
    for (const f of ['cases', 'changed', 'raised', 'dropped', 'eligibility', 'validation'] as const) m[f] += t[f];
  }
  for (const [c, n] of Object.entries(b.raisedByCode) as [FindingCode, number][]) a.raisedByCode[c] = (a.raisedByCode[c] ?? 0) + n;
  for (const [c, n] of Object.entries(b.droppedByCode) as [FindingCode, number][]) a.droppedByCode[c] = (a.droppedByCode[c] ?? 0) + n;
  return a;
}
