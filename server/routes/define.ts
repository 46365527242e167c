import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Role } from '@common/api';
import { formatPath } from '@common/domain';
import type { Policy } from '@common/policy';
import type { DB } from '../db/schema';
import type { AuthService, AuthUser } from '../services/auth';
import type { RecentClaims } from '../services/sync';
import { ApiError } from '../services/errors';

/** What every route handler may use. */
export type Deps = { db: Kysely<DB>; policy: Policy; auth: AuthService; engine: 'postgres' | 'pglite'; recent: RecentClaims; random: () => number };

type Method = 'GET' | 'POST';
/**
 * One row per route: the single place that states who may call it and what it takes and returns.
 * The same table drives validation, /openapi.json and the RBAC matrix test.
 */
export type RouteSpec = {
  method: Method;
  url: string;
  summary: string;
  /** 'public' routes need no token; otherwise the roles allowed. */
  roles: readonly Role[] | 'public';
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  response: z.ZodType;
  /** Body is read as a stream by the handler (import); `body` then documents one item. */
  streamed?: boolean;
  /** Status for a successful response. */
  status?: number;
};

export type HandlerInput<B, Q, P> = { body: B; query: Q; params: P; user: AuthUser | null; req: FastifyRequest; reply: FastifyReply };

export const ROUTES: RouteSpec[] = [];

/** A response body that is already JSON text (case views built by the database); sent as is. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A UTF-16 surrogate without its other half: not a character, and not encodable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The first string PostgreSQL text cannot store, as a path and the reason: a NUL character (U+0000)
 * or a lone surrogate (invalid UTF-8). Such a value would otherwise fail deep in a query as a 500;
 * it is bad input, refused here with its field.
 */
export function unstorableText(value: unknown, path: (string | number)[] = [], depth = 0): { path: (string | number)[]; reason: string } | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { path, reason: 'must not contain a NUL character' };
    if (LONE_SURROGATE.test(value)) return { path, reason: 'must be valid Unicode (a lone surrogate was found)' };
    return null;
  }
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    const found = unstorableText(v, [...path, k], depth + 1);
    if (found) return found;
  }
  return null;
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

/** Registers a route with auth, role check and zod validation in front of the handler. */
export function defineRoute<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, P extends z.ZodType = z.ZodUnknown>(
  app: FastifyInstance,
  deps: Deps,
  spec: RouteSpec & { body?: B; query?: Q; params?: P },
  handler: (input: HandlerInput<z.output<B>, z.output<Q>, z.output<P>>) => Promise<unknown>,
): void {
  if (!ROUTES.some((r) => r.method === spec.method && r.url === spec.url)) ROUTES.push(spec);
  app.route({
    method: spec.method,
    url: spec.url,
    handler: async (req, reply) => {
      let user: AuthUser | null = null;
      if (spec.roles !== 'public') {
        user = await deps.auth.authenticate(req.headers.authorization);
        if (!spec.roles.includes(user.role)) throw new ApiError(403, 'forbidden', `role ${user.role} may not call ${spec.method} ${spec.url}`);
      }
      const body = spec.body && !spec.streamed ? parse(spec.body, req.body, 'body') : req.body;
      const query = spec.query ? parse(spec.query, req.query ?? {}, 'query') : req.query;
      const params = spec.params ? parse(spec.params, req.params ?? {}, 'params') : req.params;
      const out = await handler({ body: body as z.output<B>, query: query as z.output<Q>, params: params as z.output<P>, user, req, reply });
      if (reply.sent) return reply;
      reply.code(spec.status ?? 200);
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
