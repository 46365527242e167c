import './conflicts.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KIND_LABELS, VERDICT_LABELS } from '@common/domain';
import { actionsFor, resolveConflict, useOpenConflicts, type ConflictResolution, type ConflictWithDecision } from '../../data/conflictsRepo';
import { EmptyState } from '../../ui/EmptyState';
import { InboxIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/PageHeader';

/**
 * Every mutation the server did not apply, one card each: what happened, the arbitrator's decision
 * beside the server's state, and the next actions that make sense for that kind of conflict.
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
  const [error, setError] = useState<string | null>(null);
  const zh = i18n.language.startsWith('zh');
  const r = conflict.result;
  const what = r.status === 'conflict' ? t(`conflicts.reason.${r.reason}`) : t('conflicts.reason.rejected', { reason: r.reason });
  const mine = conflict.decision?.decision;
  const theirs = r.status === 'conflict' ? r.details : null;

  const act = (resolution: ConflictResolution) => {
    setError(null);
    resolveConflict(conflict.clientId, resolution, crypto.randomUUID()).catch((e: unknown) =>
      setError(e instanceof Error ? e.message : String(e)),
    );
  };

  return (
    <article className="conflict-card" data-testid="conflict" data-reason={r.reason}>
      <header className="conflict-card__head">
        <strong>{conflict.externalId}</strong>
        {conflict.kind && <span className="badge">{zh ? KIND_LABELS[conflict.kind].zh : KIND_LABELS[conflict.kind].en}</span>}
        <span className="conflict-card__what">{what}</span>
      </header>
      {/* Server text is shown as text: it may quote user input. */}
      <p className="conflict-card__message">{r.message}</p>
      <div className="conflict-card__compare">
        <div>
          <h4>{t('conflicts.yours')}</h4>
          {mine ? (
            <p>
              {zh ? VERDICT_LABELS[mine.verdict].zh : VERDICT_LABELS[mine.verdict].en} · {mine.reasonCodes.join(', ')}
              {mine.note && <span className="conflict-card__note"> — {mine.note}</span>}
            </p>
          ) : (
            <p>{conflict.mutation.type}</p>
          )}
        </div>
        <div>
          <h4>{t('conflicts.theirs')}</h4>
          {theirs ? (
            <p>
              {t('conflicts.serverState', { status: theirs.status })}
              {theirs.decidedBy && <> · {t('conflicts.decidedBy', { who: theirs.decidedBy })}</>}
              {theirs.heldBy && <> · {t('conflicts.heldBy', { who: theirs.heldBy })}</>}
            </p>
          ) : (
            <p>{t('conflicts.refused')}</p>
          )}
        </div>
      </div>
      <div className="conflict-card__actions">
        {actionsFor(conflict).map((a) => (
          <button key={a} type="button" className={a === actionsFor(conflict)[0] ? 'button button--primary' : 'button'} data-action={a} onClick={() => act(a)}>
            {t(`conflicts.action.${a}`)}
          </button>
        ))}
      </div>
      {error && (
        <p role="alert" className="conflict-card__error">
          {error}
        </p>
      )}
    </article>
  );
}
