/**
 * Which roles see which pages: the shell's navigation and the pages themselves ask here, so the
 * navigation entry and the page agree (the server enforces the same roles on its routes).
 */
import type { Route } from './router';

/** Who may use the QA page: supervisors (the server enforces it too). */
export function canUseQa(role: string | undefined): boolean {
  return role === 'supervisor';
}

/**
 * The pages offered in the navigation, in order. Signed out (no role), only Settings, where one
 * signs in: no page that needs an account is offered. QA only to those who may use it.
 */
export function navRoutes(role: string | undefined): Route[] {
  if (role === undefined) return ['settings'];
  return canUseQa(role) ? ['queue', 'conflicts', 'qa', 'settings'] : ['queue', 'conflicts', 'settings'];
}
