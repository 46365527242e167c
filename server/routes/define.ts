import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { routes, type RouteBody, type RouteDef, type RouteName, type RouteParamsParsed, type RouteQuery, type Routes } from '@common/api/routes';
import { unstorableText } from '@common/api/storableText';
import { formatPath } from '@common/domain';
import type { DB } from '../db/schema';
import type { AuthService, AuthUser } from '../services/auth';
import type { PolicyRegistry } from '../services/policies';
import type { RecentClaims } from '../services/sync';
import { ApiError } from '../services/errors';

/** What every route handler may use. */
/** `policies` is the registry: `current()` for operational settings, `forCase(row)` to judge a case. */
export type Deps = { db: Kysely<DB>; policies: PolicyRegistry; auth: AuthService; engine: 'postgres' | 'pglite'; recent: RecentClaims; random: () => number };

export type HandlerInput<B, Q, P> = { body: B; query: Q; params: P; user: AuthUser | null; req: FastifyRequest; reply: FastifyReply };

/** What a route's handler gets: the request parsed with the schemas of its entry in the route table. */
export type Handler<R extends RouteDef> = (input: HandlerInput<RouteBody<R>, RouteQuery<R>, RouteParamsParsed<R>>) => Promise<unknown>;
export type RouteHandlers<K extends RouteName = RouteName> = { [N in K]: Handler<Routes[N]> };

/** A route file's handlers, keyed by route name: a name missing from the table does not compile. */
export function handlers<K extends RouteName>(bound: RouteHandlers<K>): RouteHandlers<K> {
  return bound;
}

/** A response body that is already JSON text (case views built by the database); sent as is. */
export class RawJson {
  constructor(readonly text: string) {}
}

function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const r = schema.safeParse(value);
  const bad = r.success ? unstorableText(r.data) : null;
  if (bad) {
    const field = formatPath(bad.path);
    throw new ApiError(400, where === 'body' ? 'invalid_body' : 'invalid_query', `${where === 'params' ? 'path parameter' : where} field ${field}: ${bad.reason}`, field);
  }
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue ? formatPath(issue.path) : '(root)';
  const code = where === 'body' ? 'invalid_body' : 'invalid_query';
  throw new ApiError(400, code, `${where === 'params' ? 'path parameter' : where} field ${field}: ${issue?.message ?? 'invalid'}`, field);
}

/**
 * Registers every route of the table, each with its handler: the compiler refuses a table entry
 * without one. Auth, the role check and validation happen here, for all of them.
 */
export function registerRoutes(app: FastifyInstance, deps: Deps, all: RouteHandlers): void {
  for (const name of Object.keys(routes) as RouteName[]) {
    const route: RouteDef = routes[name];
    const handler = all[name] as (input: HandlerInput<unknown, unknown, unknown>) => Promise<unknown>;
    if (!route.streamed) bindRoute(app, deps, route, handler);
    else
      void app.register((scope, _opts, done) => {
        // Scoped to this route: the handler receives the raw request stream (a JSON array or NDJSON).
        scope.removeAllContentTypeParsers();
        scope.addContentTypeParser(['application/json', 'application/x-ndjson', 'application/ndjson'], (_req, payload, done) => done(null, payload));
        bindRoute(scope, deps, route, handler);
        done();
      });
  }
}

function bindRoute(app: FastifyInstance, deps: Deps, route: RouteDef, handler: (input: HandlerInput<unknown, unknown, unknown>) => Promise<unknown>): void {
  app.route({
    method: route.method,
    url: route.path,
    handler: async (req, reply) => {
      let user: AuthUser | null = null;
      if (route.roles !== 'public') {
        user = await deps.auth.authenticate(req.headers.authorization);
        if (!route.roles.includes(user.role)) throw new ApiError(403, 'forbidden', `role ${user.role} may not call ${route.method} ${route.path}`);
      }
      const body = route.body && !route.streamed ? parse(route.body, req.body, 'body') : req.body;
      const query = route.query ? parse(route.query, req.query ?? {}, 'query') : req.query;
      const params = route.params ? parse(route.params, req.params ?? {}, 'params') : req.params;
      const out = await handler({ body, query, params, user, req, reply });
      if (reply.sent) return reply;
      reply.code(route.status ?? 200);
      if (out instanceof RawJson) {
        reply.type('application/json; charset=utf-8');
        return out.text;
      }
      return out;
    },
  });
}

export function requireUser(u: AuthUser | null): AuthUser {
  if (!u) throw new ApiError(401, 'unauthorized', 'missing bearer token', 'authorization');
  return u;
}
