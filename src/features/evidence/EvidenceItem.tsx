import './evidence.css';
import type { ReactNode } from 'react';
import { useHighlighted } from '../../ui/evidenceHighlight';

/**
 * One piece of evidence a finding can point at. `data-ref` is how a jump finds it; the highlight
 * subscribes to this key only, so selecting a finding re-renders just the items it names.
 */
export function EvidenceItem({ refKey, as = 'div', className = '', children, label }: { refKey: string; as?: 'div' | 'li'; className?: string; children: ReactNode; label?: string }) {
  const hit = useHighlighted(refKey);
  const Tag = as;
  return (
    <Tag data-ref={refKey} tabIndex={-1} aria-label={label} className={`evidence-item${hit ? ' is-hit' : ''} ${className}`} data-hit={hit || undefined}>
      {children}
    </Tag>
  );
}
