import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type Policy } from '@common/policy';
import { applyPullPage } from '../../data/casesRepo';
import { GavelDb } from '../../data/db';
import { caseView, decision, pullPage } from '../../data/testFixtures';
import { runWhatIf, type WhatIfProgress } from './whatIfRunner';

let db: GavelDb;
let n = 0;
beforeEach(async () => {
  db = new GavelDb(`what-if-${n++}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('what-if over the cases on this machine', () => {
  it('judges open cases and the latest decided ones under their policy and the draft, with progress', async () => {
    const views = Array.from({ length: 12 }, (_, i) => caseView(i + 1));
    // Three decided, at different times; the what-if takes the latest two.
    for (const [i, at] of [
      [0, '2026-11-20T10:00:00Z'],
      [1, '2026-11-21T10:00:00Z'],
      [2, '2026-11-22T10:00:00Z'],
    ] as const)
      views[i] = { ...views[i]!, status: 'decided', decision: decision(`d${i}`, { decidedAt: at, verdict: 'upheld', reasonCodes: ['AS_EMPTY_PARCEL'], remedies: ['compensate_merchant'], note: '证据已核实' }) };
    await applyPullPage(db, { ...pullPage(views, '1.0'), policies: { seq: 1, versions: [{ seq: 1, version: DEFAULT_POLICY.version, effectiveFrom: DEFAULT_POLICY.effectiveFrom, publishedAt: '2026-01-01T00:00:00Z', policy: DEFAULT_POLICY }] } });
    // The draft drops the reason code the decisions cite, and shortens the order window to a day.
    const draft: Policy = {
      ...DEFAULT_POLICY,
      version: 'draft',
      thresholds: { ...DEFAULT_POLICY.thresholds, orderWindowDays: 1 },
      reasonCodes: { ...DEFAULT_POLICY.reasonCodes, abnormal_after_sales: DEFAULT_POLICY.reasonCodes.abnormal_after_sales.filter((r) => r.code !== 'AS_EMPTY_PARCEL') },
    };
    const progress: WhatIfProgress[] = [];
    const r = await runWhatIf(db, { draft, decidedLimit: 2, at: Date.parse('2026-11-23T10:00:00Z'), pageSize: 5 }, (p) => progress.push(p));
    expect(r.summary.examined).toEqual({ open: 9, decided: 2 });
    expect(r.unjudged).toBe(0);
    const decidedFlips = r.flips.filter((f) => f.decided);
    expect(decidedFlips.map((f) => f.caseId).sort()).toEqual(['c2', 'c3']);
    for (const f of decidedFlips) expect(f.validation?.to).toContain('reasonCodes[0]');
    expect(r.flips.filter((f) => !f.decided).every((f) => f.raised.includes('ORDER_OUTSIDE_WINDOW') && f.eligible.to === false)).toBe(true);
    expect(r.summary.byKind.abnormal_after_sales).toMatchObject({ cases: 11, validation: 2 });
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toEqual({ done: 14, total: 14 });
  });

  it('stops when asked', async () => {
    await applyPullPage(db, pullPage(Array.from({ length: 10 }, (_, i) => caseView(i + 1)), '1.0'));
    let pages = 0;
    const r = await runWhatIf(db, { draft: { ...DEFAULT_POLICY, version: 'd' }, decidedLimit: 0, at: Date.now(), pageSize: 2 }, () => pages++, () => pages >= 2);
    expect(r.summary.examined.open).toBe(4);
  });
});
