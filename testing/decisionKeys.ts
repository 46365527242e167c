/**
 * The keys a keyboard user presses to fill a decision, from the live key rules (not the policy's
 * list order): a reason's digit is its slot (src/features/decision/decisionModel reasonSlots), a
 * remedy's Shift+digit is the same in every kind (src/app/commands/registry REMEDY_DIGIT).
 */
import type { ComplaintKind, Remedy, Verdict } from '../common/domain';
import { DEFAULT_POLICY, type Policy } from '../common/policy';
import { macroIndex, type KeyedMacro, type TargetDecision } from '../scripts/bench/macroKeys';
import { REMEDY_DIGIT } from '../src/app/commands/registry';
import { reasonSlots } from '../src/features/decision/decisionModel';

/** The digit of the first keyed reason of the kind that explains the verdict. */
export function reasonKey(kind: ComplaintKind, verdict: Verdict): string {
  const i = reasonSlots(DEFAULT_POLICY, kind).slots.findIndex((rc) => rc?.verdicts.includes(verdict));
  if (i < 0) throw new Error(`no keyed reason for ${verdict} in ${kind}`);
  return String(i + 1);
}

export const remedyKey = (remedy: Remedy): string => `Shift+Digit${REMEDY_DIGIT[remedy]}`;

/** A remedy the kind offers that fits the verdict: no_action for a rejection, the first other one otherwise. */
export function remedyFor(kind: ComplaintKind, verdict: Verdict): Remedy {
  const list = DEFAULT_POLICY.remediesByKind[kind];
  return verdict === 'rejected' ? 'no_action' : list.find((r) => r !== 'no_action')!;
}

/** The note's place in a key list: M, the arbitrator's words (typed, not counted), Esc. */
export const NOTE = 'NOTE';
const VERDICT_KEY: Record<Verdict, string> = { upheld: 'y', partially_upheld: 'p', rejected: 'n' };

/**
 * The keys that record `target` on the open case (Playwright names), the note as NOTE before the
 * commit key: with a macro that sets it whole, Alt+n; otherwise the verdict key, D, each reason's
 * digit and each remedy's ⇧digit. Throws for a reason without a digit (the walk clicks nothing).
 */
export function decisionKeys(target: TargetDecision, policy: Policy, macros: readonly KeyedMacro[] | null, note: boolean): string[] {
  const i = macros ? macroIndex(target, macros) : -1;
  const slots = reasonSlots(policy, target.kind).slots;
  const fill =
    i >= 0
      ? [`Alt+${i + 1}`]
      : [
          VERDICT_KEY[target.verdict],
          'd',
          ...target.reasonCodes.map((code) => {
            const slot = slots.findIndex((rc) => rc?.code === code);
            if (slot < 0) throw new Error(`reason ${code} of ${target.kind} has no key`);
            return String(slot + 1);
          }),
          ...target.remedies.map((r) => `Shift+Digit${REMEDY_DIGIT[r]}`),
        ];
  return [...fill, ...(note ? [NOTE] : []), 'Control+Enter'];
}

/** Keys counted for a key list: every press and chord; the note is M and Esc (its words are not counted). */
export const keyCount = (keys: readonly string[]): number => keys.reduce((n, k) => n + (k === NOTE ? 2 : 1), 0);
