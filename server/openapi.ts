import { z } from 'zod';
import { ErrorResponseSchema, HealthResponseSchema } from '@common/api';
import { APP_NAME, APP_VERSION } from '@common/version';
import type { RouteDef } from '@common/api/routes';

const schemaOf = (s: z.ZodType, io: 'input' | 'output'): unknown => z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' });

/** OpenAPI 3.1 (JSON Schema 2020-12) built from the route table and the zod wire schemas. */
export function buildOpenApi(routes: readonly RouteDef[]): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorBody = { content: { 'application/json': { schema: schemaOf(ErrorResponseSchema, 'output') } } };
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const m of r.path.matchAll(/:(\w+)/g)) parameters.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
    if (r.query) {
      const js = schemaOf(r.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(js.properties ?? {})) parameters.push({ name, in: 'query', required: js.required?.includes(name) ?? false, schema });
    }
    const op: Record<string, unknown> = {
      summary: r.summary,
      'x-roles': r.roles,
      ...(r.roles === 'public' ? { security: [] } : {}),
      parameters,
      responses: {
        [String(r.status ?? 200)]: {
          description: 'OK',
          content: r.produces ? Object.fromEntries(r.produces.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])) : { 'application/json': { schema: schemaOf(r.response, 'output') } },
        },
        '400': { description: 'Malformed input; error.field names the offending field', ...errorBody },
        '401': { description: 'Missing, expired or revoked token', ...errorBody },
        '403': { description: 'Role or ownership forbids it', ...errorBody },
        ...(r.rateLimit ? { '429': { description: `rate_limited: over ${r.rateLimit.perMinute} a minute from one address, or an account backing off after failed attempts; Retry-After says when to try again`, ...errorBody } } : {}),
        '503': { description: 'unavailable: the database is away (restarting, failing over); Retry-After says when to try again', ...errorBody },
      },
    };
    if (r.body) {
      const schema = schemaOf(r.body, 'input');
      op.requestBody = {
        required: true,
        // OpenAPI puts descriptions on the request body, not on a media type object.
        ...(r.streamed ? { description: 'A JSON array of items, or NDJSON (application/x-ndjson): one item per line, and the answer is NDJSON too (one result per line, then a summary line)' } : {}),
        content: r.streamed
          ? {
              'application/json': { schema: { type: 'array', items: schema } },
              'application/x-ndjson': { schema },
            }
          : { 'application/json': { schema } },
      };
    }
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  // The server describing itself: served beside the route table (server/app.ts), public.
  const health = schemaOf(HealthResponseSchema, 'output');
  const self = (summary: string, responses: Record<string, unknown>) => ({ get: { summary, security: [], 'x-roles': 'public', parameters: [], responses } });
  paths['/healthz'] = self('Liveness: the process answers', { '200': { description: 'OK', content: { 'application/json': { schema: health } } } });
  paths['/readyz'] = self('Readiness: the database answers', {
    '200': { description: 'Ready', content: { 'application/json': { schema: health } } },
    '503': { description: 'The database does not answer', content: { 'application/json': { schema: health } } },
  });
  paths['/openapi.json'] = self('This document', { '200': { description: 'The OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } });
  return {
    openapi: '3.1.0',
    info: { title: `${APP_NAME} backend API`, version: APP_VERSION, description: 'See docs/api.md' },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
