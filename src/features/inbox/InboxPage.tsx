import './inbox.css';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { KIND_LABELS, REMEDY_LABELS, VERDICT_LABELS } from '@common/domain';
import type { QaDecisionFacts } from '@common/qa';
import { caseHref } from '../../app/router';
import { appDb } from '../../data/db';
import { markNoticesRead, useInboxNotices, type InboxNotice } from '../../data/noticesRepo';
import { EmptyState } from '../../ui/EmptyState';
import { BellIcon } from '../../ui/icons';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';

/** How long a new notice stays marked new on screen before it counts as seen. */
const SEEN_AFTER_MS = 1500;

/**
 * Notices on this user's decisions: a supervisor's override, or the result of a QA review. Each
 * says what changed, who changed it and why, and links to the case. What the page has shown counts
 * as read (here at once, on the server with the next call), which clears the shell's badge.
 */
export function InboxPage() {
  const { t } = useTranslation();
  const notices = useInboxNotices();
  const unread = (notices ?? []).filter((n) => n.unread === 1).map((n) => n.id);
  const key = unread.join(',');
  useEffect(() => {
    // A short delay, so a notice that arrives while the page is open is seen as new first.
    if (!key) return;
    const db = appDb();
    const timer = setTimeout(() => void markNoticesRead(db, key.split(',')), SEEN_AFTER_MS);
    return () => clearTimeout(timer);
  }, [key]);
  return (
    <section className="page" aria-labelledby="page-title" data-testid="inbox-page">
      <PageHeader title={t('inbox.title')} subtitle={t('inbox.subtitle')} />
      {notices && notices.length === 0 && <EmptyState icon={<BellIcon size={40} />} title={t('inbox.emptyTitle')} body={t('inbox.emptyBody')} />}
      <ul className="inbox-list">
        {notices?.map((n) => (
          <li key={n.id}>
            <NoticeCard notice={n} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function NoticeCard({ notice: n }: { notice: InboxNotice }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const facts = (f: QaDecisionFacts) =>
    t('inbox.facts', {
      verdict: VERDICT_LABELS[f.verdict][lang],
      remedies: f.remedies.map((r) => REMEDY_LABELS[r][lang]).join(t('inbox.separator')) || t('inbox.none'),
    });
  const agrees = n.previous && n.decision ? n.previous.verdict === n.decision.verdict : null;
  return (
    <article className={`notice notice--${n.type}${n.unread ? ' is-unread' : ''}`} data-testid="notice" data-type={n.type} data-case-id={n.caseId}>
      <header className="notice__head">
        <strong className="notice__type">{t(`inbox.types.${n.type}`)}</strong>
        <span className="mono">{n.externalId}</span>
        <span className="kind-pill">{KIND_LABELS[n.kind][lang]}</span>
        {n.unread === 1 && (
          <span className="tag" data-testid="notice-new">
            {t('inbox.new')}
          </span>
        )}
        <span className="notice__when muted small">{formatDateTime(n.at, i18n.language)}</span>
      </header>
      <dl className="notice__facts">
        <div>
          <dt>{t('inbox.who')}</dt>
          <dd data-testid="notice-who">{n.byName || t('inbox.aSupervisor')}</dd>
        </div>
        {n.previous && n.decision && (
          <div>
            <dt>{t(n.type === 'override' ? 'inbox.changed' : 'inbox.review')}</dt>
            <dd>
              {n.type === 'override'
                ? t('inbox.fromTo', { from: facts(n.previous), to: facts(n.decision) })
                : t('inbox.reviewedAs', { review: facts(n.decision), yours: facts(n.previous) })}
              {n.type === 'feedback' && agrees !== null && (
                <span className={`notice__agree ${agrees ? 'tone-ok' : 'tone-bad'}`}>{t(agrees ? 'inbox.agrees' : 'inbox.disagrees')}</span>
              )}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('inbox.why')}</dt>
          <dd className="notice__note" data-testid="notice-why">
            {n.note || t('inbox.noNote')}
          </dd>
        </div>
      </dl>
      {n.local ? (
        <a className="button button--small" href={caseHref(n.caseId)} data-testid="notice-open">
          {t('inbox.openCase')}
        </a>
      ) : (
        <p className="muted small">{t('inbox.notLocal')}</p>
      )}
    </article>
  );
}
