import './conflicts.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KIND_LABELS, STATUS_LABELS, VERDICT_LABELS, type CaseStatus } from '@common/domain';
import { openCase } from '../../app/router';
import { actionsFor, conflictKind, useOpenConflicts, type ConflictResolution, type ConflictWithDecision } from '../../data/conflictsRepo';
import { governingPolicy, usePolicySource } from '../../data/policies';
import { isQuotaError } from '../../data/storageErrors';
import { ConflictActionError, resolveConflict, useSessionStatus } from '../../sync/syncStore';
import { EmptyState } from '../../ui/EmptyState';
import { InboxIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/PageHeader';
import { problemText } from '../../ui/problemWords';
import type { TFunction } from 'i18next';
import { errorWords } from '../../ui/errorWords';

/**
 * Every mutation the server did not apply, one card each: what happened and what it means, the
 * arbitrator's decision beside the server's state, and the actions that converge for that kind of
 * conflict (src/data/conflictsRepo.ts decides which; src/sync/conflictResolution.ts what each does).
 */
export function ConflictsPage() {
  const { t } = useTranslation();
  const conflicts = useOpenConflicts();
  return (
    <section className="page" data-testid="conflicts-page">
      <PageHeader title={t('conflicts.title')} subtitle={t('conflicts.subtitle')} />
      {conflicts && conflicts.length === 0 && <EmptyState icon={<InboxIcon />} title={t('conflicts.emptyTitle')} body={t('conflicts.emptyBody')} />}
      <ul className="conflict-list">
        {conflicts?.map((c) => (
          <li key={c.clientId}>
            <ConflictCard conflict={c} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ConflictCard({ conflict }: { conflict: ConflictWithDecision }) {
  const { t, i18n } = useTranslation();
  const me = useSessionStatus()?.user?.id ?? null;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const zh = i18n.language.startsWith('zh');
  const r = conflict.result;
  const kind = conflictKind(conflict, me);
  const actions = actionsFor(conflict, me);
  const mine = conflict.decision?.decision;
  // Reason labels come from the policy the decision was made under, as the server judged it.
  const source = usePolicySource();
  const governing = source && mine ? governingPolicy(source, { filedAt: mine.decidedAt, policyVersion: mine.policyVersion }) : undefined;
  const policy = governing && 'policy' in governing ? governing.policy : null;
  const theirs = r.status === 'conflict' ? r.details : null;
  const status = (s: string) => {
    const label = STATUS_LABELS[s as CaseStatus] as { zh: string; en: string } | undefined;
    return label ? (zh ? label.zh : label.en) : s;
  };
  const seen = conflict.mutation.type === 'decide' ? conflict.mutation.evidenceVersion : undefined;
  const explainKey = kind === 'lease_lost' ? (r.status === 'conflict' ? 'lease_lost_mine' : 'lease_lost_gone') : kind;
  // The server's refusal in the reader's language: each issue by its code, with codes shown by label
  // (an older server without codes gets the field's sentence); its English stays in the tooltip.
  const lang = zh ? 'zh' : 'en';
  const issues = r.status === 'rejected' && r.issues?.length ? r.issues.map((p) => problemText(p, t, lang, policy)).join(t('keys.listSeparator')) : null;
  const explanation = t(`conflicts.explain.${explainKey}`, {
    seen: seen ?? '?',
    now: theirs?.evidenceVersion ?? '?',
    reason: issues ?? r.message,
    detail: issues ?? r.message,
  });
  const reasonLabel = (code: string) => {
    const rc = conflict.kind ? policy?.reasonCodes[conflict.kind].find((x) => x.code === code) : undefined;
    return rc ? rc[lang] : code;
  };

  const act = (resolution: ConflictResolution) => {
    setError(null);
    setBusy(true);
    resolveConflict(conflict.clientId, resolution)
      .then(() => {
        if (resolution === 'redecided') openCase(conflict.caseId);
      })
      .catch((e: unknown) => setError(actionErrorText(e, t)))
      .finally(() => setBusy(false));
  };

  return (
    <article className="conflict-card" data-testid="conflict" data-kind={kind} data-reason={r.reason} data-case-id={conflict.caseId}>
      <header className="conflict-card__head">
        <strong>{conflict.externalId}</strong>
        {conflict.kind && <span className="badge">{zh ? KIND_LABELS[conflict.kind].zh : KIND_LABELS[conflict.kind].en}</span>}
        <span className="conflict-card__what">{t(`conflicts.kind.${kind}`)}</span>
      </header>
      {/* The sentence is ours; the server's own words (English, for diagnosis) stay in the stored
          conflict (and the diagnostics bundle), never on screen. */}
      <p className="conflict-card__message" data-testid="conflict-explain" data-server-message={r.message}>
        {explanation}
      </p>
      <div className="conflict-card__compare">
        <div>
          <h4>{t('conflicts.yours')}</h4>
          {mine ? (
            <p>
              {zh ? VERDICT_LABELS[mine.verdict].zh : VERDICT_LABELS[mine.verdict].en} · {mine.reasonCodes.map(reasonLabel).join(t('keys.listSeparator'))}
              {mine.note && <span className="conflict-card__note"> — {mine.note}</span>}
            </p>
          ) : (
            <p>{t(`conflicts.operation.${conflict.mutation.type}`)}</p>
          )}
        </div>
        <div>
          <h4>{t('conflicts.theirs')}</h4>
          {theirs ? (
            <p>
              {t('conflicts.serverState', { status: status(theirs.status) })}
              {theirs.decidedBy && <> · {t('conflicts.decidedBy', { who: theirs.decidedBy === me ? t('conflicts.you') : t('conflicts.someoneElse') })}</>}
              {theirs.heldBy && <> · {t('conflicts.heldBy', { who: theirs.heldBy === me ? t('conflicts.you') : t('conflicts.someoneElse') })}</>}
            </p>
          ) : (
            <p>{t('conflicts.refused')}</p>
          )}
        </div>
      </div>
      <div className="conflict-card__actions">
        {actions.map((a, i) => (
          <button key={a} type="button" className={i === 0 ? 'button button--primary' : 'button'} data-action={a} disabled={busy} onClick={() => act(a)}>
            {a === 'discarded' && conflict.mutation.type !== 'decide' ? t('conflicts.discardOperation') : t(`conflicts.action.${a}`)}
          </button>
        ))}
      </div>
      {error && (
        <p role="alert" className="conflict-card__error" data-testid="conflict-error">
          {error}
        </p>
      )}
    </article>
  );
}

function actionErrorText(e: unknown, t: TFunction): string {
  if (isQuotaError(e)) return t('conflicts.actionError.storage');
  if (e instanceof ConflictActionError) {
    if (e.reason === 'offline' || e.reason === 'switched' || e.reason === 'not_yours') return t(`conflicts.actionError.${e.reason}`);
    return t('conflicts.actionError.done');
  }
  return errorWords(e, t);
}
