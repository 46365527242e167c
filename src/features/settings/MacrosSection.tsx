import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Macro, MacroScope } from '@common/api';
import {
  COMPLAINT_KINDS,
  ESCALATION_FORM_REASONS,
  ESCALATION_REASON_LABELS,
  EVIDENCE_CATEGORIES_BY_KIND,
  EVIDENCE_CATEGORY_LABELS,
  EVIDENCE_PARTIES,
  KIND_LABELS,
  REMEDY_LABELS,
  VERDICT_LABELS,
  VERDICTS,
  type ComplaintKind,
  type EscalationReason,
  type EvidenceCategory,
  type EvidenceParty,
  type Remedy,
  type Verdict,
} from '@common/domain';
import { macroProblems, SNIPPET_VARIABLES, type MacroAction, type MacroProblem } from '@common/rules';
import { IpcCallError } from '../../data/bridge';
import { appDb } from '../../data/db';
import { useAllMacros, usePolicyInForce } from '../../data/macros';
import { macroBackend, refreshMacros } from '../../data/macrosRepo';

type ActionType = '' | MacroAction['type'];
type Draft = {
  id: string;
  name: string;
  kind: ComplaintKind;
  scope: MacroScope;
  verdict: Verdict;
  reasonCodes: string[];
  remedies: Remedy[];
  note: string;
  actionType: ActionType;
  from: EvidenceParty;
  categories: EvidenceCategory[];
  escalation: Exclude<EscalationReason, 'sync_conflict'>;
  position: number;
  isNew: boolean;
};

const blank = (scope: MacroScope): Draft => ({
  id: crypto.randomUUID(),
  name: '',
  kind: 'quality',
  scope,
  verdict: 'upheld',
  reasonCodes: [],
  remedies: [],
  note: '',
  actionType: '',
  from: 'respondent',
  categories: [],
  escalation: 'policy_unclear',
  position: 100,
  isNew: true,
});
const draftOf = (m: Macro): Draft => ({
  ...blank(m.scope),
  id: m.id,
  name: m.name,
  kind: m.kind,
  verdict: m.verdict,
  reasonCodes: [...m.reasonCodes],
  remedies: [...m.remedies],
  note: m.note,
  actionType: m.action?.type ?? '',
  ...(m.action?.type === 'request_evidence' ? { from: m.action.from, categories: [...m.action.categories] } : {}),
  ...(m.action?.type === 'escalate' ? { escalation: m.action.category } : {}),
  position: m.position,
  isNew: false,
});
const actionOf = (d: Draft): MacroAction | null =>
  d.actionType === 'request_evidence' ? { type: 'request_evidence', from: d.from, categories: d.categories } : d.actionType === 'escalate' ? { type: 'escalate', category: d.escalation } : null;
const toggled = <T,>(list: readonly T[], v: T, on: boolean): T[] => (on ? (list.includes(v) ? [...list] : [...list, v]) : list.filter((x) => x !== v));

/**
 * The macro editor: the shared macros (supervisors and admins edit them) and the user's own
 * personal ones, with a form that fills every part of a macro from the kind's own lists under the
 * policy in force. What the rules would refuse (common/rules/macros.ts: a reason that does not
 * explain the verdict, a remedy a rejection cannot carry, an unknown `{{variable}}`) is named here
 * before anything is sent; the server checks the same and audits every change.
 */
