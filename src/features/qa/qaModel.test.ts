import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@common/policy';
import { caseView } from '../../../testing/fixtures/caseViews';
import { neighbour, planFromForm, reviewProblems } from './qaModel';
import { EMPTY_REVIEW } from './qaStore';

describe('QA page model', () => {
  it('a review is checked with the decision rules, except the note', () => {
    const view = caseView(1);
    expect(reviewProblems(EMPTY_REVIEW, view, DEFAULT_POLICY).problems.map((p) => p.field)).toEqual(['verdict']);
    const wrong = reviewProblems({ ...EMPTY_REVIEW, verdict: 'rejected', reasonCodes: ['AS_EMPTY_PARCEL'], remedies: ['compensate_merchant'] }, view, DEFAULT_POLICY);
    expect(wrong.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['reasonCodes[0]', 'remedies']));
    // Upheld against nothing critical-against, no note: valid for a reviewer.
    const ok = reviewProblems({ ...EMPTY_REVIEW, verdict: 'upheld', reasonCodes: ['AS_EMPTY_PARCEL'], remedies: ['compensate_merchant'] }, view, DEFAULT_POLICY);
    expect(ok.problems).toEqual([]);
    expect(ok.facts).toEqual({ verdict: 'upheld', reasonCodes: ['AS_EMPTY_PARCEL'], remedies: ['compensate_merchant'] });
  });

  it('J/K neighbours clamp at the ends and start at the first', () => {
    expect(neighbour(['a', 'b', 'c'], null, 1)).toBe('a');
    expect(neighbour(['a', 'b', 'c'], 'c', 1)).toBe('c');
    expect(neighbour(['a', 'b', 'c'], 'b', -1)).toBe('a');
    expect(neighbour([], 'x', 1)).toBeNull();
  });

  it('the plan form becomes the API plan: explicit counts drop the size, blanks are left out', () => {
    const base = { name: ' ', type: 'stratified' as const, size: '30', by: 'arbitrator' as const, allocation: 'explicit' as const, counts: { a: '3', b: '' }, target: 'fast' as const, maxSeconds: '20', seed: '', from: '', to: '' };
    expect(planFromForm(base, 'fallback')).toEqual({ name: 'fallback', method: { type: 'stratified', by: 'arbitrator', allocation: { type: 'explicit', counts: { a: 3 } } }, population: {} });
    expect(planFromForm({ ...base, type: 'targeted', seed: '42' }, 'x')).toMatchObject({ method: { type: 'targeted', target: 'fast', size: 30, maxSeconds: 20 }, seed: 42 });
  });
});
