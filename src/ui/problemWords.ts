/**
 * A decision problem in the reader's language: the rule's code and parameters (common/rules
 * DecisionProblem, or the `issues` of a server rejection) worded through i18n, with every code in
 * it (finding, reason, remedy, verdict, kind) shown by its label. Shared by the decision form and
 * the conflicts page, so a refusal reads the same wherever it is shown.
 */
import { KIND_LABELS, REMEDY_LABELS, VERDICT_LABELS, type ComplaintKind, type Remedy, type Verdict } from '@common/domain';
import type { Policy } from '@common/policy';
import { CODE_LABELS, type FindingCode } from '@common/rules';

type Translate = (key: string, options?: Record<string, unknown>) => string;
export type ProblemLike = { code?: string; params?: Record<string, string | number | string[]>; message: string; field?: string; path?: string };

/** A reason code by its label in the case's governing policy (the code itself when none is known). */
function reasonLabel(code: string, lang: 'zh' | 'en', policy: Policy | null | undefined): string {
  for (const list of Object.values(policy?.reasonCodes ?? {})) {
    const rc = list.find((r) => r.code === code);
    if (rc) return rc[lang];
  }
  return code;
}

/** Each parameter as a reader sees it: labels for codes, the list separator for lists. */
export function problemParams(params: ProblemLike['params'], t: Translate, lang: 'zh' | 'en', policy?: Policy | null): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const sep = t('keys.listSeparator');
  for (const [k, v] of Object.entries(params ?? {})) {
    if (k === 'codes' && Array.isArray(v)) out[k] = v.map((c) => CODE_LABELS[c as FindingCode]?.[lang] ?? c).join(sep);
    else if (k === 'reason' && typeof v === 'string') out[k] = reasonLabel(v, lang, policy);
    else if (k === 'remedy' && typeof v === 'string') out[k] = REMEDY_LABELS[v as Remedy]?.[lang] ?? v;
    else if (k === 'verdict' && typeof v === 'string') out[k] = VERDICT_LABELS[v as Verdict]?.[lang] ?? v;
    else if (k === 'kind' && typeof v === 'string') out[k] = KIND_LABELS[v as ComplaintKind]?.[lang] ?? v;
    else if (k === 'type' && typeof v === 'string') out[k] = t(`cite.types.${v}`);
    else out[k] = Array.isArray(v) ? v.join(sep) : v;
  }
  return out;
}

/** The problem in words; without a code (an older server), the field's general sentence. */
export function problemText(p: ProblemLike, t: Translate, lang: 'zh' | 'en', policy?: Policy | null): string {
  if (p.code) return t(`problems.${p.code}`, problemParams(p.params, t, lang, policy));
  const field = (p.field ?? p.path ?? '').replace(/^decision\./, '').replace(/\[\d+\]$/, '');
  return t(`problems.field.${field}`, { defaultValue: t('problems.unknown') });
}
