import './evidence.css';
import { useTranslation } from 'react-i18next';
import type { CaseBundle } from '@common/domain';
import { durationText, formatDateTime } from '../../ui/format';
import { EvidenceItem } from './EvidenceItem';
import { callPositions, withResponseTimes } from './chatModel';

export function ChatViewer({ bundle }: { bundle: CaseBundle }) {
  const { t, i18n } = useTranslation();
  const name = (id: string) => bundle.parties.find((p) => p.id === id)?.displayName ?? id;
  if (bundle.chats.length === 0 && bundle.calls.length === 0) return <p className="viewer-empty">{t('evidence.noChats')}</p>;
  const placed = callPositions(bundle.calls);
  const firstAt = placed[0]?.call.at;
  return (
    <div className="chats" data-testid="viewer-chat">
      {bundle.calls.length > 0 && (
        <section className="calls">
          <h3 className="viewer-subtitle">{t('evidence.calls', { count: bundle.calls.length })}</h3>
          <div className="calls__axis" role="img" aria-label={t('evidence.callsAxis')}>
            {placed
              .filter((p) => p.pos <= 1)
              .map(({ call, pos }) => (
                <span key={call.id} className={`calls__tick${call.answered ? ' is-answered' : ''}`} style={{ left: `${pos * 100}%` }} title={formatDateTime(call.at, i18n.language)} />
              ))}
          </div>
          <div className="calls__scale" aria-hidden="true">
            <span>{firstAt ? formatDateTime(firstAt, i18n.language) : ''}</span>
            <span>+12h</span>
            <span>+24h</span>
          </div>
          <ul className="calls__list">
            {placed.map(({ call }) => (
              <EvidenceItem as="li" key={call.id} refKey={`call:${call.id}`} className="call">
                <span className={call.answered ? 'tone-ok' : 'tone-bad'}>{call.answered ? t('evidence.answered', { sec: call.durationSec }) : t('evidence.missed')}</span>
                <span>{formatDateTime(call.at, i18n.language)}</span>
                <span>
                  {name(call.callerId)} → {name(call.calleeId)}
                </span>
                <span className="muted">{t(`evidence.channel.${call.channel}`)}</span>
              </EvidenceItem>
            ))}
          </ul>
        </section>
      )}
      {bundle.chats.map((chat) => {
        const times = withResponseTimes(chat);
        return (
          <EvidenceItem key={chat.id} refKey={`chat:${chat.id}`} className="chat">
            <h3 className="viewer-subtitle">
              {t('evidence.chat')} · <span translate="no">{chat.participantIds.map(name).join(' ↔ ')}</span>
            </h3>
            <ol className="messages">
              {chat.messages.map((m, i) => {
                const own = m.fromId === bundle.case.complainantId;
                const rt = times[i]?.responseMs ?? null;
                return (
                  <EvidenceItem as="li" key={i} refKey={`chat:${chat.id}:${i}`} className={`message${own ? ' message--complainant' : ''}`}>
                    <div className="message__meta">
                      <span className="message__from">{name(m.fromId)}</span>
                      <span>{formatDateTime(m.at, i18n.language)}</span>
                      {rt !== null && <span className="muted">{t('evidence.replyAfter', { span: durationText(rt) })}</span>}
                    </div>
                    {/* Plain text: no rule judges chat messages, so nothing in them is marked (React text nodes, never HTML). */}
                    <p className="message__text">{m.text}</p>
                  </EvidenceItem>
                );
              })}
            </ol>
          </EvidenceItem>
        );
      })}
    </div>
  );
}
