import { describe, expect, it } from 'vitest';
import { DEFAULT_MACROS } from '../../server/db/defaultMacros';
import { keystrokes, median } from './macroKeys';

describe('keystrokes per decision, with and without macros', () => {
  const late = DEFAULT_MACROS.filter((m) => m.kind === 'late_shipment');
  it('a decision a macro sets whole takes the macro key and the commit key', () => {
    const r = keystrokes({ kind: 'late_shipment', verdict: 'upheld', reasonCodes: ['LS_SHIPPED_LATE'], remedies: ['refund_buyer', 'warn'] }, late);
    // Y, D, 1, ⇧1, ⇧9, Ctrl+Enter without; Alt+1, Ctrl+Enter with.
    expect(r).toEqual({ without: 6, with: 2 });
  });
  it('a decision no macro sets costs the same either way', () => {
    const r = keystrokes({ kind: 'late_shipment', verdict: 'upheld', reasonCodes: ['LS_NOT_SHIPPED'], remedies: ['refund_buyer'] }, late);
    expect(r.with).toBe(r.without);
  });
  it('median of counts', () => {
    expect(median([2, 2, 6])).toBe(2);
    expect(median([2, 6])).toBe(4);
  });
});
