import './evidence.css';
import { useTranslation } from 'react-i18next';
import type { CaseBundle, Review } from '@common/domain';
import { useAnomalies, useAnomalyContext } from '../../ui/anomalies';
import { durationText, formatDateTime } from '../../ui/format';
import { MarkedText } from './MarkedText';
import { EvidenceItem } from './EvidenceItem';
import { findingRanges } from './highlight';
import { MediaThumb } from './MediaViewer';

export function ReviewViewer({ bundle }: { bundle: CaseBundle }) {
  const { t } = useTranslation();
  if (bundle.reviews.length === 0) return <p className="viewer-empty">{t('evidence.noReviews')}</p>;
  const subjectId = bundle.case.subject.reviewId;
  const subject = bundle.reviews.find((r) => r.id === subjectId) ?? bundle.reviews[0]!;
  const others = bundle.reviews.filter((r) => r.id !== subject.id && r.authorId === subject.authorId);
  const unrelated = bundle.reviews.filter((r) => r.id !== subject.id && r.authorId !== subject.authorId);
  return (
    <div className="reviews" data-testid="viewer-review">
      <ReviewCard review={subject} bundle={bundle} primary />
      <h3 className="viewer-subtitle">{t('evidence.authorOther', { count: others.length })}</h3>
      {others.length === 0 ? (
        <p className="viewer-empty">{t('evidence.none')}</p>
      ) : (
        <ul className="review-list">
          {others.map((r) => (
            <li key={r.id}>
              <ReviewCard review={r} bundle={bundle} />
            </li>
          ))}
        </ul>
      )}
      {unrelated.length > 0 && (
        <ul className="review-list">
          {unrelated.map((r) => (
            <li key={r.id}>
              <ReviewCard review={r} bundle={bundle} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * One review. What is marked (contact details, the logistics word, "before delivery", duplicates)
 * comes from the findings that point at this review; the times beside it are plain facts.
 */
function ReviewCard({ review, bundle, primary = false }: { review: Review; bundle: CaseBundle; primary?: boolean }) {
  const { t, i18n } = useTranslation();
  const marks = useAnomalies(`review:${review.id}`);
  const { policy } = useAnomalyContext();
  const beforeDelivery = marks.some((f) => f.code === 'REVIEW_BEFORE_DELIVERY');
  const at = Date.parse(review.createdAt);
  const order = bundle.orders.find((o) => o.id === review.orderId);
  const delivered = bundle.traces
    .filter((tr) => tr.direction === 'outbound' && tr.orderId === review.orderId)
    .flatMap((tr) => tr.events.filter((e) => e.status === 'delivered'))
    .map((e) => Date.parse(e.at))
    .sort((a, b) => a - b)[0];
  const author = bundle.parties.find((p) => p.id === review.authorId)?.displayName ?? review.authorId;
  const media = review.mediaIds.map((id) => bundle.media.find((m) => m.id === id)).filter((m) => m !== undefined);
  return (
    <EvidenceItem refKey={`review:${review.id}`} className={`review${primary ? ' review--primary' : ''}`}>
      <header className="review__head">
        <span className="stars" aria-label={t('evidence.rating', { n: review.rating })}>
          {'★'.repeat(review.rating)}
          <span className="stars__off">{'★'.repeat(5 - review.rating)}</span>
        </span>
        <span className="review__author">{author}</span>
        <span className="review__time">{formatDateTime(review.createdAt, i18n.language)}</span>
      </header>
      <p className="review__text">
        <MarkedText text={review.text} ranges={findingRanges(review.text, marks, policy)} />
      </p>
      <div className="review__rel">
        {order && <span>{t('evidence.afterOrder', { span: durationText(at - Date.parse(order.createdAt)) })}</span>}
        {delivered !== undefined && (
          <span className={beforeDelivery ? 'tone-bad' : undefined}>
            {at < delivered ? t('evidence.beforeDelivery', { span: durationText(delivered - at) }) : t('evidence.afterDelivery', { span: durationText(at - delivered) })}
          </span>
        )}
        {delivered === undefined && <span>{t('evidence.notDelivered')}</span>}
      </div>
      {media.length > 0 && (
        <div className="thumbs">
          {media.map((m) => (
            <MediaThumb key={m.id} media={m} />
          ))}
        </div>
      )}
    </EvidenceItem>
  );
}
