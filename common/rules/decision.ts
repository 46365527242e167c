import type { CaseBundle } from '../domain/bundle';
import type { Decision, Verdict } from '../domain/case';
import type { Policy } from '../policy/schema';
import { evidenceExists } from './refs';
import { MIN_OWN_WORDS, ownWordCount, renderSnippet, snippetVars } from './snippets';
import type { Assessment, Finding } from './types';

/**
 * What is wrong with a decision: the field, a stable `code` with its `params` (what a screen
 * words in the reader's language: codes, remedies and finding codes are shown by their labels), and
 * the rule's own English `message` for logs and API clients.
 */
export type DecisionProblem = { field: string; code: DecisionProblemCode; params?: Record<string, string | number | string[]>; message: string };
export const DECISION_PROBLEM_CODES = [
  'verdict_required',
  'not_signed_in',
  'policy_version',
  'reason_required',
  'reason_unknown',
  'reason_misfit',
  'reason_repeated',
  'remedy_required',
  'remedy_not_allowed',
  'no_action_combined',
  'rejected_remedies',
  'cited_missing',
  'note_required',
  'note_own_words',
  'override_required',
] as const;
export type DecisionProblemCode = (typeof DECISION_PROBLEM_CODES)[number];

/** Options of the check: the note snippets of the case's kind (raw, with their variables). */
export type DecisionCheckOptions = { snippets?: readonly string[] };

/**
 * "Against" a finding, precisely: a `rejected` verdict goes against a finding that supports the
 * complaint (it implicates the respondent); an `upheld` or `partially_upheld` verdict goes against
 * a finding that undermines the complaint (it implicates the complainant, or it is an eligibility
 * finding). Neutral findings are never "against".
 */
export function goesAgainst(verdict: Verdict, f: Finding): boolean {
  if (f.stance === 'supports_complaint') return verdict === 'rejected';
  if (f.stance === 'undermines_complaint') return verdict !== 'rejected';
  return false;
}

/** Critical findings (eligibility included) the verdict goes against. */
export function criticalFindingsAgainst(verdict: Verdict, a: Assessment): Finding[] {
  const out: Finding[] = [];
  for (const f of a.eligibility) if (f.severity === 'critical' && goesAgainst(verdict, f)) out.push(f);
  for (const f of a.findings) if (f.severity === 'critical' && goesAgainst(verdict, f)) out.push(f);
  return out;
}

/**
 * Semantic checks the schema cannot express. Returns every problem (empty = valid), each naming
 * the decision field, so the UI can mark the field and the server can reject with a reason.
 *
 * Two rules protect the evidence: upholding a complaint the eligibility rules exclude needs an
 * explicit override with a reason (recorded in the decision), and a verdict against a critical
 * finding needs a note with the arbitrator's own words, at least MIN_OWN_WORDS meaningful
 * characters once every snippet of the kind (as rendered for this case) is taken out.
 */
export function validateDecision(decision: Decision, bundle: CaseBundle, assessment: Assessment, policy: Policy, opts: DecisionCheckOptions = {}): DecisionProblem[] {
  const problems: DecisionProblem[] = [];
  const kind = bundle.case.kind;

  // `policy` is the case's governing version (the one in force when it was filed): no other applies.
  if (decision.policyVersion !== policy.version)
    problems.push({
      field: 'policyVersion',
      code: 'policy_version',
      params: { decided: decision.policyVersion, current: policy.version },
      message: `the decision cites policy ${decision.policyVersion}, but the case is governed by policy ${policy.version} (in force when it was filed)`,
    });

  const allowedCodes = new Map(policy.reasonCodes[kind].map((c) => [c.code, c]));
  if (decision.reasonCodes.length === 0) problems.push({ field: 'reasonCodes', code: 'reason_required', message: 'at least one reason code is required' });
  decision.reasonCodes.forEach((code, i) => {
    const rc = allowedCodes.get(code);
    if (!rc) problems.push({ field: `reasonCodes[${i}]`, code: 'reason_unknown', params: { reason: code, kind }, message: `reason code ${code} is not in the list for ${kind}` });
    else if (!rc.verdicts.includes(decision.verdict))
      problems.push({ field: `reasonCodes[${i}]`, code: 'reason_misfit', params: { reason: code, verdict: decision.verdict }, message: `reason code ${code} does not explain a "${decision.verdict}" verdict` });
  });
  if (new Set(decision.reasonCodes).size !== decision.reasonCodes.length) problems.push({ field: 'reasonCodes', code: 'reason_repeated', message: 'reason codes are repeated' });

  const allowedRemedies = new Set(policy.remediesByKind[kind]);
  if (decision.remedies.length === 0) problems.push({ field: 'remedies', code: 'remedy_required', message: 'choose at least one remedy (no_action when nothing is to be done)' });
  decision.remedies.forEach((r, i) => {
    if (!allowedRemedies.has(r)) problems.push({ field: `remedies[${i}]`, code: 'remedy_not_allowed', params: { remedy: r, kind }, message: `remedy ${r} is not allowed for ${kind}` });
  });
  if (decision.remedies.includes('no_action') && decision.remedies.length > 1)
    problems.push({ field: 'remedies', code: 'no_action_combined', message: 'no_action cannot be combined with other remedies' });
  // A rejected complaint executes nothing against the respondent; a warning is the most it carries.
  if (decision.verdict === 'rejected' && decision.remedies.some((r) => r !== 'no_action' && r !== 'warn'))
    problems.push({ field: 'remedies', code: 'rejected_remedies', message: 'a rejected complaint may only carry no_action or warn' });

  decision.citedEvidence.forEach((ref, i) => {
    if (!evidenceExists(bundle, ref)) problems.push({ field: `citedEvidence[${i}]`, code: 'cited_missing', params: { type: ref.type }, message: `cited ${ref.type} is not in this case's evidence` });
  });

  // Upholding an ineligible complaint is an override of the eligibility rules: explicit, with a reason.
  const ineligible = !assessment.eligible && decision.verdict !== 'rejected';
  if (ineligible && (decision.eligibilityOverride?.reason.trim() ?? '') === '') {
    const codes = [...new Set(assessment.eligibility.map((f) => f.code))];
    problems.push({ field: 'eligibilityOverride', code: 'override_required', params: { codes }, message: `the case is not eligible (${codes.join(', ')}): upholding it needs an eligibility override with a reason` });
  }

  // Eligibility findings are answered by the override above; the note answers the others.
  const against = criticalFindingsAgainst(decision.verdict, { ...assessment, eligibility: ineligible ? [] : assessment.eligibility });
  if (against.length > 0) {
    const codes = [...new Set(against.map((f) => f.code))];
    if (decision.note.trim() === '') problems.push({ field: 'note', code: 'note_required', params: { codes }, message: `a note is required: the verdict goes against critical finding(s) ${codes.join(', ')}` });
    else {
      const vars = snippetVars(bundle);
      const own = ownWordCount(decision.note, (opts.snippets ?? []).map((s) => renderSnippet(s, vars)));
      if (own < MIN_OWN_WORDS)
        problems.push({
          field: 'note',
          code: 'note_own_words',
          params: { codes, min: MIN_OWN_WORDS, own },
          message: `the note must explain, in your own words beyond any snippet (at least ${MIN_OWN_WORDS} characters), why the verdict goes against critical finding(s) ${codes.join(', ')}`,
        });
    }
  }

  return problems;
}
