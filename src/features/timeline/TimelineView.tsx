import './timeline.css';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineEvent, TimelineKind } from '@common/api';
import { ESCALATION_REASON_LABELS, EVIDENCE_CATEGORY_LABELS, REMEDY_LABELS, VERDICT_LABELS, type ComplaintKind } from '@common/domain';
import type { Policy } from '@common/policy';
import { CODE_LABELS, type FindingCode } from '@common/rules';
import { useCaseTimeline } from '../../data/timeline';
import { errorCode, errorWords } from '../../ui/errorWords';
import { formatDateTime } from '../../ui/format';

type Lang = 'zh' | 'en';

/** One colour family per kind of event: the life of the case reads at a glance. */
const TONE: Record<TimelineKind, 'neutral' | 'info' | 'hold' | 'warn' | 'ok' | 'bad' | 'qa'> = {
  imported: 'neutral',
  assessed: 'info',
  claimed: 'hold',
  released: 'hold',
  lease_expired: 'warn',
  evidence_requested: 'info',
  evidence_added: 'info',
  evidence_overdue: 'warn',
  escalated: 'warn',
  decided: 'ok',
  overridden: 'qa',
  appealed: 'warn',
  withdrawn: 'bad',
  closed: 'neutral',
};

const path = (d: string, key?: string) => <path key={key ?? d} d={d} />;
/** Small stroke glyphs, one per kind (inline: the CSP allows only our own assets). */
const GLYPH: Record<TimelineKind, ReactElement[]> = {
  imported: [path('M12 3v12'), path('M7 10l5 5 5-5'), path('M5 21h14')],
  assessed: [path('M9 11l3 3 8-8'), path('M20 12v7a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h9')],
  claimed: [path('M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z'), path('M4 21c0-4 3.6-7 8-7s8 3 8 7')],
  released: [path('M9 14l-5-5 5-5'), path('M4 9h11a5 5 0 0 1 0 10h-3')],
  lease_expired: [path('M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z'), path('M12 7v5l3 2')],
  evidence_requested: [path('M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z'), path('M12 7v4'), path('M12 14h.01')],
  evidence_added: [path('M21.4 11.1l-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5')],
  evidence_overdue: [path('M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z'), path('M12 8v4'), path('M12 16h.01')],
  escalated: [path('M12 19V5'), path('M5 12l7-7 7 7')],
  decided: [path('M14 13l-8 8'), path('M12 4l8 8'), path('M9 7l8 8'), path('M10 3l11 11')],
  overridden: [path('M3 12a9 9 0 0 1 15-6.7L21 8'), path('M21 3v5h-5'), path('M21 12a9 9 0 0 1-15 6.7L3 16'), path('M3 21v-5h5')],
  appealed: [path('M4 22V4'), path('M4 4h12l-2 4 2 4H4')],
  withdrawn: [path('M18 6L6 18'), path('M6 6l12 12')],
  closed: [path('M5 11h14v10H5z'), path('M8 11V7a4 4 0 0 1 8 0v4')],
};

function Glyph({ kind }: { kind: TimelineKind }) {
  return (
    <svg width={16} height={16} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.9} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {GLYPH[kind]}
    </svg>
  );
}

/**
 * The case's timeline tab: every event of the case, oldest first, with an icon and colour per kind,
 * who (by name and role, the platform, or Gavel itself) and when, and what it was in words (verdicts,
 * reasons, remedies, findings by their labels). Read from the server; see data/timeline.ts for offline.
 */
