import './evidence.css';
import { useTranslation } from 'react-i18next';
import type { CaseBundle } from '@common/domain';
import type { Finding } from '@common/rules';
import { useAnomalyContext } from '../../ui/anomalies';
import { refKey } from '../../ui/evidenceHighlight';
import { formatDateTime, formatFen } from '../../ui/format';
import { MarkedText } from './MarkedText';
import { EvidenceItem } from './EvidenceItem';
import { findingRanges } from './highlight';

function clock(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = Math.floor(sec % 60);
  return `${h > 0 ? `${h}:` : ''}${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
}

/**
 * Sessions, claim excerpts and specs. What is marked in a transcript (absolute terms, the claim that
 * contradicts a spec, the price claim) is what the findings pointing at that segment name, and the
 * notes beside a claim are those findings' figures: nothing here decides what is a violation.
 */
export function LivestreamViewer({ bundle }: { bundle: CaseBundle }) {
  const { t, i18n } = useTranslation();
  const { index, policy } = useAnomalyContext();
  if (bundle.sessions.length === 0 && bundle.excerpts.length === 0) return <p className="viewer-empty">{t('evidence.noLivestream')}</p>;
  const paid = bundle.orders.filter((o) => bundle.case.subject.orderIds.includes(o.id));
  const paidText = paid.length ? paid.map((o) => formatFen(o.paidFen)).join(' / ') : null;
  const marksOf = (key: string): readonly Finding[] => index.get(key) ?? [];

  const besides = (marks: readonly Finding[]) => (
    <>
      {marks
        .filter((f) => f.code === 'CLAIM_CONTRADICTS_SPEC')
        .map((f, i) => (
          <div key={i} className="claim-vs" role="note">
            <span className="claim-vs__label">{t('evidence.claimVsSpec')}</span>
            <span>{String(f.data?.attribute ?? '')}</span>
            <span className="tone-bad">{String(f.data?.claimed ?? '')}</span>
            <span aria-hidden="true">≠</span>
            <span>
              {t('evidence.spec')} {String(f.data?.spec ?? '')}
            </span>
          </div>
        ))}
      {marks.some((f) => f.code === 'PRICE_CLAIM_MISMATCH') && paidText && (
        <div className="claim-vs" role="note">
          <span className="claim-vs__label">{t('evidence.pricePaid')}</span>
          <span>{paidText}</span>
        </div>
      )}
    </>
  );

  return (
    <div className="livestream" data-testid="viewer-livestream">
      {bundle.sessions.map((s) => (
        <EvidenceItem key={s.id} refKey={`session:${s.id}`} className="session">
          <header className="session__head">
            <strong>{s.title ?? s.id}</strong>
            <span>{formatDateTime(s.startedAt, i18n.language)}</span>
            <span>{bundle.parties.find((p) => p.id === s.affiliateId)?.displayName ?? s.affiliateId}</span>
          </header>
          <ol className="transcript">
            {s.segments.map((seg, index) => {
              const key = refKey({ type: 'segment', sessionId: s.id, index });
              const marks = marksOf(key);
              return (
                <EvidenceItem as="li" key={index} refKey={key} className="segment">
                  <span className="segment__time mono">{clock(seg.startSec)}</span>
                  <div className="segment__body">
                    <p className="segment__text">
                      <MarkedText text={seg.text} ranges={findingRanges(seg.text, marks, policy)} />
                    </p>
                    {besides(marks)}
                  </div>
                </EvidenceItem>
              );
            })}
          </ol>
        </EvidenceItem>
      ))}
      {bundle.excerpts.map((e) => {
        const marks = marksOf(refKey({ type: 'excerpt', excerptId: e.id }));
        return (
          <EvidenceItem key={e.id} refKey={`excerpt:${e.id}`} className="excerpt">
            <header className="session__head">
              <strong>{t(`evidence.source.${e.source}`)}</strong>
              {e.at && <span>{formatDateTime(e.at, i18n.language)}</span>}
            </header>
            <p className="segment__text">
              <MarkedText text={e.text} ranges={findingRanges(e.text, marks, policy)} />
            </p>
            {besides(marks)}
          </EvidenceItem>
        );
      })}
      {bundle.specs.length > 0 && (
        <section>
          <h3 className="viewer-subtitle">{t('evidence.specs')}</h3>
          {bundle.specs.map((sp) => (
            <EvidenceItem key={sp.sku} refKey={`spec:${sp.sku}`} className="spec">
              <strong>{sp.name}</strong> <span className="mono">{sp.sku}</span> · {t('evidence.listed')} {formatFen(sp.listedPriceFen)}
              <ul className="spec__attrs">
                {sp.attributes.map((a) => (
                  <EvidenceItem as="li" key={a.name} refKey={`spec:${sp.sku}:${a.name}`}>
                    {a.name}: {String(a.value)}
                    {a.unit ?? ''}
                  </EvidenceItem>
                ))}
              </ul>
            </EvidenceItem>
          ))}
        </section>
      )}
    </div>
  );
}
