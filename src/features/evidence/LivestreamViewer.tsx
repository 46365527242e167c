import './evidence.css';
import { useTranslation } from 'react-i18next';
import type { CaseBundle } from '@common/domain';
import { DEFAULT_POLICY } from '@common/policy';
import type { Finding } from '@common/rules';
import { formatDateTime, formatFen } from '../../ui/format';
import { MarkedText } from './MarkedText';
import { EvidenceItem } from './EvidenceItem';
import { NUMERIC_CLAIM_RE, regexRanges, termRanges, type Range } from './highlight';

const PRICE_RE = new RegExp(`(?:${DEFAULT_POLICY.priceClaimMarkers.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\s*[¥￥]?\\s*\\d+(?:\\.\\d+)?\\s*(?:元|块)?`, 'g');

export function claimRanges(text: string): Range[] {
  return [
    ...regexRanges(text, PRICE_RE, 'price'),
    ...termRanges(text, DEFAULT_POLICY.absoluteTerms, 'absolute', DEFAULT_POLICY.absoluteTermExceptions),
    ...regexRanges(text, NUMERIC_CLAIM_RE, 'number'),
  ];
}

function clock(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = Math.floor(sec % 60);
  return `${h > 0 ? `${h}:` : ''}${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
}

/** Findings whose refs name this item, for the "beside the claim" notes. */
function findingsFor(findings: readonly Finding[], key: (r: Finding['refs'][number]) => boolean, code: Finding['code']): Finding[] {
  return findings.filter((f) => f.code === code && f.refs.some(key));
}

export function LivestreamViewer({ bundle, findings }: { bundle: CaseBundle; findings: readonly Finding[] }) {
  const { t, i18n } = useTranslation();
  if (bundle.sessions.length === 0 && bundle.excerpts.length === 0) return <p className="viewer-empty">{t('evidence.noLivestream')}</p>;
  const paid = bundle.orders.filter((o) => bundle.case.subject.orderIds.includes(o.id));
  const paidText = paid.length ? paid.map((o) => formatFen(o.paidFen)).join(' / ') : null;

  const besides = (isRef: (r: Finding['refs'][number]) => boolean, hasPrice: boolean) => {
    const spec = findingsFor(findings, isRef, 'CLAIM_CONTRADICTS_SPEC');
    return (
      <>
        {spec.map((f, i) => (
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
        {hasPrice && paidText && (
          <div className="claim-vs" role="note">
            <span className="claim-vs__label">{t('evidence.pricePaid')}</span>
            <span>{paidText}</span>
          </div>
        )}
      </>
    );
  };

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
              const ranges = claimRanges(seg.text);
              return (
                <EvidenceItem as="li" key={index} refKey={`segment:${s.id}:${index}`} className="segment">
                  <span className="segment__time mono">{clock(seg.startSec)}</span>
                  <div className="segment__body">
                    <p className="segment__text">
                      <MarkedText text={seg.text} ranges={ranges} />
                    </p>
                    {besides((r) => r.type === 'segment' && r.sessionId === s.id && r.index === index, ranges.some((r) => r.mark === 'price'))}
                  </div>
                </EvidenceItem>
              );
            })}
          </ol>
        </EvidenceItem>
      ))}
      {bundle.excerpts.map((e) => {
        const ranges = claimRanges(e.text);
        return (
          <EvidenceItem key={e.id} refKey={`excerpt:${e.id}`} className="excerpt">
            <header className="session__head">
              <strong>{t(`evidence.source.${e.source}`)}</strong>
              {e.at && <span>{formatDateTime(e.at, i18n.language)}</span>}
            </header>
            <p className="segment__text">
              <MarkedText text={e.text} ranges={ranges} />
            </p>
            {besides((r) => r.type === 'excerpt' && r.excerptId === e.id, ranges.some((r) => r.mark === 'price'))}
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