export function TimelineView({ caseId, kind, policy }: { caseId: string; kind: ComplaintKind; policy: Policy | null }) {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh';
  const { timeline, reload } = useCaseTimeline(caseId);
  if (timeline.state === 'loading')
    return (
      <section className="case-timeline" data-testid="timeline" data-state="loading" aria-busy="true">
        <p className="muted">{t('timeline.loading')}</p>
      </section>
    );
  if (timeline.state === 'unavailable') {
    const offline = errorCode(timeline.error) === 'offline' || errorCode(timeline.error) === 'timeout';
    return (
      <section className="case-timeline" data-testid="timeline" data-state="unavailable">
        <p className={offline ? 'case-timeline__notice' : 'form-error'} role="status" data-testid="timeline-unavailable">
          {offline ? t('timeline.offline') : t('timeline.failed', { words: errorWords(timeline.error, t) })}
        </p>
        <button type="button" className="button" onClick={reload}>
          {t('timeline.retry')}
        </button>
      </section>
    );
  }
  const reason = (code: string) => policy?.reasonCodes[kind].find((r) => r.code === code)?.[lang] ?? t('timeline.unknownReason');
  const finding = (code: string) => CODE_LABELS[code as FindingCode]?.[lang] ?? t('timeline.unknownFinding');
  const list = (items: string[]) => items.join(t('keys.listSeparator'));
  const who = (e: TimelineEvent) => (e.actor.type === 'user' ? t('timeline.actor.user', { name: e.actor.name, role: t(`account.roles.${e.actor.role}`) }) : t(`timeline.actor.${e.actor.type}`));
  const when = (iso: string) => formatDateTime(iso, i18n.language);

  const details = (e: TimelineEvent): string[] => {
    switch (e.kind) {
      case 'assessed': {
        const out = [
          e.previousPolicyVersion
            ? t('timeline.detail.policyChanged', { version: e.policyVersion, previous: e.previousPolicyVersion })
            : e.policyVersion
              ? t('timeline.detail.policy', { version: e.policyVersion })
              : t('timeline.detail.policyUnknown'),
        ];
        out.push(e.codes.length ? t('timeline.detail.findings', { list: list(e.codes.map(finding)) }) : t('timeline.detail.noFindings'));
        return out;
      }
      case 'evidence_requested':
        return [
          e.from ? t('timeline.detail.requestFrom', { party: t(`timeline.party.${e.from}`) }) : '',
          e.categories.length ? t('timeline.detail.categories', { list: list(e.categories.map((c) => EVIDENCE_CATEGORY_LABELS[c][lang])) }) : '',
          e.dueAt ? t('timeline.detail.due', { time: when(e.dueAt) }) : '',
        ].filter(Boolean);
      case 'evidence_added':
        return [t(`timeline.detail.source.${e.source}`, { count: e.items ?? 0 })];
      case 'escalated':
        return [e.category ? t('timeline.detail.escalation', { category: ESCALATION_REASON_LABELS[e.category][lang] }) : '', e.reason ? t('timeline.detail.words', { text: e.reason }) : ''].filter(Boolean);
      case 'decided':
        return e.decision
          ? [
              t('timeline.detail.verdict', { verdict: VERDICT_LABELS[e.decision.verdict][lang] }),
              t('timeline.detail.reasons', { list: list(e.decision.reasonCodes.map(reason)) || '—' }),
              t('timeline.detail.remedies', { list: list(e.decision.remedies.map((r) => REMEDY_LABELS[r][lang])) || '—' }),
            ]
          : [];
      case 'overridden':
        return [
          e.previous && e.decision ? t('timeline.detail.overridden', { from: VERDICT_LABELS[e.previous.verdict][lang], to: VERDICT_LABELS[e.decision.verdict][lang] }) : '',
          e.decision ? t('timeline.detail.reasons', { list: list(e.decision.reasonCodes.map(reason)) || '—' }) : '',
          e.decision ? t('timeline.detail.remedies', { list: list(e.decision.remedies.map((r) => REMEDY_LABELS[r][lang])) || '—' }) : '',
          e.reason ? t('timeline.detail.why', { text: e.reason }) : '',
        ].filter(Boolean);
      case 'appealed':
        return e.reason ? [t('timeline.detail.why', { text: e.reason })] : [];
      case 'withdrawn':
        return [e.reason ? t('timeline.detail.why', { text: e.reason }) : '', e.penaltyRetained ? t('timeline.detail.penaltyRetained') : ''].filter(Boolean);
      default:
        return [];
    }
  };
  const title = (e: TimelineEvent) => (e.kind === 'assessed' && e.cause !== 'import' ? t(e.previousPolicyVersion ? 'timeline.kind.reassessedPolicy' : 'timeline.kind.reassessed') : t(`timeline.kind.${e.kind}`));

  const events = timeline.timeline.events;
  return (
    <section className="case-timeline" data-testid="timeline" data-state={timeline.state} aria-label={t('timeline.title')}>
      {timeline.state === 'stale' && (
        <p className="case-timeline__notice" role="status" data-testid="timeline-stale">
          {t('timeline.stale', { time: when(new Date(timeline.fetchedAt).toISOString()) })}
        </p>
      )}
      {events.length === 0 ? (
        <p className="muted">{t('timeline.empty')}</p>
      ) : (
        <ol className="case-timeline__list">
          {events.map((e) => (
            <li key={`${e.seq}:${e.kind}`} className={`case-timeline__event case-timeline__event--${TONE[e.kind]}`} data-testid="timeline-event" data-kind={e.kind}>
              <span className="case-timeline__icon">
                <Glyph kind={e.kind} />
              </span>
              <div className="case-timeline__body">
                <p className="case-timeline__head">
                  <strong className="case-timeline__what" data-testid="timeline-what">
                    {title(e)}
                  </strong>
                  <span className="case-timeline__who" data-testid="timeline-who">
                    {who(e)}
                  </span>
                  <time className="case-timeline__when" dateTime={e.at} data-testid="timeline-when">
                    {when(e.at)}
                  </time>
                </p>
                {details(e).map((line) => (
                  <p key={line} className="case-timeline__detail">
                    {line}
                  </p>
                ))}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
