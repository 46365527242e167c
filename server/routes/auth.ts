import type { FastifyInstance } from 'fastify';
import { CreateUserRequestSchema, LoginRequestSchema, OkResponseSchema, RefreshRequestSchema, TokenResponseSchema, UserViewSchema } from '@common/api';
import { z } from 'zod';
import { defineRoute, requireUser, type Deps } from './define';

export function registerAuthRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, { method: 'POST', url: '/v1/auth/login', summary: 'Password login: access token (15 min) + refresh token', roles: 'public', body: LoginRequestSchema, response: TokenResponseSchema }, ({ body }) =>
    deps.auth.login(body.username, body.password),
  );
  defineRoute(app, deps, { method: 'POST', url: '/v1/auth/refresh', summary: 'Rotate the refresh token; reuse of an old one closes the session', roles: 'public', body: RefreshRequestSchema, response: TokenResponseSchema }, ({ body }) =>
    deps.auth.refresh(body.refreshToken),
  );
  defineRoute(app, deps, { method: 'POST', url: '/v1/auth/logout', summary: 'Revoke this session (access and refresh tokens)', roles: ['arbitrator', 'supervisor', 'admin'], response: OkResponseSchema }, async ({ user }) => {
    await deps.auth.revokeSession(requireUser(user).sessionId);
    return { ok: true as const };
  });
  defineRoute(app, deps, { method: 'GET', url: '/v1/me', summary: 'The caller', roles: ['arbitrator', 'supervisor', 'admin'], response: UserViewSchema }, ({ user }) => {
    const { sessionId: _s, ...view } = requireUser(user);
    return Promise.resolve(view);
  });
  defineRoute(app, deps, { method: 'POST', url: '/v1/admin/users', summary: 'Create a user', roles: ['admin'], body: CreateUserRequestSchema, response: UserViewSchema, status: 201 }, async ({ body, user }) =>
    deps.auth.createUser(body, requireUser(user).id),
  );
  defineRoute(
    app,
    deps,
    { method: 'POST', url: '/v1/admin/users/:userId/revoke', summary: "Revoke all of a user's tokens", roles: ['admin'], params: z.object({ userId: z.string().min(1).max(128) }), response: OkResponseSchema },
    async ({ params, user }) => {
      await deps.auth.revokeUser(params.userId, requireUser(user).id);
      return { ok: true as const };
    },
  );
}
