/**
 * The keys a keyboard user presses to fill a decision, from the live key rules (not the policy's
 * list order): a reason's digit is its slot (src/features/decision/decisionModel reasonSlots), a
 * remedy's Shift+digit is the same in every kind (src/app/commands/registry REMEDY_DIGIT).
 */
import type { ComplaintKind, Remedy, Verdict } from '../common/domain';
import { DEFAULT_POLICY } from '../common/policy';
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
