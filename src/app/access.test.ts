import { describe, expect, it } from 'vitest';
import { canUseQa, showQaNav } from './access';

describe('page access', () => {
  it('only supervisors use QA; the entry is hidden from signed-in arbitrators and admins', () => {
    expect(canUseQa('supervisor')).toBe(true);
    expect([canUseQa('arbitrator'), canUseQa('admin'), canUseQa(undefined)]).toEqual([false, false, false]);
    expect([showQaNav('supervisor'), showQaNav(undefined), showQaNav('arbitrator'), showQaNav('admin')]).toEqual([true, true, false, false]);
  });
});
