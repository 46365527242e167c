/**
 * Which roles see which pages: the shell's navigation and the pages themselves ask here, so the
 * navigation entry and the page agree (the server enforces the same roles on its routes).
 */
/** Who may use the QA page: supervisors (the server enforces it too). */
export function canUseQa(role: string | undefined): boolean {
  return role === 'supervisor';
}

/** Who may run a draft policy's what-if: the people who own the policy. */
export function canUsePolicy(role: string | undefined): boolean {
  return role === 'supervisor' || role === 'admin';
}

/** Who may publish a policy version: admins (the server enforces it too). */
export function canPublishPolicy(role: string | undefined): boolean {
  return role === 'admin';
}

/** The policy page's navigation entry: for its users, and (explaining itself) before sign-in. */
export function showPolicyNav(role: string | undefined): boolean {
  return role === undefined || canUsePolicy(role);
}

/** The navigation entry: hidden from signed-in arbitrators and admins; shown (explaining itself) before sign-in. */
export function showQaNav(role: string | undefined): boolean {
  return role === undefined || canUseQa(role);
}
