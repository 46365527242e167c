import './routing.css';
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { QUEUES, type Queue, type RoutingArbitrator, type RoutingCandidates, type RoutingView } from '@common/api';
import { CASE_LANGUAGES, COMPLAINT_KINDS, STATUS_LABELS, type CaseStatus, type ComplaintKind } from '@common/domain';
import { canUseRouting } from '../../app/access';
import { routingBackend } from '../../data/routingQueries';
import { useSessionStatus } from '../../sync/syncStore';
import { EmptyState } from '../../ui/EmptyState';
import { errorWords } from '../../ui/errorWords';
import { formatFen } from '../../ui/format';
import { RoutingIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/PageHeader';
import {
  conditionWords,
  draftTags,
  kindLabel,
  kindsWords,
  profileDraft,
  profileProblems,
  reasonWords,
  requirementWords,
  ruleDraft,
  ruleFromDraft,
  ruleProblems,
  type ProfileDraft,
  type RuleDraft,
} from './routingModel';

/** Arbitrators take from these queues; escalations are the supervisors'. */
const ARBITRATOR_QUEUES: readonly Queue[] = QUEUES.filter((q) => q !== 'escalations');

const features = tableFeatures({});
const col = createColumnHelper<typeof features, RoutingArbitrator>();
const columns = col.columns([
  col.accessor('displayName', { id: 'name', header: () => <H k="name" />, cell: (c) => <span translate="no">{c.row.original.displayName}</span> }),
  col.display({ id: 'seniority', header: () => <H k="seniority" />, cell: (c) => <SeniorityCell a={c.row.original} /> }),
  col.display({ id: 'kinds', header: () => <H k="kinds" />, cell: (c) => <KindsCell a={c.row.original} /> }),
  col.display({ id: 'queues', header: () => <H k="queues" />, cell: (c) => <QueuesCell a={c.row.original} /> }),
  col.display({ id: 'languages', header: () => <H k="languages" />, cell: (c) => <LanguagesCell a={c.row.original} /> }),
  col.display({ id: 'tags', header: () => <H k="tags" />, cell: (c) => <span translate="no">{c.row.original.profile?.tags.join(' ') ?? ''}</span> }),
]);

function H({ k }: { k: string }) {
  const { t } = useTranslation();
  return <>{t(`routing.columns.${k}`)}</>;
}
function SeniorityCell({ a }: { a: RoutingArbitrator }) {
  const { t } = useTranslation();
  if (!a.profile) return <span className="muted">{t('routing.unprofiled')}</span>;
  return <span className={`rt-badge rt-badge--${a.profile.seniority}`}>{t(`routing.seniority.${a.profile.seniority}`)}</span>;
}
function KindsCell({ a }: { a: RoutingArbitrator }) {
  const { t, i18n } = useTranslation();
  return <>{a.profile ? kindsWords(a.profile.kinds, t, i18n.language === 'en' ? 'en' : 'zh') : ''}</>;
}
function QueuesCell({ a }: { a: RoutingArbitrator }) {
  const { t } = useTranslation();
  return <>{a.profile ? a.profile.queues.map((q) => t(`workforce.queues.${q}`)).join(t('routing.listSeparator')) : ''}</>;
}
function LanguagesCell({ a }: { a: RoutingArbitrator }) {
  const { t } = useTranslation();
  return <>{a.profile ? a.profile.languages.map((l) => t(`routing.languages.${l}`)).join(t('routing.listSeparator')) : ''}</>;
}

/** The admin's routing page; anyone else who lands on its address is told whose it is. */
export function RoutingPage() {
  const { t } = useTranslation();
  const role = useSessionStatus()?.user?.role;
  if (!canUseRouting(role))
    return (
      <section className="page" aria-labelledby="page-title" data-testid="routing-page">
        <PageHeader title={t('routing.title')} subtitle={t('routing.subtitle')} />
        <EmptyState icon={<RoutingIcon size={40} />} title={t('routing.adminsOnly')} body={t('routing.adminsOnlyBody')} />
      </section>
    );
  return <RoutingBoard />;
}

/**
 * Skill profiles per arbitrator (a table, edited one at a time), the routing rules (edited or added
 * one at a time), and "who would get this case?": the claim honours exactly what is shown here.
 */
function RoutingBoard() {
  const { t } = useTranslation();
  const [view, setView] = useState<RoutingView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editingUser, setEditingUser] = useState<string | null>(null);
  const [editingRule, setEditingRule] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setView(await routingBackend.view());
      setError(null);
    } catch (e) {
      setError(errorWords(e, t));
    }
  }, [t]);
  useEffect(() => void load(), [load]);

  const rows = useMemo(() => view?.arbitrators ?? [], [view]);
  const table = useTable({ features, columns, data: rows, getRowId: (r: RoutingArbitrator) => r.userId });
  const editing = rows.find((a) => a.userId === editingUser) ?? null;

  return (
    <section className="page rt" aria-labelledby="page-title" data-testid="routing-page">
      <PageHeader title={t('routing.title')} subtitle={t('routing.subtitle')} />
      {error && (
        <p className="rt-error" role="alert" data-testid="rt-error">
          {error}
        </p>
      )}
      {!view && !error && (
        <p className="muted" role="status">
          {t('routing.loading')}
        </p>
      )}
      {view && (
        <>
          <Tester />
          <section aria-labelledby="rt-skills-title" className="rt-section">
            <h2 id="rt-skills-title">{t('routing.skillsTitle')}</h2>
            <p className="muted">{t('routing.skillsHelp')}</p>
            <table className="rt-table" data-testid="rt-skills">
              <thead>
                {table.getHeaderGroups().map((g) => (
                  <tr key={g.id}>
                    {g.headers.map((h) => (
                      <th key={h.id} scope="col">
                        <table.FlexRender header={h} />
                      </th>
                    ))}
                    <th scope="col">
                      <span className="visually-hidden">{t('routing.columns.actions')}</span>
                    </th>
                  </tr>
                ))}
              </thead>
              <tbody>
                {table.getRowModel().rows.map((row) => (
                  <tr key={row.id} data-testid="rt-arbitrator" data-username={row.original.username}>
                    {row.getAllCells().map((cell) => (
                      <td key={cell.id}>
                        <table.FlexRender cell={cell} />
                      </td>
                    ))}
                    <td>
                      <button type="button" className="button button--small" onClick={() => setEditingUser(row.original.userId)} data-testid="rt-edit-skills">
                        {t('routing.edit')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {editing && (
              <SkillsEditor
                key={editing.userId}
                arbitrator={editing}
                onClose={() => setEditingUser(null)}
                onSaved={async () => {
                  setEditingUser(null);
                  await load();
                }}
              />
            )}
          </section>

          <section aria-labelledby="rt-rules-title" className="rt-section">
            <h2 id="rt-rules-title">{t('routing.rulesTitle')}</h2>
            <p className="muted">{t('routing.rulesHelp')}</p>
            <RulesList view={view} editing={editingRule} setEditing={setEditingRule} onSaved={load} />
          </section>
        </>
      )}
    </section>
  );
}

function RulesList({ view, editing, setEditing, onSaved }: { view: RoutingView; editing: string | null; setEditing: (id: string | null) => void; onSaved: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const money = (fen: number) => formatFen(fen, i18n.language);
  const ids = view.rules.map((r) => r.rule.id);
  const editor = (draft: RuleDraft) => (
    <RuleEditor
      key={draft.id}
      initial={draft}
      onClose={() => setEditing(null)}
      onSaved={async () => {
        setEditing(null);
        await onSaved();
      }}
    />
  );
  return (
    <>
      <ol className="rt-rules" data-testid="rt-rules">
        {view.rules.map(({ rule }) => (
          <li key={rule.id} className={`rt-rule${rule.enabled ? '' : ' is-off'}`} data-testid="rt-rule" data-rule-id={rule.id}>
            <div className="rt-rule__head">
              <span className="rt-rule__priority" title={t('routing.priority')}>
                {rule.priority}
              </span>
              <strong translate="no">{rule.name}</strong>
              <span className={`rt-badge ${rule.enabled ? 'rt-badge--on' : 'rt-badge--off'}`}>{t(rule.enabled ? 'routing.enabled' : 'routing.disabled')}</span>
              <button type="button" className="button button--small" onClick={() => setEditing(rule.id)} data-testid="rt-edit-rule">
                {t('routing.edit')}
              </button>
            </div>
            <p className="rt-rule__text">
              {t('routing.ruleSentence', { when: conditionWords(rule, t, lang, money), needs: requirementWords(rule, t) })}
            </p>
            {editing === rule.id && editor(ruleDraft(rule, ids))}
          </li>
        ))}
      </ol>
      {editing === 'new' ? (
        editor(ruleDraft(null, ids))
      ) : (
        <button type="button" className="button button--small" onClick={() => setEditing('new')} data-testid="rt-new-rule">
          {t('routing.newRule')}
        </button>
      )}
    </>
  );
}

function Problems({ problems }: { problems: string[] }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <ul className="rt-problems" data-testid="rt-problems">
      {problems.map((p) => (
        <li key={p}>{t(`routing.problem.${p}`)}</li>
      ))}
    </ul>
  );
}

function SkillsEditor({ arbitrator, onClose, onSaved }: { arbitrator: RoutingArbitrator; onClose: () => void; onSaved: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const [d, setD] = useState<ProfileDraft>(() => profileDraft(arbitrator.profile));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const problems = profileProblems(d);
  const toggle = <T,>(xs: readonly T[], x: T): T[] => (xs.includes(x) ? xs.filter((y) => y !== x) : [...xs, x]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (problems.length > 0) return;
    setBusy(true);
    try {
      await routingBackend.saveSkills({ userId: arbitrator.userId, kinds: d.kinds, queues: d.queues, languages: d.languages, seniority: d.seniority, tags: draftTags(d) });
      await onSaved();
    } catch (err) {
      setError(errorWords(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="rt-editor" onSubmit={(e) => void submit(e)} data-testid="rt-skills-editor" aria-labelledby="rt-skills-editor-title">
      <h3 id="rt-skills-editor-title">
        {t('routing.editSkillsOf')} <span translate="no">{arbitrator.displayName}</span>
      </h3>
      <fieldset>
        <legend>{t('routing.columns.seniority')}</legend>
        {(['junior', 'senior'] as const).map((s) => (
          <label key={s} className="rt-check">
            <input type="radio" name="seniority" checked={d.seniority === s} onChange={() => setD({ ...d, seniority: s })} data-testid={`rt-seniority-${s}`} />
            {t(`routing.seniority.${s}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('routing.columns.kinds')}</legend>
        <div className="rt-checks">
          {COMPLAINT_KINDS.map((k) => (
            <label key={k} className="rt-check">
              <input type="checkbox" checked={d.kinds.includes(k)} onChange={() => setD({ ...d, kinds: toggle(d.kinds, k) })} data-testid={`rt-kind-${k}`} />
              {kindLabel(k, lang)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('routing.columns.queues')}</legend>
        {ARBITRATOR_QUEUES.map((q) => (
          <label key={q} className="rt-check">
            <input type="checkbox" checked={d.queues.includes(q)} onChange={() => setD({ ...d, queues: toggle(d.queues, q) })} />
            {t(`workforce.queues.${q}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('routing.columns.languages')}</legend>
        {CASE_LANGUAGES.map((l) => (
          <label key={l} className="rt-check">
            <input type="checkbox" checked={d.languages.includes(l)} onChange={() => setD({ ...d, languages: toggle(d.languages, l) })} />
            {t(`routing.languages.${l}`)}
          </label>
        ))}
      </fieldset>
      <label className="rt-field">
        <span>{t('routing.columns.tags')}</span>
        <input className="input" value={d.tags} onChange={(e) => setD({ ...d, tags: e.target.value })} placeholder={t('routing.tagsPlaceholder')} data-testid="rt-tags" />
      </label>
      <Problems problems={problems} />
      {error && (
        <p className="rt-error" role="alert">
          {error}
        </p>
      )}
      <div className="rt-editor__actions">
        <button type="submit" className="button button--small button--primary" disabled={busy || problems.length > 0} data-testid="rt-save-skills">
          {t('routing.save')}
        </button>
        <button type="button" className="button button--small" onClick={onClose} disabled={busy}>
          {t('routing.cancel')}
        </button>
      </div>
    </form>
  );
}

function RuleEditor({ initial, onClose, onSaved }: { initial: RuleDraft; onClose: () => void; onSaved: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const [d, setD] = useState<RuleDraft>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const problems = ruleProblems(d);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (problems.length > 0) return;
    setBusy(true);
    try {
      await routingBackend.saveRule(ruleFromDraft(d));
      await onSaved();
    } catch (err) {
      setError(errorWords(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="rt-editor" onSubmit={(e) => void submit(e)} data-testid="rt-rule-editor" aria-label={t('routing.ruleEditor')}>
      <div className="rt-grid">
        <label className="rt-field">
          <span>{t('routing.ruleName')}</span>
          <input className="input" value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} data-testid="rt-rule-name" />
        </label>
        <label className="rt-field">
          <span>{t('routing.priority')}</span>
          <input className="input" inputMode="numeric" value={d.priority} onChange={(e) => setD({ ...d, priority: e.target.value })} data-testid="rt-rule-priority" />
        </label>
        <label className="rt-check">
          <input type="checkbox" checked={d.enabled} onChange={(e) => setD({ ...d, enabled: e.target.checked })} data-testid="rt-rule-enabled" />
          {t('routing.enabled')}
        </label>
      </div>
      <fieldset>
        <legend>{t('routing.condition')}</legend>
        <div className="rt-grid">
          <label className="rt-field">
            <span>{t('routing.columns.kind')}</span>
            <select value={d.kind} onChange={(e) => setD({ ...d, kind: e.target.value as ComplaintKind | '' })} data-testid="rt-rule-kind">
              <option value="">{t('routing.any')}</option>
              {COMPLAINT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k, lang)}
                </option>
              ))}
            </select>
          </label>
          <label className="rt-field">
            <span>{t('routing.columns.queue')}</span>
            <select value={d.queue} onChange={(e) => setD({ ...d, queue: e.target.value as Queue | '' })}>
              <option value="">{t('routing.any')}</option>
              {QUEUES.map((q) => (
                <option key={q} value={q}>
                  {t(`workforce.queues.${q}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="rt-field">
            <span>{t('routing.minAmount')}</span>
            <input className="input" inputMode="decimal" value={d.minAmountYuan} onChange={(e) => setD({ ...d, minAmountYuan: e.target.value })} placeholder={t('routing.any')} data-testid="rt-rule-amount" />
          </label>
          <label className="rt-field">
            <span>{t('routing.columns.language')}</span>
            <select value={d.language} onChange={(e) => setD({ ...d, language: e.target.value as RuleDraft['language'] })}>
              <option value="">{t('routing.any')}</option>
              {CASE_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`routing.languages.${l}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('routing.requirement')}</legend>
        <div className="rt-grid">
          <label className="rt-field">
            <span>{t('routing.minSeniority')}</span>
            <select value={d.minSeniority} onChange={(e) => setD({ ...d, minSeniority: e.target.value as RuleDraft['minSeniority'] })} data-testid="rt-rule-seniority">
              <option value="">{t('routing.anySeniority')}</option>
              <option value="junior">{t('routing.seniority.junior')}</option>
              <option value="senior">{t('routing.seniority.senior')}</option>
            </select>
          </label>
          <label className="rt-field">
            <span>{t('routing.requiredSkill')}</span>
            <input className="input" value={d.requiredSkill} onChange={(e) => setD({ ...d, requiredSkill: e.target.value })} placeholder={t('routing.noSkill')} data-testid="rt-rule-skill" />
          </label>
        </div>
      </fieldset>
      <Problems problems={problems} />
      {error && (
        <p className="rt-error" role="alert">
          {error}
        </p>
      )}
      <div className="rt-editor__actions">
        <button type="submit" className="button button--small button--primary" disabled={busy || problems.length > 0} data-testid="rt-save-rule">
          {t('routing.save')}
        </button>
        <button type="button" className="button button--small" onClick={onClose} disabled={busy}>
          {t('routing.cancel')}
        </button>
      </div>
    </form>
  );
}

/** "Who would get this case?": an external id (or case id) in, every arbitrator out, with reasons. */
function Tester() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const [ref, setRef] = useState('');
  const [answer, setAnswer] = useState<RoutingCandidates | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ask = async (e: FormEvent) => {
    e.preventDefault();
    const caseId = ref.trim();
    if (caseId === '') return;
    setBusy(true);
    try {
      setAnswer(await routingBackend.candidates({ caseId }));
      setError(null);
    } catch (err) {
      setAnswer(null);
      setError(errorWords(err, t));
    } finally {
      setBusy(false);
    }
  };
  const eligible = answer?.candidates.filter((c) => c.eligible) ?? [];
  const others = answer?.candidates.filter((c) => !c.eligible) ?? [];
  const status = (s: string) => (s in STATUS_LABELS ? STATUS_LABELS[s as CaseStatus][lang] : t('routing.otherStatus'));
  return (
    <section aria-labelledby="rt-tester-title" className="rt-section rt-tester" data-testid="rt-tester">
      <h2 id="rt-tester-title">{t('routing.testerTitle')}</h2>
      <form className="rt-tester__form" onSubmit={(e) => void ask(e)}>
        <label className="rt-field">
          <span>{t('routing.testerLabel')}</span>
          <input className="input" value={ref} onChange={(e) => setRef(e.target.value)} placeholder={t('routing.testerPlaceholder')} data-testid="rt-tester-input" />
        </label>
        <button type="submit" className="button button--small button--primary" disabled={busy || ref.trim() === ''} data-testid="rt-tester-ask">
          {t('routing.testerAsk')}
        </button>
      </form>
      {error && (
        <p className="rt-error" role="alert" data-testid="rt-tester-error">
          {error}
        </p>
      )}
      {answer && (
        <div className="rt-answer" data-testid="rt-answer">
          <p>
            <span translate="no" className="mono">
              {answer.case.externalId}
            </span>{' '}
            {t('routing.caseFacts', {
              kind: kindLabel(answer.case.kind, lang),
              queue: t(`workforce.queues.${answer.case.queue}`),
              amount: formatFen(answer.case.amountFen, i18n.language),
              language: answer.case.language === 'en' || answer.case.language === 'zh-CN' ? t(`routing.languages.${answer.case.language}`) : t('routing.otherLanguage'),
              status: answer.case.holderName ? t('routing.heldBy', { name: answer.case.holderName }) : status(answer.case.status),
            })}
          </p>
          <p className="muted">
            {answer.rules.length === 0 ? t('routing.noRuleApplies') : t('routing.rulesApply', { rules: answer.rules.map((r) => r.name).join(t('routing.listSeparator')) })}
          </p>
          <div className="rt-answer__cols">
            <div>
              <h3>{t('routing.eligible', { count: eligible.length })}</h3>
              <ul data-testid="rt-eligible">
                {eligible.map((c) => (
                  <li key={c.userId} data-testid="rt-candidate" data-eligible="true" data-user-id={c.userId}>
                    <span translate="no">{c.displayName}</span>
                    {!c.profiled && <span className="muted"> {t('routing.notRouted')}</span>}
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3>{t('routing.ineligible', { count: others.length })}</h3>
              <ul data-testid="rt-ineligible">
                {others.map((c) => (
                  <li key={c.userId} data-testid="rt-candidate" data-eligible="false" data-user-id={c.userId}>
                    <span translate="no">{c.displayName}</span>
                    <ul className="rt-reasons">
                      {c.reasons.map((r, i) => (
                        <li key={i} data-testid="rt-reason" data-code={r.code}>
                          {reasonWords(r, t)}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
