import './evidence.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMediaReuse, useMediaUrl } from '../../data/queries';
import { openCase } from '../../app/router';
import type { CaseBundle, MediaRef } from '@common/domain';
import { formatDateTime } from '../../ui/format';
import { evidenceUi, useRevealed } from './evidenceStore';
import { EvidenceItem } from './EvidenceItem';
import { errorWords } from '../../ui/errorWords';

function sizeText(bytes: number): string {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`;
  if (bytes >= 1 << 10) return `${Math.round(bytes / (1 << 10))} KB`;
  return `${bytes} B`;
}

/**
 * Media are described, not fetched, here: the bundle carries references (sha256, size, uri) and
 * the bytes live with main's media cache. Captions are hidden until revealed, because they are
 * party-supplied and may be offensive; identical files (same sha256) are flagged, both within
 * the case and across the other cases stored on this machine.
 */
export function MediaViewer({ caseId, bundle }: { caseId: string; bundle: CaseBundle }) {
  const { t } = useTranslation();
  const reuse = useMediaReuse(caseId, [...new Set(bundle.media.map((m) => m.sha256))]);
  if (bundle.media.length === 0) return <p className="viewer-empty">{t('evidence.noMedia')}</p>;
  const bySha = new Map<string, number>();
  for (const m of bundle.media) bySha.set(m.sha256, (bySha.get(m.sha256) ?? 0) + 1);
  return (
    <div className="media-grid" data-testid="viewer-media">
      {bundle.media.map((m) => (
        <MediaCard key={m.id} media={m} reused={(bySha.get(m.sha256) ?? 0) > 1} elsewhere={reuse?.get(m.sha256) ?? []} />
      ))}
    </div>
  );
}

function MediaCard({ media, reused, elsewhere }: { media: MediaRef; reused: boolean; elsewhere: readonly { id: string; externalId: string }[] }) {
  const { t, i18n } = useTranslation();
  const revealed = useRevealed(media.id);
  // Bytes are fetched only once revealed: evidence can be graphic, and large.
  const fetched = useMediaUrl(revealed && (media.kind === 'photo' || media.kind === 'video') ? media : null);
  const [zoomed, setZoomed] = useState(false);
  return (
    <EvidenceItem refKey={`media:${media.id}`} className={`media-card${zoomed ? ' is-zoomed' : ''}`}>
      {fetched?.status === 'ready' && media.kind === 'photo' && (
        <button type="button" className="media-card__zoom" aria-pressed={zoomed} aria-label={t('evidence.zoom')} onClick={() => setZoomed((z) => !z)}>
          <img src={fetched.url} alt={media.caption ?? t(`evidence.purpose.${media.purpose}`)} className="media-card__img" />
        </button>
      )}
      {fetched?.status === 'ready' && media.kind === 'video' && <video src={fetched.url} controls className="media-card__img" />}
      {fetched?.status === 'loading' && <p className="muted small">{t('evidence.mediaLoading')}</p>}
      {fetched?.status === 'error' && (
        <p className="tone-bad small" role="alert">
          {t('evidence.mediaError', { message: errorWords(fetched.error, t) })}
        </p>
      )}
      <button type="button" className={`media-card__preview${revealed ? '' : ' is-blurred'}`} aria-pressed={revealed} onClick={() => evidenceUi.toggleReveal(media.id)}>
        <span className="media-card__kind">{t(`evidence.mediaKind.${media.kind}`)}</span>
        <span className="media-card__caption">{media.caption ?? t(`evidence.purpose.${media.purpose}`)}</span>
        <span className="media-card__hint">{revealed ? t('evidence.hide') : t('evidence.reveal')}</span>
      </button>
      <dl className="media-card__meta">
        <dt>sha256</dt>
        <dd className="mono" title={media.sha256}>
          {media.sha256.slice(0, 16)}…
        </dd>
        <dt>{t('evidence.size')}</dt>
        <dd>
          {media.mimeType} · {sizeText(media.bytes)}
        </dd>
        {media.capturedAt && (
          <>
            <dt>{t('evidence.captured')}</dt>
            <dd>{formatDateTime(media.capturedAt, i18n.language)}</dd>
          </>
        )}
      </dl>
      {reused && <span className="tag tag--warn">{t('evidence.reusedMedia')}</span>}
      {elsewhere.length > 0 && (
        <div className="media-card__elsewhere" data-testid="media-reused-elsewhere">
          <span className="tag tag--warn">{t('evidence.reusedAcrossCases', { count: elsewhere.length })}</span>
          <ul>
            {elsewhere.slice(0, 5).map((c) => (
              <li key={c.id}>
                <button type="button" className="linklike mono" onClick={() => openCase(c.id)}>
                  {c.externalId}
                </button>
              </li>
            ))}
            {elsewhere.length > 5 && <li className="muted">{t('evidence.andMore', { count: elsewhere.length - 5 })}</li>}
          </ul>
        </div>
      )}
    </EvidenceItem>
  );
}

export function MediaThumb({ media }: { media: MediaRef }) {
  const { t } = useTranslation();
  return (
    <span className="thumb" title={media.sha256}>
      {t(`evidence.mediaKind.${media.kind}`)} · <span className="mono">{media.sha256.slice(0, 8)}</span>
    </span>
  );
}
