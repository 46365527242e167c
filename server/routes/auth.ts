import { handlers, requireUser, type Deps } from './define';

export function authHandlers(deps: Deps) {
  return handlers({
    login: ({ body }) => deps.auth.login(body.username, body.password),
    refresh: ({ body }) => deps.auth.refresh(body.refreshToken),
    logout: async ({ user }) => {
      await deps.auth.revokeSession(requireUser(user).sessionId);
      return { ok: true as const };
    },
    me: ({ user }) => {
      const { sessionId: _s, ...view } = requireUser(user);
      return Promise.resolve(view);
    },
    createUser: async ({ body, user }) => deps.auth.createUser(body, requireUser(user).id),
    revokeUser: async ({ params, user }) => {
      await deps.auth.revokeUser(params.userId, requireUser(user).id);
      return { ok: true as const };
    },
  });
}
