import './evidence.css';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CODE_LABELS, SEVERITY_RANK } from '@common/rules';
import { useAnomalies } from '../../ui/anomalies';
import { useHighlighted, useIsNew } from '../../ui/evidenceHighlight';

/**
 * One piece of evidence a finding can point at. `data-ref` is how a jump finds it; the highlight
 * subscribes to this key only, so selecting a finding re-renders just the items it names. An item
 * that a finding points at is marked anomalous (`data-anomaly`, with the findings' titles): the
 * only place a viewer marks anything, so what is marked is exactly what the findings cite. Evidence
 * that arrived after this machine first held the case is marked "new".
 */
export function EvidenceItem({ refKey, as = 'div', className = '', children, label }: { refKey: string; as?: 'div' | 'li'; className?: string; children: ReactNode; label?: string }) {
  const { t } = useTranslation();
  const hit = useHighlighted(refKey);
  const isNew = useIsNew(refKey);
  const marks = useAnomalies(refKey);
  const Tag = as;
  return (
    <Tag
      data-ref={refKey}
      tabIndex={-1}
      aria-label={label}
      className={`evidence-item${hit ? ' is-hit' : ''}${isNew ? ' is-new' : ''}${marks.length ? ' is-anomaly' : ''} ${className}`}
      data-hit={hit || undefined}
      data-new={isNew || undefined}
      data-new-label={isNew ? t('workstation.newTag') : undefined}
      data-anomaly={marks.length ? [...new Set(marks.map((f) => f.code))].join(' ') : undefined}
    >
      {children}
      {marks.length > 0 && <AnomalyChips marks={marks} />}
    </Tag>
  );
}

function AnomalyChips({ marks }: { marks: ReturnType<typeof useAnomalies> }) {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const sorted = [...marks].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  return (
    <span className="anomaly-chips">
      {sorted.map((f, i) => (
        <span key={`${f.code}-${i}`} className={`anomaly-chip anomaly-chip--${f.severity}`} title={lang === 'en' ? f.message_en : f.message_zh} role="note">
          {CODE_LABELS[f.code][lang]}
        </span>
      ))}
    </span>
  );
}
