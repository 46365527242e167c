import { describe, expect, it } from 'vitest';
import { canUseQa, navRoutes } from './access';

describe('page access', () => {
  it('only supervisors use QA; the entry is hidden from arbitrators and admins', () => {
    expect(canUseQa('supervisor')).toBe(true);
    expect([canUseQa('arbitrator'), canUseQa('admin'), canUseQa(undefined)]).toEqual([false, false, false]);
    expect(navRoutes('supervisor')).toContain('qa');
    expect([navRoutes('arbitrator'), navRoutes('admin')].map((r) => r.includes('qa'))).toEqual([false, false]);
  });

  it('signed out, only Settings is offered: no page that needs an account', () => {
    expect(navRoutes(undefined)).toEqual(['settings']);
  });
});
