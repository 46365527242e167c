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
    expect(stepTab(b, 'logistics', 1)).toBe('history');
    expect(stepTab(b, 'history', 1)).toBe('logistics');
    expect(stepTab(b, 'logistics', -1)).toBe('history');
    expect(stepTab(b, 'history', -1)).toBe('logistics');
  });
  it('stays where it is when every other tab is empty', () => {
    const b = clean((x) => {
      x.traces = [];
      x.reviews = [];
      x.sessions = [];
      x.excerpts = [];
      x.chats = [];
      x.calls = [];
      x.media = [];
    });
    expect(stepTab(b, 'history', 1)).toBe('history');
  });
});
