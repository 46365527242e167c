import './clusters.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KIND_LABELS, STATUS_LABELS, type CaseStatus, type ComplaintKind } from '@common/domain';
import { KeyHint } from '../../../app/commands/KeyHint';
import { useCommand } from '../../../app/commands/runtime';
import { useCaseLinks } from '../../../data/links';
import { formatDateTime } from '../../../ui/format';
import { ClusterDialog } from './ClusterDialog';
import { useWhyWords } from './whyWords';

/**
 * The open case's linked cases (docs/clusters.md): every case sharing a party, tracking number, ring
 * address, affiliate or photo with it, and why. The cluster key or button opens the cluster view.
 */
export function LinksPanel({ caseId, kind, externalId }: { caseId: string; kind: ComplaintKind; externalId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const { links } = useCaseLinks(caseId);
  const [open, setOpen] = useState(false);
  const whyWords = useWhyWords();
  const data = links.state === 'ready' || links.state === 'stale' ? links.links : null;
  useCommand('case.cluster', () => {
    if (data && data.links.some((l) => l.open)) setOpen(true);
  });

  if (!data)
    return (
      <section className="links" aria-label={t('clusters.title')} data-testid="links" data-state={links.state}>
        <h2 className="legend">{t('clusters.title')}</h2>
        <p className="muted small">{links.state === 'loading' ? t('clusters.loading') : t('clusters.unavailable')}</p>
      </section>
    );
  const status = (s: string) => (STATUS_LABELS[s as CaseStatus] as { zh: string; en: string } | undefined)?.[lang] ?? t('workstation.extraStatus.escalated');
  const anyOpen = data.links.some((l) => l.open);
  return (
    <section className="links" aria-label={t('clusters.title')} data-testid="links" data-state={links.state} data-count={data.links.length}>
      <div className="links__head">
        <h2 className="legend">
          {t('clusters.title')} {data.links.length > 0 && <span className="muted small">{t('clusters.count', { count: data.links.length })}</span>}
        </h2>
        {links.state === 'stale' && <span className="muted small">{t('clusters.stale', { when: formatDateTime(new Date(links.fetchedAt).toISOString(), i18n.language) })}</span>}
        {anyOpen && (
          <button type="button" className="button button--small" onClick={() => setOpen(true)} data-testid="open-cluster">
            {t('clusters.open')} <KeyHint command="case.cluster" />
          </button>
        )}
      </div>
      {data.links.length === 0 ? (
        <p className="muted small">{t('clusters.none')}</p>
      ) : (
        <ul className="links__list" data-testid="links-list">
          {data.links.map((l) => (
            <li key={l.caseId} className={`links__item${l.open ? '' : ' links__item--closed'}`} data-testid="link" data-case-id={l.caseId}>
              <span className="kind-pill">{KIND_LABELS[l.kind][lang]}</span>
              <span className="mono muted small">{l.externalId}</span>
              <span className="small">{status(l.status)}</span>
              <span className="links__why small" translate="no">
                {whyWords(l.why)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {data.truncated && <p className="muted small">{t('clusters.truncated', { count: data.links.length })}</p>}
      {open && <ClusterDialog caseId={caseId} kind={kind} externalId={externalId} links={data} onClose={() => setOpen(false)} />}
    </section>
  );
}
