import { describe, expect, it } from 'vitest';
import { canPublishPolicy, canUseQa, canUseRouting, canUseWorkforce, navRoutes } from './access';

describe('page access', () => {
  it('only supervisors use QA; the entry is hidden from arbitrators and admins', () => {
    expect(canUseQa('supervisor')).toBe(true);
    expect([canUseQa('arbitrator'), canUseQa('admin'), canUseQa(undefined)]).toEqual([false, false, false]);
    expect(navRoutes('supervisor')).toContain('qa');
    expect([navRoutes('arbitrator'), navRoutes('admin')].map((r) => r.includes('qa'))).toEqual([false, false]);
  });

  it('supervisors and admins own the policy: its page is theirs, publishing is the admins\'', () => {
    expect([navRoutes('supervisor'), navRoutes('admin'), navRoutes('arbitrator')].map((r) => r.includes('policy'))).toEqual([true, true, false]);
    expect([canPublishPolicy('admin'), canPublishPolicy('supervisor')]).toEqual([true, false]);
  });

  it('those who decide have an inbox (their decisions can be overridden or reviewed); admins, who never decide, do not', () => {
    expect([navRoutes('arbitrator'), navRoutes('supervisor'), navRoutes('admin')].map((r) => r.includes('inbox'))).toEqual([true, true, false]);
  });

  it('the workforce view is the supervisors\': hidden from arbitrators and admins (the server answers them 403)', () => {
    expect([navRoutes('supervisor'), navRoutes('arbitrator'), navRoutes('admin')].map((r) => r.includes('workforce'))).toEqual([true, false, false]);
    expect([canUseWorkforce('supervisor'), canUseWorkforce('arbitrator'), canUseWorkforce('admin'), canUseWorkforce(undefined)]).toEqual([true, false, false, false]);
  });

  it('the routing page is the admins\': hidden from arbitrators and supervisors (supervisors read routing through the API only)', () => {
    expect([navRoutes('admin'), navRoutes('supervisor'), navRoutes('arbitrator')].map((r) => r.includes('routing'))).toEqual([true, false, false]);
    expect([canUseRouting('admin'), canUseRouting('supervisor'), canUseRouting('arbitrator'), canUseRouting(undefined)]).toEqual([true, false, false, false]);
  });

  it('signed out, only Settings is offered: no page that needs an account', () => {
    expect(navRoutes(undefined)).toEqual(['settings']);
  });
});
