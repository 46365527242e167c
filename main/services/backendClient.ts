/**
 * Main's HTTP transport to the backend: bearer tokens from the session, timeouts, retries with
 * jittered backoff for requests that are safe to repeat, and every response validated against the
 * wire schema in common/api before it goes anywhere near the renderer.
 */
import type { z } from 'zod';
import {
  ClaimResponseSchema,
  ErrorResponseSchema,
  HeartbeatResponseSchema,
  PullResponseSchema,
  PushResponseSchema,
  ReleaseResponseSchema,
  QaGoldenListSchema,
  QaGoldenViewSchema,
  QaOverrideResponseSchema,
  QaPlanCreatedSchema,
  QaPlanListSchema,
  QaPreviewResponseSchema,
  QaRecordsResponseSchema,
  type QaGoldenRequest,
  type QaGoldenView,
  type QaOverrideRequest,
  type QaOverrideResponse,
  type QaPlanCreated,
  type QaPlanList,
  type QaPlanRequest,
  type QaPreviewResponse,
  type QaRecordsResponse,
  type ClaimRequest,
  type ClaimResponse,
  type HeartbeatResponse,
  type Mutation,
  type PullResponse,
  type PushResponse,
  type ReleaseResponse,
} from '@common/api';
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

type RequestSpec<S extends z.ZodType> = {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  schema: S;
  /** Safe to send twice: GETs, and pushes (the server applies each client id once). */
  idempotent: boolean;
};

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

  pull(cursor: string | undefined, limit: number): Promise<PullResponse> {
    return this.request({ method: 'GET', path: 'v1/sync/pull', query: { cursor, limit }, schema: PullResponseSchema, idempotent: true });
  }

  push(mutations: Mutation[]): Promise<PushResponse> {
    return this.request({ method: 'POST', path: 'v1/sync/push', body: { mutations }, schema: PushResponseSchema, idempotent: true });
  }

  /** Not retried blindly: a lost answer would leave cases claimed that we never saw (they return on lease expiry). */
  claim(request: ClaimRequest): Promise<ClaimResponse> {
    return this.request({ method: 'POST', path: 'v1/claims', body: request, schema: ClaimResponseSchema, idempotent: false });
  }

  heartbeat(caseIds: string[]): Promise<HeartbeatResponse> {
    return this.request({ method: 'POST', path: 'v1/claims/heartbeat', body: { caseIds }, schema: HeartbeatResponseSchema, idempotent: true });
  }

  release(caseIds: string[]): Promise<ReleaseResponse> {
    return this.request({ method: 'POST', path: 'v1/claims/release', body: { caseIds }, schema: ReleaseResponseSchema, idempotent: true });
  }

  //#region Supervisor QA
  qaPreview(plan: QaPlanRequest): Promise<QaPreviewResponse> {
    return this.request({ method: 'POST', path: 'v1/qa/plans/preview', body: plan, schema: QaPreviewResponseSchema, idempotent: true });
  }

  /** Not retried: a lost answer would record a second plan. */
  qaCreatePlan(plan: QaPlanRequest): Promise<QaPlanCreated> {
    return this.request({ method: 'POST', path: 'v1/qa/plans', body: plan, schema: QaPlanCreatedSchema, idempotent: false });
  }

  qaPlans(): Promise<QaPlanList> {
    return this.request({ method: 'GET', path: 'v1/qa/plans', schema: QaPlanListSchema, idempotent: true });
  }

  qaRecords(query: { from?: string; to?: string; limit?: number }): Promise<QaRecordsResponse> {
    return this.request({ method: 'GET', path: 'v1/qa/records', query, schema: QaRecordsResponseSchema, idempotent: true });
  }

  /** Idempotent: the server applies each clientId once. */
  qaOverride(request: QaOverrideRequest): Promise<QaOverrideResponse> {
    return this.request({ method: 'POST', path: 'v1/qa/overrides', body: request, schema: QaOverrideResponseSchema, idempotent: true });
  }

  qaGolden(): Promise<{ golden: QaGoldenView[] }> {
    return this.request({ method: 'GET', path: 'v1/qa/golden', schema: QaGoldenListSchema, idempotent: true });
  }

  qaRegisterGolden(request: QaGoldenRequest): Promise<QaGoldenView> {
    return this.request({ method: 'POST', path: 'v1/qa/golden', body: request, schema: QaGoldenViewSchema, idempotent: false });
  }
  //#endregion

  async request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>> {
    const attempts = spec.idempotent ? this.o.retries + 1 : 1;
    let lastError: BackendError | null = null;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await this.o.sleep(Math.round(this.o.backoffMs * 2 ** (attempt - 1) * (0.5 + this.o.random())));
      try {
        const result = await this.once(spec, false);
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

  private async once<S extends z.ZodType>(spec: RequestSpec<S>, refreshed: boolean): Promise<z.output<S>> {
    const { baseUrl, token } = await this.o.session.accessToken();
    const url = new URL(spec.path, withSlash(baseUrl));
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method: spec.method,
        headers: { accept: 'application/json', authorization: `Bearer ${token}`, ...(spec.body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new BackendError(timedOut ? 'timeout' : 'offline', timedOut ? `The backend did not answer within ${this.o.timeoutMs} ms.` : `The backend cannot be reached: ${causeOf(err)}`);
    }
    const json: unknown = await res.json().catch(() => null);
    if (res.status === 401 && !refreshed) {
      await this.o.session.refresh();
      return this.once(spec, true);
    }
    if (!res.ok) {
      const err = ErrorResponseSchema.safeParse(json);
      const message = err.success ? err.data.error.message : `HTTP ${res.status}`;
      const field = err.success ? err.data.error.field : undefined;
      const code: BackendErrorCode =
        res.status === 401 ? 'unauthorized' : res.status === 403 ? 'forbidden' : res.status >= 500 || res.status === 429 ? 'server_error' : 'bad_request';
      throw new BackendError(code, message, res.status, field);
    }
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BackendError('invalid_response', `The backend's answer to ${spec.path} is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}`);
    }
    return parsed.data;
  }
}

function toBackendError(err: unknown): BackendError {
  if (err instanceof BackendError) return err;
  if (err instanceof SessionError) {
    return new BackendError(err.code === 'offline' ? 'offline' : 'unauthorized', err.message);
  }
  return new BackendError('server_error', err instanceof Error ? err.message : String(err));
}
