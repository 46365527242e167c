// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { caseOrder } from './caseOrder';

describe('caseOrder', () => {
  const rows = [
    { id: 'a', local: 'open' },
    { id: 'b', local: 'synced' },
    { id: 'c', local: 'open' },
    { id: 'd', local: 'open' },
  ] as const;

  it('walks to the next open case, wrapping, and skips what was decided here', () => {
    caseOrder.setOrder(rows);
    expect(caseOrder.nextOpen('a')).toBe('c');
    expect(caseOrder.nextOpen('d')).toBe('a');
    caseOrder.markDecided('c');
    expect(caseOrder.nextOpen('a')).toBe('d');
    expect(caseOrder.nextOpen('a', -1)).toBe('d');
    caseOrder.markOpen('b');
    expect(caseOrder.nextOpen('a')).toBe('b');
    caseOrder.markDecided('b');
    caseOrder.markDecided('d');
    expect(caseOrder.nextOpen('a')).toBeNull();
  });

  it('steps to neighbours, decided or not, without wrapping; a new order forgets the marks', () => {
    caseOrder.setOrder(rows);
    expect(caseOrder.neighbour('a', 1)).toBe('b');
    expect(caseOrder.neighbour('a', -1)).toBeNull();
    expect(caseOrder.neighbour('gone', 1)).toBeNull();
    caseOrder.markDecided('c');
    caseOrder.setOrder(rows);
    expect(caseOrder.nextOpen('a')).toBe('c');
    expect(caseOrder.getOrder()).toBe(rows);
  });
});
