/**
 * Macros: a named, per-kind whole action (verdict, reason codes, remedies, a note template and
 * optionally an evidence request or an escalation) that fills the decision form in one key. What a
 * macro may say is checked here against the kind's lists in a policy, so the Settings editor and
 * the server refuse the same things, each naming the field.
 */
import type { ComplaintKind, Remedy, Verdict } from '../domain/case';
import { EVIDENCE_CATEGORIES_BY_KIND, type EscalationReason, type EvidenceCategory, type EvidenceParty } from '../domain/requests';
import type { Policy } from '../policy/schema';
import { snippetTextProblems } from './snippets';

/** The side action a macro opens, filled: an evidence request (who and what) or an escalation (why). */
export type MacroAction = { type: 'request_evidence'; from: EvidenceParty; categories: EvidenceCategory[] } | { type: 'escalate'; category: Exclude<EscalationReason, 'sync_conflict'> };

/** The parts of a macro the rules look at. */
export type MacroBody = { kind: ComplaintKind; verdict: Verdict; reasonCodes: readonly string[]; remedies: readonly Remedy[]; note: string; action: MacroAction | null };

export type MacroProblemCode = 'reason_unknown' | 'reason_misfit' | 'reason_repeated' | 'remedy_not_allowed' | 'no_action_combined' | 'rejected_remedies' | 'variable_unknown' | 'unbalanced' | 'category_misfit';
export type MacroProblem = { field: string; code: MacroProblemCode; params: Record<string, string>; message: string };

/**
 * What a macro says that no decision of its kind could carry under `policy`: a reason code the
 * kind does not list or that does not explain its verdict, a remedy the kind does not offer (or
 * one a rejection cannot carry), an unknown `{{variable}}` in the note, an evidence category the
 * kind does not ask for. Empty when the macro is fine. A macro never commits, so the rules that
 * depend on the case (a note against a critical finding, the eligibility override) are left to
 * the decision's own validation when the arbitrator commits.
 */
export function macroProblems(m: MacroBody, policy: Policy): MacroProblem[] {
  const out: MacroProblem[] = [];
  const codes = new Map(policy.reasonCodes[m.kind].map((c) => [c.code, c]));
  m.reasonCodes.forEach((code, i) => {
    const rc = codes.get(code);
    if (!rc) out.push({ field: `reasonCodes[${i}]`, code: 'reason_unknown', params: { reason: code, kind: m.kind }, message: `reason code ${code} is not in the list for ${m.kind}` });
    else if (!rc.verdicts.includes(m.verdict))
      out.push({ field: `reasonCodes[${i}]`, code: 'reason_misfit', params: { reason: code, verdict: m.verdict }, message: `reason code ${code} does not explain a "${m.verdict}" verdict` });
  });
  if (new Set(m.reasonCodes).size !== m.reasonCodes.length) out.push({ field: 'reasonCodes', code: 'reason_repeated', params: {}, message: 'reason codes are repeated' });
  const remedies = new Set(policy.remediesByKind[m.kind]);
  m.remedies.forEach((r, i) => {
    if (!remedies.has(r)) out.push({ field: `remedies[${i}]`, code: 'remedy_not_allowed', params: { remedy: r, kind: m.kind }, message: `remedy ${r} is not allowed for ${m.kind}` });
  });
  if (m.remedies.includes('no_action') && m.remedies.length > 1) out.push({ field: 'remedies', code: 'no_action_combined', params: {}, message: 'no_action cannot be combined with other remedies' });
  if (m.verdict === 'rejected' && m.remedies.some((r) => r !== 'no_action' && r !== 'warn'))
    out.push({ field: 'remedies', code: 'rejected_remedies', params: {}, message: 'a rejected complaint may only carry no_action or warn' });
  for (const p of snippetTextProblems(m.note))
    out.push(
      p.kind === 'unknown'
        ? { field: 'note', code: 'variable_unknown', params: { name: p.name }, message: `unknown variable {{${p.name}}} in the note` }
        : { field: 'note', code: 'unbalanced', params: {}, message: 'a {{ or }} without its partner: write a variable as {{name}}' },
    );
  if (m.action?.type === 'request_evidence') {
    const offered = new Set<string>(EVIDENCE_CATEGORIES_BY_KIND[m.kind]);
    m.action.categories.forEach((c, i) => {
      if (!offered.has(c)) out.push({ field: `action.categories[${i}]`, code: 'category_misfit', params: { category: c, kind: m.kind }, message: `evidence category ${c} is not asked for in ${m.kind} cases` });
    });
  }
  return out;
}
