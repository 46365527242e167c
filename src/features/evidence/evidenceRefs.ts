/**
 * The evidence tabs, and the tab that shows an item, derived from its ref's type. Refs as string
 * keys (`refKey`) are in ui/evidenceHighlight, shared with the history panes and the decision panel.
 */
import type { EvidenceRef } from '@common/domain';

export const TABS = ['logistics', 'review', 'livestream', 'chat', 'media', 'history'] as const;
export type Tab = (typeof TABS)[number];
/** The case view's tabs: the evidence, then the case's timeline (never in a blind review, which uses TABS). */
export const CASE_TABS = [...TABS, 'timeline'] as const;
export type CaseTab = (typeof CASE_TABS)[number];

export function tabForRef(ref: EvidenceRef): Tab {
  switch (ref.type) {
    case 'trace':
    case 'trace_event':
      return 'logistics';
    case 'review':
      return 'review';
    case 'session':
    case 'segment':
    case 'excerpt':
    case 'spec':
      return 'livestream';
    case 'chat':
    case 'call':
      return 'chat';
    case 'media':
      return 'media';
    case 'order':
    case 'party':
    case 'complaint':
      return 'history';
  }
}

/** The tab most of a finding's refs point at (its first ref breaks ties). */
export function primaryTab(refs: readonly EvidenceRef[]): Tab | null {
  const first = refs[0];
  if (!first) return null;
  const counts = new Map<Tab, number>();
  for (const r of refs) counts.set(tabForRef(r), (counts.get(tabForRef(r)) ?? 0) + 1);
  let best: Tab = tabForRef(first);
  for (const [tab, n] of counts) if (n > (counts.get(best) ?? 0)) best = tab;
  return best;
}