export function MacrosSection({ canShare }: { canShare: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const all = useAllMacros();
  const policy = usePolicyInForce();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editable = (m: Macro) => (m.scope === 'shared' ? canShare : true);

  const body = draft ? { kind: draft.kind, verdict: draft.verdict, reasonCodes: draft.reasonCodes, remedies: draft.remedies, note: draft.note, action: actionOf(draft) } : null;
  const problems: MacroProblem[] = body && policy ? macroProblems(body, policy) : [];
  const missing: string[] = draft
    ? [
        ...(draft.name.trim() ? [] : [t('macros.missing.name')]),
        ...(draft.reasonCodes.length ? [] : [t('macros.missing.reason')]),
        ...(draft.remedies.length ? [] : [t('macros.missing.remedy')]),
        ...(draft.actionType === 'request_evidence' && draft.categories.length === 0 ? [t('macros.missing.category')] : []),
      ]
    : [];
  // Worded without the codes the rule names (a user reads labels); a variable is the supervisor's own text.
  const problemWords = problems.map((p) => t(`macros.problems.${p.code}`, p.code === 'variable_unknown' ? { name: `{{${p.params.name ?? ''}}}` } : { open: '{{', close: '}}', example: '{{buyer}}' }));

  const explain = (e: unknown): string => {
    if (e instanceof IpcCallError && e.code === 'forbidden') return t('macros.errors.forbidden');
    if (e instanceof IpcCallError && e.field) return t('macros.errors.field', { field: t(`macros.fields.${e.field.replace(/\[\d+\]/g, '').replace('action.', '')}`, { defaultValue: t('macros.fields.other') }) });
    return t('macros.errors.failed');
  };
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      await refreshMacros(appDb());
      setDraft(null);
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft || problems.length > 0 || missing.length > 0) return;
    void run(() =>
      macroBackend.save({
        id: draft.id,
        name: draft.name.trim(),
        kind: draft.kind,
        scope: draft.scope,
        verdict: draft.verdict,
        reasonCodes: draft.reasonCodes,
        remedies: draft.remedies,
        note: draft.note.trim(),
        action: actionOf(draft),
        position: draft.position,
      }),
    );
  };
  const label = (m: Macro) => `${KIND_LABELS[m.kind][lang]} · ${VERDICT_LABELS[m.verdict][lang]} · ${t(`macros.scopes.${m.scope}`)}`;

  return (
    <div className="snippets" data-testid="macro-editor">
      {all && all.length > 0 ? (
        <ul className="snippets__list">
          {all.map((m) => (
            <li key={m.id} className="snippets__item" data-testid="macro-row" data-macro-id={m.id}>
              <div className="snippets__head">
                <strong>{m.name}</strong>
                <span className="muted small">{label(m)}</span>
                {editable(m) && (
                  <span className="snippets__actions">
                    <button type="button" className="button button--small" disabled={busy} onClick={() => setDraft(draftOf(m))} data-testid="macro-edit">
                      {t('macros.edit')}
                    </button>
                    <button type="button" className="button button--small" disabled={busy} onClick={() => void run(() => macroBackend.delete({ id: m.id }))} data-testid="macro-delete">
                      {t('macros.delete')}
                    </button>
                  </span>
                )}
              </div>
              {m.note && <p className="small snippets__text">{m.note}</p>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{t('macros.empty')}</p>
      )}
      {draft && policy ? (
        <form className="snippets__form" onSubmit={submit} aria-label={t(draft.isNew ? 'macros.new' : 'macros.edit')}>
          <div className="snippets__row">
            <label className="snippets__field">
              <span>{t('macros.fields.name')}</span>
              <input className="input" value={draft.name} maxLength={40} onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="macro-name" />
            </label>
            <label className="snippets__field">
              <span>{t('macros.fields.scope')}</span>
              <select className="input" value={draft.scope} disabled={!canShare} onChange={(e) => setDraft({ ...draft, scope: e.target.value as MacroScope })} data-testid="macro-scope">
                <option value="personal">{t('macros.scopes.personal')}</option>
                {canShare && <option value="shared">{t('macros.scopes.shared')}</option>}
              </select>
            </label>
          </div>
          <div className="snippets__row">
            <label className="snippets__field">
              <span>{t('macros.fields.kind')}</span>
              <select
                className="input"
                value={draft.kind}
                // A kind's reasons, remedies and categories are its own: changing it starts them over.
                onChange={(e) => setDraft({ ...draft, kind: e.target.value as ComplaintKind, reasonCodes: [], remedies: [], categories: [] })}
                data-testid="macro-kind"
              >
                {COMPLAINT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABELS[k][lang]}
                  </option>
                ))}
              </select>
            </label>
            <label className="snippets__field">
              <span>{t('macros.fields.verdict')}</span>
              <select className="input" value={draft.verdict} onChange={(e) => setDraft({ ...draft, verdict: e.target.value as Verdict })} data-testid="macro-verdict">
                {VERDICTS.map((v) => (
                  <option key={v} value={v}>
                    {VERDICT_LABELS[v][lang]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <fieldset className="snippets__field">
            <legend>{t('macros.fields.reasonCodes')}</legend>
            {policy.reasonCodes[draft.kind]
              .filter((rc) => rc.verdicts.includes(draft.verdict) || draft.reasonCodes.includes(rc.code))
              .map((rc) => (
                <label key={rc.code} className="option">
                  <input type="checkbox" checked={draft.reasonCodes.includes(rc.code)} onChange={(e) => setDraft({ ...draft, reasonCodes: toggled(draft.reasonCodes, rc.code, e.target.checked) })} />
                  <span>{lang === 'en' ? rc.en : rc.zh}</span>
                </label>
              ))}
          </fieldset>
          <fieldset className="snippets__field">
            <legend>{t('macros.fields.remedies')}</legend>
            {policy.remediesByKind[draft.kind].map((r) => (
              <label key={r} className="option">
                <input type="checkbox" checked={draft.remedies.includes(r)} onChange={(e) => setDraft({ ...draft, remedies: toggled(draft.remedies, r, e.target.checked) })} />
                <span>{REMEDY_LABELS[r][lang]}</span>
              </label>
            ))}
          </fieldset>
          <label className="snippets__field">
            <span>{t('macros.fields.note')}</span>
            <textarea className="textarea" rows={3} value={draft.note} onChange={(e) => setDraft({ ...draft, note: e.target.value })} data-testid="macro-note" />
          </label>
          <p className="muted small">
            {t('snippets.variables')}{' '}
            {SNIPPET_VARIABLES.map((v) => (
              <code key={v} className="snippets__var" title={t(`snippets.vars.${v}`)}>
                {`{{${v}}}`} {t(`snippets.vars.${v}`)}
              </code>
            ))}
          </p>
          <div className="snippets__row">
            <label className="snippets__field">
              <span>{t('macros.fields.action')}</span>
              <select className="input" value={draft.actionType} onChange={(e) => setDraft({ ...draft, actionType: e.target.value as ActionType })} data-testid="macro-action">
                <option value="">{t('macros.actions.none')}</option>
                <option value="request_evidence">{t('decision.actions.request_evidence')}</option>
                <option value="escalate">{t('decision.actions.escalate')}</option>
              </select>
            </label>
            {draft.actionType === 'request_evidence' && (
              <label className="snippets__field">
                <span>{t('macros.fields.from')}</span>
                <select className="input" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value as EvidenceParty })}>
                  {EVIDENCE_PARTIES.map((p) => (
                    <option key={p} value={p}>
                      {t(`macros.parties.${p}`)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {draft.actionType === 'escalate' && (
              <label className="snippets__field">
                <span>{t('macros.fields.category')}</span>
                <select className="input" value={draft.escalation} onChange={(e) => setDraft({ ...draft, escalation: e.target.value as Exclude<EscalationReason, 'sync_conflict'> })}>
                  {ESCALATION_FORM_REASONS.map((r) => (
                    <option key={r} value={r}>
                      {ESCALATION_REASON_LABELS[r][lang]}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
          {draft.actionType === 'request_evidence' && (
            <fieldset className="snippets__field">
              <legend>{t('macros.fields.categories')}</legend>
              {EVIDENCE_CATEGORIES_BY_KIND[draft.kind].map((c) => (
                <label key={c} className="option">
                  <input type="checkbox" checked={draft.categories.includes(c)} onChange={(e) => setDraft({ ...draft, categories: toggled(draft.categories, c, e.target.checked) })} />
                  <span>{EVIDENCE_CATEGORY_LABELS[c][lang]}</span>
                </label>
              ))}
            </fieldset>
          )}
          {(problemWords.length > 0 || missing.length > 0) && (
            <p className="form-error" role="alert" data-testid="macro-problem">
              {[...missing, ...problemWords].join(t('keys.listSeparator'))}
            </p>
          )}
          <div className="snippets__row">
            <button type="submit" className="button button--primary" disabled={busy || problemWords.length > 0 || missing.length > 0} data-testid="macro-save">
              {t('macros.save')}
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => setDraft(null)}>
              {t('macros.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button" disabled={!policy} onClick={() => setDraft(blank(canShare ? 'shared' : 'personal'))} data-testid="macro-new">
          {t('macros.new')}
        </button>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="macro-error">
          {error}
        </p>
      )}
    </div>
  );
}
