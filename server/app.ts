import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { sql } from 'kysely';
import type { ErrorResponse } from '@common/api';
import { routeList } from '@common/api/routes';
import { DEFAULT_POLICY, type Policy } from '@common/policy';
import { APP_VERSION } from '@common/version';
import { isDatabaseUnavailable } from './db/database';
import type { DB } from './db/schema';
import { buildOpenApi } from './openapi';
import { authHandlers } from './routes/auth';
import { caseHandlers } from './routes/cases';
import { demoHandlers } from './routes/demo';
import { registerRoutes, type Deps } from './routes/define';
import { importHandlers } from './routes/import';
import { platformHandlers } from './routes/platform';
import { policyHandlers } from './routes/policies';
import { noticeHandlers } from './routes/notices';
import { qaHandlers } from './routes/qa';
import { macroHandlers } from './routes/macros';
import { snippetHandlers } from './routes/snippets';
import { syncHandlers } from './routes/sync';
import { workforceHandlers } from './routes/workforce';
import { routingHandlers } from './routes/routing';
import { sealAll, startAuditSealer } from './services/audit';
import { AuthService } from './services/auth';
import { sweepExpired } from './services/claims';
import { PolicyRegistry } from './services/policies';
import { MacroStore } from './services/macros';
import { SnippetStore } from './services/snippets';
import { RecentClaims } from './services/sync';
import { ApiError } from './services/errors';

export type AppOptions = {
  db: Kysely<DB>;
  engine?: 'postgres' | 'pglite';
  /** The base version a fresh registry starts from (the built-in default unless given); ignored once the registry holds any version. */
  policy?: Policy;
  /** A pino logger; `false` silences request logs (tests, benchmarks). */
  logger?: Logger | false;
  /** Background chores: audit sealing and lease expiry. Off makes tests deterministic (call app.gavel.*). */
  background?: { sealMs?: number; sweepMs?: number } | false;
  /** Uniform [0, 1) source for golden-case insertion; Math.random unless a test seeds it. */
  random?: () => number;
  /** When given, requests whose Host header is not one of these names are refused (421) before anything else. */
  allowedHosts?: () => readonly string[];
};

export type GavelHandle = {
  deps: Deps;
  /** Ends lapsed leases and overdue evidence requests now. */
  sweep: () => Promise<number>;
  /** Links committed audit rows into the hash chain now. */
  seal: () => Promise<number>;
  /**
   * Start draining: /readyz answers 503 from now on, so a load balancer stops sending new requests
   * while those in flight finish. Graceful shutdown calls it before closing (server/index.ts).
   */
  drain: () => void;
};

declare module 'fastify' {
  // Module augmentation needs an interface (declaration merging).
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface FastifyInstance {
    gavel: GavelHandle;
  }
}

const errorBody = (code: ErrorResponse['error']['code'], message: string, field?: string): ErrorResponse => ({ error: { code, message, ...(field ? { field } : {}) } });

