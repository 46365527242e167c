/** The tabs of a case: which opens first, how much each evidence tab holds, and where `]` / `[` go. */
import type { CaseBundle } from '@common/domain';
import { CASE_TABS, type CaseTab, type Tab } from '../evidence';

/** The first tab that has something to show for this kind of evidence. */
export function firstTab(b: CaseBundle): Tab {
  if (b.case.subject.type === 'review' && b.reviews.length) return 'review';
  if (b.case.subject.type === 'session' || b.sessions.length || b.excerpts.length) return b.traces.length && !b.sessions.length ? 'logistics' : 'livestream';
  if (b.traces.length) return 'logistics';
  if (b.chats.length || b.calls.length) return 'chat';
  if (b.reviews.length) return 'review';
  if (b.media.length) return 'media';
  return 'history';
}

export function tabCount(b: CaseBundle, tab: Tab): number {
  switch (tab) {
    case 'logistics':
      return b.traces.length;
    case 'review':
      return b.reviews.length;
    case 'livestream':
      return b.sessions.length + b.excerpts.length;
    case 'chat':
      return b.chats.length + b.calls.length;
    case 'media':
      return b.media.length;
    case 'history':
      return b.orders.length;
  }
}

/** Whether a tab has something to show: the timeline always has (every case was at least imported). */
export function tabHasContent(b: CaseBundle, tab: CaseTab): boolean {
  return tab === 'timeline' || tabCount(b, tab) > 0;
}

/**
 * The tab `]` (dir 1) or `[` (dir -1) moves to: the next one with something in it, so the keyboard
 * never lands on an empty viewer. Where every other tab is empty, it stays.
 */
export function stepTab(b: CaseBundle, from: CaseTab, dir: 1 | -1): CaseTab {
  const start = CASE_TABS.indexOf(from);
  for (let i = 1; i < CASE_TABS.length; i++) {
    const tab = CASE_TABS[(((start + dir * i) % CASE_TABS.length) + CASE_TABS.length) % CASE_TABS.length]!;
    if (tabHasContent(b, tab)) return tab;
  }
  return from;
}
