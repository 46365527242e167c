import type { CaseBundle } from '../domain/bundle';
import type { Decision, Verdict } from '../domain/case';
import type { Policy } from '../policy/schema';
import { evidenceExists } from './refs';
import type { Assessment, Finding } from './types';

export type DecisionProblem = { field: string; message: string };

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
 */
export function validateDecision(decision: Decision, bundle: CaseBundle, assessment: Assessment, policy: Policy): DecisionProblem[] {
  const problems: DecisionProblem[] = [];
  const kind = bundle.case.kind;

  // `policy` is the case's governing version (the one in force when it was filed): no other applies.
  if (decision.policyVersion !== policy.version)
    problems.push({ field: 'policyVersion', message: `the decision cites policy ${decision.policyVersion}, but the case is governed by policy ${policy.version} (in force when it was filed)` });

  const allowedCodes = new Map(policy.reasonCodes[kind].map((c) => [c.code, c]));
  if (decision.reasonCodes.length === 0) problems.push({ field: 'reasonCodes', message: 'at least one reason code is required' });
  decision.reasonCodes.forEach((code, i) => {
    const rc = allowedCodes.get(code);
    if (!rc) problems.push({ field: `reasonCodes[${i}]`, message: `reason code ${code} is not in the list for ${kind}` });
    else if (!rc.verdicts.includes(decision.verdict))
      problems.push({ field: `reasonCodes[${i}]`, message: `reason code ${code} does not explain a "${decision.verdict}" verdict` });
  });
  if (new Set(decision.reasonCodes).size !== decision.reasonCodes.length) problems.push({ field: 'reasonCodes', message: 'reason codes are repeated' });

  const allowedRemedies = new Set(policy.remediesByKind[kind]);
  if (decision.remedies.length === 0) problems.push({ field: 'remedies', message: 'choose at least one remedy (no_action when nothing is to be done)' });
  decision.remedies.forEach((r, i) => {
    if (!allowedRemedies.has(r)) problems.push({ field: `remedies[${i}]`, message: `remedy ${r} is not allowed for ${kind}` });
  });
  if (decision.remedies.includes('no_action') && decision.remedies.length > 1)
    problems.push({ field: 'remedies', message: 'no_action cannot be combined with other remedies' });
  // A rejected complaint executes nothing against the respondent; a warning is the most it carries.
  if (decision.verdict === 'rejected' && decision.remedies.some((r) => r !== 'no_action' && r !== 'warn'))
    problems.push({ field: 'remedies', message: 'a rejected complaint may only carry no_action or warn' });

  decision.citedEvidence.forEach((ref, i) => {
    if (!evidenceExists(bundle, ref)) problems.push({ field: `citedEvidence[${i}]`, message: `cited ${ref.type} is not in this case's evidence` });
  });

  const against = criticalFindingsAgainst(decision.verdict, assessment);
  if (against.length > 0 && decision.note.trim() === '')
    problems.push({ field: 'note', message: `a note is required: the verdict goes against critical finding(s) ${[...new Set(against.map((f) => f.code))].join(', ')}` });

  return problems;
}
