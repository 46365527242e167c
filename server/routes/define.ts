import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { routes, type RouteBody, type RouteDef, type RouteName, type RouteParamsParsed, type RouteQuery, type Routes, type StreamBody, type StreamItem } from '@common/api/routes';
import { formatPath, toParseIssues } from '@common/domain';
import type { DB } from '../db/schema';
import type { AuthService, AuthUser } from '../services/auth';
import type { PolicyRegistry } from '../services/policies';
import type { MacroStore } from '../services/macros';
import type { SnippetStore } from '../services/snippets';
import type { RecentClaims } from '../services/sync';
import { ApiError } from '../services/errors';
import { jsonArrayItems, ndjsonItems } from '../services/streamItems';

/** What every route handler may use. */
/** `policies` is the registry: `current()` for operational settings, `forCase(row)` to judge a case. */
export type Deps = { db: Kysely<DB>; policies: PolicyRegistry; snippets: SnippetStore; macros: MacroStore; auth: AuthService; engine: 'postgres' | 'pglite'; recent: RecentClaims; random: () => number };

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
        // Scoped to this route: the body arrives as a stream (a JSON array or NDJSON), split and
        // validated item by item in streamedItems below.
        scope.removeAllContentTypeParsers();
        scope.addContentTypeParser(['application/json', 'application/x-ndjson', 'application/ndjson'], (_req, payload, done) => done(null, payload));
        bindRoute(scope, deps, route, handler);
        done();
      });
  }
}

/**
 * A streamed route's body: its items in order, each parsed with the route's item schema (the same
 * validation, text check included, as any other body), so one bad item is reported on its own and
 * never reaches the handler's writes. Structural errors of the stream itself throw (400, 413).
 */
async function* streamedItems(schema: z.ZodType, stream: Readable, ndjson: boolean): AsyncGenerator<StreamItem<unknown>> {
  for await (const it of ndjson ? ndjsonItems(stream) : jsonArrayItems(stream)) {
    if ('error' in it) {
      yield { index: it.index, ok: false, raw: null, issues: [{ path: '(root)', message: it.error }] };
      continue;
    }
    const r = schema.safeParse(it.raw);
    yield r.success ? { index: it.index, ok: true, value: r.data } : { index: it.index, ok: false, raw: it.raw, issues: toParseIssues(r.error) };
  }
}

function streamBody(route: RouteDef, req: FastifyRequest): StreamBody<unknown> {
  const stream = req.body as Readable | undefined;
  if (!stream || typeof (stream as { pipe?: unknown }).pipe !== 'function') throw new ApiError(415, 'unsupported_media_type', 'send application/json (array) or application/x-ndjson', '(body)');
  const ndjson = /ndjson/i.test(req.headers['content-type'] ?? '');
  // Every stream gets an error path: a client that disconnects mid-upload ends the iteration with an
  // error the handler sees, never an unheard 'error' event.
  stream.on('error', () => undefined);
  return { ndjson, items: route.body ? streamedItems(route.body, stream, ndjson) : streamedItems(z.unknown(), stream, ndjson) };
}

function bindRoute(app: FastifyInstance, deps: Deps, route: RouteDef, handler: (input: HandlerInput<unknown, unknown, unknown>) => Promise<unknown>): void {
  app.route({
    method: route.method,
    url: route.path,
    ...(route.rateLimit ? { config: { rateLimit: { max: route.rateLimit.perMinute, timeWindow: 60_000 } } } : {}),
    handler: async (req, reply) => {
      let user: AuthUser | null = null;
      if (route.roles !== 'public') {
        user = await deps.auth.authenticate(req.headers.authorization);
        if (!route.roles.includes(user.role)) throw new ApiError(403, 'forbidden', `role ${user.role} may not call ${route.method} ${route.path}`);
      }
      const body = route.streamed ? streamBody(route, req) : route.body ? parse(route.body, req.body, 'body') : req.body;
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
