import { auditCheckpoint } from '../services/audit';
import { handlers, requireUser, type Deps } from './define';

export function authHandlers(deps: Deps) {
  return handlers({
    login: ({ body, req }) => deps.auth.login(body.username, body.password, req.ip),
    refresh: ({ body }) => deps.auth.refresh(body.refreshToken),
    logout: async ({ user }) => {
      await deps.auth.logout(requireUser(user));
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
    disableUser: async ({ params, user }) => {
      await deps.auth.setDisabled(params.userId, true, requireUser(user).id);
      return { ok: true as const };
    },
    enableUser: async ({ params, user }) => {
      await deps.auth.setDisabled(params.userId, false, requireUser(user).id);
      return { ok: true as const };
    },
    auditCheckpoint: async () => auditCheckpoint(deps.db),
    resetPassword: async ({ params, body, user }) => {
      await deps.auth.resetPassword(params.userId, body.password, requireUser(user).id);
      return { ok: true as const };
    },
  });
}
