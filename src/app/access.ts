/**
 * Which roles see which pages: the shell's navigation and the pages themselves ask here, so the
 * navigation entry and the page agree (the server enforces the same roles on its routes).
 */
import type { Route } from './router';

/** Who may use the QA page: supervisors (the server enforces it too). */
export function canUseQa(role: string | undefined): boolean {
  return role === 'supervisor';
}

/** Who sees the workforce view (who holds what) and may release or reassign holdings: supervisors (the server enforces it too). */
export function canUseWorkforce(role: string | undefined): boolean {
  return role === 'supervisor';
}

/** Who sees the routing page (skills, rules, "who would get this case?") and edits them: admins (the server enforces it too; supervisors may read through the API). */
export function canUseRouting(role: string | undefined): boolean {
  return role === 'admin';
}

/** Who has an inbox: those who decide cases, whose decisions can be overridden or reviewed. */
export function canUseInbox(role: string | undefined): boolean {
  return role === 'arbitrator' || role === 'supervisor';
}

/** Who may run a draft policy's what-if: the people who own the policy. */
export function canUsePolicy(role: string | undefined): boolean {
  return role === 'supervisor' || role === 'admin';
}

/** Who may publish a policy version: admins (the server enforces it too). */
export function canPublishPolicy(role: string | undefined): boolean {
  return role === 'admin';
}

/**
 * The pages offered in the navigation, in order. Signed out (no role), only Settings, where one
 * signs in: no page that needs an account is offered. QA and Policy only to those who may use them.
 */
export function navRoutes(role: string | undefined): Route[] {
  if (role === undefined) return ['settings'];
  return [
    'queue',
    ...(canUseInbox(role) ? (['inbox'] as const) : []),
    'conflicts',
    ...(canUseQa(role) ? (['qa'] as const) : []),
    ...(canUseWorkforce(role) ? (['workforce'] as const) : []),
    ...(canUsePolicy(role) ? (['policy'] as const) : []),
    ...(canUseRouting(role) ? (['routing'] as const) : []),
    'settings',
  ];
}
