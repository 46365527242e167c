import './evidence.css';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useHighlighted, useIsNew } from '../../ui/evidenceHighlight';

/**
 * One piece of evidence a finding can point at. `data-ref` is how a jump finds it; the highlight
 * subscribes to this key only, so selecting a finding re-renders just the items it names. Evidence
 * that arrived after this machine first held the case is marked "new".
 */
export function EvidenceItem({ refKey, as = 'div', className = '', children, label }: { refKey: string; as?: 'div' | 'li'; className?: string; children: ReactNode; label?: string }) {
  const { t } = useTranslation();
  const hit = useHighlighted(refKey);
  const isNew = useIsNew(refKey);
  const Tag = as;
  return (
    <Tag
      data-ref={refKey}
      tabIndex={-1}
      aria-label={label}
      className={`evidence-item${hit ? ' is-hit' : ''}${isNew ? ' is-new' : ''} ${className}`}
      data-hit={hit || undefined}
      data-new={isNew || undefined}
      data-new-label={isNew ? t('workstation.newTag') : undefined}
    >
      {children}
    </Tag>
  );
}
