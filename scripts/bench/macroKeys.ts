/**
 * Keystrokes per decision, with and without macros, for the 200-case walk: the keys an arbitrator
 * presses on an open case to record a target decision (verdict, reasons, remedies) with the default
 * keymap (src/app/commands/registry.ts). Pure: the walk supplies each case's target and the kind's
 * macros in key order (src/data/macros.ts macrosFor).
 *
 * Without macros: the verdict key, D (decision mode, where digits are reasons), a digit per reason,
 * ⇧digit per remedy, and the commit key; a reason without a digit is a click (counted as one). With
 * macros: Alt+n and the commit key when one of the first nine macros sets exactly the target, else
 * as without. A note the rules require is the arbitrator's words either way and is not counted.
 */
import type { ComplaintKind, Remedy, Verdict } from '@common/domain';

export type TargetDecision = { kind: ComplaintKind; verdict: Verdict; reasonCodes: readonly string[]; remedies: readonly Remedy[] };
export type KeyedMacro = { verdict: Verdict; reasonCodes: readonly string[]; remedies: readonly Remedy[] };

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

export function keystrokesWithout(target: TargetDecision): number {
  // Verdict, D, one key per reason (or a click), one chord per remedy, commit.
  return 1 + 1 + target.reasonCodes.length + target.remedies.length + 1;
}

/** The keys with macros; `macros` are the kind's in key order (Alt+1 is the first). */
export function keystrokesWith(target: TargetDecision, macros: readonly KeyedMacro[]): number {
  const hit = macros.slice(0, 9).some((m) => m.verdict === target.verdict && sameSet(m.reasonCodes, target.reasonCodes) && sameSet(m.remedies, target.remedies));
  return hit ? 2 : keystrokesWithout(target);
}

/** Both counts for one case, side by side. */
export function keystrokes(target: TargetDecision, macros: readonly KeyedMacro[]): { without: number; with: number } {
  return { without: keystrokesWithout(target), with: keystrokesWith(target, macros) };
}

/** The median of a list of counts (the budget: ≤ 3 with macros on cases whose findings point one way). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