/** Builds the HTTP app on an open database. Does not listen: `startServer` or tests do. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const policies = new PolicyRegistry(opts.db);
  await policies.ensureSeeded(opts.policy ?? DEFAULT_POLICY);
  // 'idle': on close, drop idle keep-alive sockets but let in-flight requests finish (graceful shutdown).
  const common = {
    bodyLimit: 8 * 1024 * 1024,
    forceCloseConnections: 'idle',
    // The router's own refusals (a path parameter over maxParamLength, a malformed %-escape) answer in
    // the API's error shape with the field, like every other bad input; Fastify's default is its own shape.
    frameworkErrors: (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      void reply.code(tooLong ? 414 : 400).send(errorBody('invalid_query', tooLong ? 'a path parameter is too long' : 'the path is not a valid URL component', '(path)'));
    },
  } as const;
  const app = (opts.logger ? Fastify({ ...common, loggerInstance: opts.logger }) : Fastify({ ...common, logger: false })) as unknown as FastifyInstance;
  const deps: Deps = { db: opts.db, policies, snippets: new SnippetStore(opts.db), macros: new MacroStore(opts.db, () => policies.current()), auth: new AuthService(opts.db), engine: opts.engine ?? 'postgres', recent: new RecentClaims(), random: opts.random ?? Math.random };
  const chores: Array<{ stop: () => Promise<void> }> = [];
  let draining = false;
  app.decorate('gavel', {
    deps,
    sweep: () => sweepExpired(opts.db, policies.current()),
    seal: () => sealAll(opts.db),
    drain: () => {
      draining = true;
    },
  } satisfies GavelHandle);

  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    if (err instanceof ApiError) {
      if (err.retryAfter !== undefined) void reply.header('retry-after', String(err.retryAfter));
      return reply.code(err.statusCode).send(errorBody(err.code, err.message, err.field));
    }
    const status = err.statusCode ?? 500;
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send(errorBody('unsupported_media_type', err.message, '(body)'));
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(errorBody('payload_too_large', err.message, '(body)'));
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return reply.code(400).send(errorBody('invalid_body', 'body is empty', '(body)'));
    if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return reply.code(400).send(errorBody('invalid_json', `body is not valid JSON: ${err.message}`, '(body)'));
    if (status >= 400 && status < 500) return reply.code(status).send(errorBody('invalid_body', err.message, '(body)'));
    if (isDatabaseUnavailable(err)) {
      // The database is restarting or away: the server itself is fine and says so, and the client
      // retries (pushes and pulls are idempotent). /readyz answers 503 meanwhile.
      req.log.warn({ err: err.message }, 'database unavailable');
      return reply.code(503).header('retry-after', '2').send(errorBody('unavailable', 'the database is unavailable; retry shortly'));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(errorBody('internal', 'internal error'));
  });
  const allowedHosts = opts.allowedHosts;
  if (allowedHosts) {
    // Before routing, auth and parsing: nothing of a request addressed to another name is looked at.
    app.addHook('onRequest', async (req, reply) => {
      const host = req.headers.host?.toLowerCase();
      if (host === undefined || !allowedHosts().includes(host)) await reply.code(421).send(errorBody('forbidden', 'this server does not answer to that host name', 'host'));
    });
  }
  app.setNotFoundHandler((req, reply) => reply.code(404).send(errorBody('not_found', `no route ${req.method} ${req.url.split('?')[0]}`)));

  app.get('/healthz', () => Promise.resolve({ status: 'ok', version: APP_VERSION }));
  app.get('/readyz', async (_req, reply) => {
    if (draining) return reply.code(503).header('connection', 'close').send({ status: 'draining', version: APP_VERSION });
    try {
      await sql`select 1`.execute(opts.db);
      return { status: 'ok', version: APP_VERSION, engine: deps.engine };
    } catch {
      return reply.code(503).send({ status: 'unavailable', version: APP_VERSION });
    }
  });
  let openapi: unknown;
  app.get('/openapi.json', () => Promise.resolve((openapi ??= buildOpenApi(routeList))));

  // Per source address, on the routes the table marks (sign-in, token refresh): a burst from one
  // address is cut off before any password is checked; the per-account backoff lives in AuthService.
  // In memory, per process: with --workers N each worker counts on its own.
  await app.register(rateLimit, {
    global: false,
    exponentialBackoff: true,
    errorResponseBuilder: (_req, ctx) => new ApiError(429, 'rate_limited', `too many requests from this address; try again in ${Math.ceil(ctx.ttl / 1000)} s`, undefined, Math.ceil(ctx.ttl / 1000)),
  });
  registerRoutes(app, deps, { ...authHandlers(deps), ...caseHandlers(deps), ...syncHandlers(deps), ...importHandlers(deps), ...platformHandlers(deps), ...qaHandlers(deps), ...noticeHandlers(deps), ...policyHandlers(deps), ...snippetHandlers(deps), ...macroHandlers(deps), ...demoHandlers(deps), ...workforceHandlers(deps), ...routingHandlers(deps) });

  if (opts.background !== false) {
    const bg = opts.background ?? {};
    const log = (what: string) => (err: unknown) => app.log.error({ err }, `${what} failed`);
    chores.push(startAuditSealer(opts.db, bg.sealMs ?? 1000, log('audit sealing')));
    let sweeping: Promise<unknown> = Promise.resolve();
    const t = setInterval(() => {
      // Versions published on another instance are picked up here too (and on demand, see PolicyRegistry).
      sweeping = sweeping
        .then(() => policies.refresh())
        .then(() => sweepExpired(opts.db, policies.current()))
        .catch(log('lease sweep'));
    }, bg.sweepMs ?? 5000);
    t.unref();
    chores.push({ stop: async () => { clearInterval(t); await sweeping; } });
  }
  app.addHook('onClose', async () => {
    for (const c of chores) await c.stop();
    // Leave the chain fully sealed on a clean shutdown.
    await sealAll(opts.db).catch(() => undefined);
  });
  await app.ready();
  return app;
}
