import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Snippet } from '@common/api';
import { COMPLAINT_KINDS, KIND_LABELS, VERDICT_LABELS, VERDICTS, type ComplaintKind, type Verdict } from '@common/domain';
import { SNIPPET_VARIABLES, snippetTextProblems } from '@common/rules';
import { IpcCallError } from '../../data/bridge';
import { appDb } from '../../data/db';
import { useAllSnippets } from '../../data/snippets';
import { refreshSnippets, snippetBackend } from '../../data/snippetsRepo';

type Draft = { id: string; name: string; kind: ComplaintKind | ''; verdict: Verdict | ''; text: string; position: number; isNew: boolean };

const blank = (): Draft => ({ id: crypto.randomUUID(), name: '', kind: '', verdict: '', text: '', position: 100, isNew: true });
const draftOf = (s: Snippet): Draft => ({ id: s.id, name: s.name, kind: s.kind ?? '', verdict: s.verdict ?? '', text: s.text, position: s.position, isNew: false });

/**
 * The supervisor's editor of note snippets: the list, and a form to create, edit or delete one.
 * Every change goes to the server (which audits it and refuses it to arbitrators) and the list is
 * read back at once, so this desk shows it before the next pull reaches the others. A `{{slot}}`
 * that is not a known variable is named here, before anything is sent.
 */
export function SnippetsSection() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const all = useAllSnippets();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const textProblems = draft ? snippetTextProblems(draft.text) : [];
  const problemWords = textProblems.map((p) => (p.kind === 'unknown' ? t('snippets.errors.unknownVariable', { name: `{{${p.name}}}` }) : t('snippets.errors.unbalanced', { open: '{{', close: '}}', example: '{{buyer}}' })));

  const explain = (e: unknown): string => {
    if (e instanceof IpcCallError && e.code === 'forbidden') return t('snippets.errors.forbidden');
    if (e instanceof IpcCallError && e.field) return t('snippets.errors.field', { field: t(`snippets.fields.${e.field}`, { defaultValue: t('snippets.fields.other') }) });
    return t('snippets.errors.failed');
  };
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      await refreshSnippets(appDb());
      setDraft(null);
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft || textProblems.length > 0 || !draft.name.trim() || !draft.text.trim()) return;
    void run(() =>
      snippetBackend.save({ id: draft.id, name: draft.name.trim(), kind: draft.kind || null, verdict: draft.verdict || null, text: draft.text.trim(), position: draft.position }),
    );
  };

  return (
    <div className="snippets" data-testid="snippet-editor">
      {all && all.length > 0 ? (
        <ul className="snippets__list">
          {all.map((s) => (
            <li key={s.id} className="snippets__item" data-testid="snippet-row" data-snippet-id={s.id}>
              <div className="snippets__head">
                <strong>{s.name}</strong>
                <span className="muted small">
                  {s.kind ? KIND_LABELS[s.kind][lang] : t('snippets.anyKind')} · {s.verdict ? VERDICT_LABELS[s.verdict][lang] : t('snippets.anyVerdict')}
                </span>
                <span className="snippets__actions">
                  <button type="button" className="button button--small" disabled={busy} onClick={() => setDraft(draftOf(s))} data-testid="snippet-edit">
                    {t('snippets.edit')}
                  </button>
                  <button type="button" className="button button--small" disabled={busy} onClick={() => void run(() => snippetBackend.delete({ id: s.id }))} data-testid="snippet-delete">
                    {t('snippets.delete')}
                  </button>
                </span>
              </div>
              <p className="small snippets__text">{s.text}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{t('snippets.empty')}</p>
      )}
      {draft ? (
        <form className="snippets__form" onSubmit={submit} aria-label={t(draft.isNew ? 'snippets.new' : 'snippets.edit')}>
          <label className="snippets__field">
            <span>{t('snippets.fields.name')}</span>
            <input className="input" value={draft.name} maxLength={40} onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="snippet-name" />
          </label>
          <div className="snippets__row">
            <label className="snippets__field">
              <span>{t('snippets.fields.kind')}</span>
              <select className="input" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as ComplaintKind | '' })} data-testid="snippet-kind">
                <option value="">{t('snippets.anyKind')}</option>
                {COMPLAINT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABELS[k][lang]}
                  </option>
                ))}
              </select>
            </label>
            <label className="snippets__field">
              <span>{t('snippets.fields.verdict')}</span>
              <select className="input" value={draft.verdict} onChange={(e) => setDraft({ ...draft, verdict: e.target.value as Verdict | '' })} data-testid="snippet-verdict">
                <option value="">{t('snippets.anyVerdict')}</option>
                {VERDICTS.map((v) => (
                  <option key={v} value={v}>
                    {VERDICT_LABELS[v][lang]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label className="snippets__field">
            <span>{t('snippets.fields.text')}</span>
            <textarea className="textarea" rows={3} value={draft.text} onChange={(e) => setDraft({ ...draft, text: e.target.value })} data-testid="snippet-text" />
          </label>
          <p className="muted small">
            {t('snippets.variables')}{' '}
            {SNIPPET_VARIABLES.map((v) => (
              <code key={v} className="snippets__var" title={t(`snippets.vars.${v}`)}>
                {`{{${v}}}`} {t(`snippets.vars.${v}`)}
              </code>
            ))}
          </p>
          {problemWords.length > 0 && (
            <p className="form-error" role="alert" data-testid="snippet-problem">
              {problemWords.join(t('keys.listSeparator'))}
            </p>
          )}
          <div className="snippets__row">
            <button type="submit" className="button button--primary" disabled={busy || problemWords.length > 0 || !draft.name.trim() || !draft.text.trim()} data-testid="snippet-save">
              {t('snippets.save')}
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => setDraft(null)}>
              {t('snippets.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button" onClick={() => setDraft(blank())} data-testid="snippet-new">
          {t('snippets.new')}
        </button>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="snippet-error">
          {error}
        </p>
      )}
    </div>
  );
}
