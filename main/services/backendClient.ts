/**
 * Main's HTTP transport to the backend: any route of the table (common/api/routes.ts) with one typed
 * call. Bearer tokens from the session (refreshed once on a 401), timeouts, retries with jittered
 * backoff only for routes the table marks idempotent, and every answer validated against the route's
 * response schema before it goes anywhere near the renderer.
 */
import { ErrorResponseSchema } from '@common/api';
import type { RouteDef, RouteParams, RouteRequest, RouteResponse } from '@common/api/routes';
import { causeOf, SessionError, withSlash, type SessionManager } from './session';

export type BackendErrorCode = 'offline' | 'timeout' | 'unauthorized' | 'forbidden' | 'bad_request' | 'server_error' | 'invalid_response';

export class BackendError extends Error {
  constructor(
    readonly code: BackendErrorCode,
    message: string,
    readonly status?: number,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'BackendError';
  }
  /** Worth another try later: the backend was unreachable or failing, not refusing us. */
  get transient(): boolean {
    return this.code === 'offline' || this.code === 'timeout' || this.code === 'server_error';
  }
}

export type BackendClientOptions = {
  session: SessionManager;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  /** Extra attempts for idempotent requests. */
  retries?: number;
  backoffMs?: number;
  random?: () => number;
  /** Reports each outcome, so the connection state reflects real traffic, not only health probes. */
  onOutcome?: (ok: boolean, detail: string | null) => void;
  sleep?: (ms: number) => Promise<void>;
};

/** The request, then the path parameters when the route has any; nothing for a route that takes neither. */
export type CallArgs<R extends RouteDef> = [RouteParams<R>] extends [undefined]
  ? [RouteRequest<R>] extends [undefined]
    ? []
    : [request: RouteRequest<R>]
  : [request: RouteRequest<R>, params: RouteParams<R>];

/** A route the client can send whole: streamed bodies (import) are for the platform's uploaders. */
type CallableRoute = RouteDef & { readonly streamed?: false };

export class BackendClient {
  private readonly fetchImpl: typeof fetch;
  private readonly o: Required<Omit<BackendClientOptions, 'onOutcome' | 'fetchImpl'>> & Pick<BackendClientOptions, 'onOutcome'>;

  constructor(options: BackendClientOptions) {
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.o = {
      timeoutMs: 15_000,
      retries: 2,
      backoffMs: 300,
      random: Math.random,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      ...options,
    };
  }

  /** `client.call(routes.qaPreview, plan)`: the request, typed and validated from the route's entry. */
  call<R extends CallableRoute>(route: R, ...args: CallArgs<R>): Promise<RouteResponse<R>> {
    const [request, params] = args as [unknown, Record<string, string> | undefined];
    return this.send(route, request, params) as Promise<RouteResponse<R>>;
  }

  /**
   * The untyped form of `call`, for code that is generic over routes (main's relay handlers). The
   * request goes out as the route's body, or as its query for a route that declares one.
   */
  async send(route: CallableRoute, request: unknown, params?: Record<string, string>): Promise<unknown> {
    const attempts = route.idempotent ? this.o.retries + 1 : 1;
    let lastError: BackendError | null = null;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await this.o.sleep(Math.round(this.o.backoffMs * 2 ** (attempt - 1) * (0.5 + this.o.random())));
      try {
        const result = await this.once(route, request, params, false);
        this.o.onOutcome?.(true, null);
        return result;
      } catch (err) {
        const e = toBackendError(err);
        lastError = e;
        if (!e.transient) break;
      }
    }
    const error = lastError ?? new BackendError('offline', 'No attempt was made.');
    this.o.onOutcome?.(!error.transient, error.transient ? error.message : null);
    throw error;
  }

  private async once(route: RouteDef, request: unknown, params: Record<string, string> | undefined, refreshed: boolean): Promise<unknown> {
    const { baseUrl, token } = await this.o.session.accessToken();
    const url = new URL(relativePath(route.path, params), withSlash(baseUrl));
    const query = route.query ? (request as Record<string, unknown> | undefined) : undefined;
    // Query values are parsed scalars (strings, numbers); JSON writes a number the way String() does.
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    const body = route.body ? request : undefined;
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method: route.method,
        headers: { accept: 'application/json', authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new BackendError(timedOut ? 'timeout' : 'offline', timedOut ? `The backend did not answer within ${this.o.timeoutMs} ms.` : `The backend cannot be reached: ${causeOf(err)}`);
    }
    const json: unknown = await res.json().catch(() => null);
    if (res.status === 401 && !refreshed) {
      await this.o.session.refresh();
      return this.once(route, request, params, true);
    }
    if (!res.ok) {
      const err = ErrorResponseSchema.safeParse(json);
      const message = err.success ? err.data.error.message : `HTTP ${res.status}`;
      const field = err.success ? err.data.error.field : undefined;
      const code: BackendErrorCode =
        res.status === 401 ? 'unauthorized' : res.status === 403 ? 'forbidden' : res.status >= 500 || res.status === 429 ? 'server_error' : 'bad_request';
      throw new BackendError(code, message, res.status, field);
    }
    const parsed = route.response.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BackendError('invalid_response', `The backend's answer to ${route.method} ${route.path} is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}`);
    }
    return parsed.data;
  }
}

/**
 * The route's path with its parameters filled in, relative (no leading slash) so that a backend
 * served under a path prefix (`https://host/gavel/`) keeps it.
 */
function relativePath(path: string, params: Record<string, string> | undefined): string {
  return path.slice(1).replace(/:(\w+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new BackendError('bad_request', `${path} needs the path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

function toBackendError(err: unknown): BackendError {
  if (err instanceof BackendError) return err;
  if (err instanceof SessionError) {
    return new BackendError(err.code === 'offline' ? 'offline' : 'unauthorized', err.message);
  }
  return new BackendError('server_error', err instanceof Error ? err.message : String(err));
}
