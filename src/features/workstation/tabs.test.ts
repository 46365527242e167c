import { describe, expect, it } from 'vitest';
import { clean } from '../../../testing/fixtures/bundles';
import { stepTab, tabCount } from './tabs';

describe('stepTab', () => {
  it('skips tabs with nothing in them, both ways, and wraps', () => {
    const b = clean((x) => {
      x.reviews = [];
      x.sessions = [];
      x.excerpts = [];
      x.chats = [];
      x.calls = [];
      x.media = [];
    });
    expect(tabCount(b, 'logistics')).toBeGreaterThan(0);
    expect(tabCount(b, 'history')).toBeGreaterThan(0);
    // The timeline, last, is never empty: it is walked like any tab with something in it.
    expect(stepTab(b, 'logistics', 1)).toBe('history');
    expect(stepTab(b, 'history', 1)).toBe('timeline');
    expect(stepTab(b, 'timeline', 1)).toBe('logistics');
    expect(stepTab(b, 'logistics', -1)).toBe('timeline');
    expect(stepTab(b, 'timeline', -1)).toBe('history');
    expect(stepTab(b, 'history', -1)).toBe('logistics');
  });
  it('with no evidence but the order history, moves between it and the timeline only', () => {
    const b = clean((x) => {
      x.traces = [];
      x.reviews = [];
      x.sessions = [];
      x.excerpts = [];
      x.chats = [];
      x.calls = [];
      x.media = [];
    });
    expect(stepTab(b, 'history', 1)).toBe('timeline');
    expect(stepTab(b, 'timeline', 1)).toBe('history');
    expect(stepTab(b, 'timeline', -1)).toBe('history');
  });
});
