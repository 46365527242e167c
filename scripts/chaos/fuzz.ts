/**
 * Property-based fuzzing (fast-check) of every HTTP route and every IPC channel:
 * - HTTP: each route of the route table (common/api/routes.ts, which /openapi.json is built from, so new routes
 *   are fuzzed without touching this file), as a role allowed to call it, on PGlite in memory;
 * - IPC through the real router in main (`createIpcRouter` over `createMainServices`, signed in to
 *   that server);
 * - IPC through the browser-mode host's WebSocket (the real `startHost`), plus malformed frames.
 * Requirements: no 5xx (no `internal` IPC error, its equivalent), every 400 / `invalid_args` names
 * the field, no unhandled rejection or uncaught exception, the host still answers afterwards, and
 * Object.prototype is untouched.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { WebSocket } from 'ws';
import type { z } from 'zod';
import { IPC_CHANNELS, ipcContract } from '@common/ipc/contract';
import { createIpcRouter, type IpcRouter } from '@common/ipc/router';
import { SOCKET_PATH } from '@common/ipc/socket';
import { startHost, type RunningHost } from '../../main/host/host';
import { createMainServices, type MainServices } from '../../main/services/mainServices';
import { routeList, type RouteDef } from '@common/api/routes';
import { makeEnv, seedUsers, type Session, type TestEnv } from '../../testing/serverHarness';
import { fuzzInput, hostile, prototypeFingerprint, type FuzzInput } from './arbitraries';

export type FuzzOptions = { runs: number; seed: number; log: (m: string) => void; only?: RegExp };
export type TargetReport = {
  target: string;
  runs: number;
  ms: number;
  statuses: string;
  failure: string | null;
};
export type FuzzReport = { failures: string[]; targets: TargetReport[] };

type Target = {
  name: string;
  /** Fewer runs where each valid input costs a password hash; said in the report. */
  runs?: (n: number) => number;
  arb: fc.Arbitrary<FuzzInput>;
  /** Returns a problem, or null when the requirements hold; `tally` counts outcomes for the report. */
  check: (input: FuzzInput, tally: (key: string) => void) => Promise<string | null>;
};

const short = (v: unknown) => {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s;
};

/** Raw bodies JSON cannot express: broken syntax, NaN, unclosed nesting, a lone surrogate. */
const RAW_BODIES = [
  '{"oops":',
  'NaN',
  '{"x": Infinity}',
  '\u0000',
  '['.repeat(100_000),
  '{"a":"\ud800"}',
  '"just a string"',
  '{"__proto__":{"polluted":1}}',
  '',
];

function isErrorEnvelope(
  body: unknown,
): body is { error: { code: string; message: string; field?: unknown } } {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof e?.code === 'string' && typeof e.message === 'string';
}

// ── HTTP ─────────────────────────────────────────────────────────────────
/** A path parameter from a fuzzed value, every UTF-8 byte percent-encoded (lone surrogates included). */
function pathSegment(params: unknown, name: string): string {
  const own =
    params && typeof params === 'object' && Object.hasOwn(params, name)
      ? (params as Record<string, unknown>)[name]
      : params;
  const text = typeof own === 'string' ? own : short(own);
  // Raw %-sequences (valid or broken) go out as they are: the router must cope with both.
  if (text.startsWith('%')) return text;
  const encoded = [...Buffer.from(text.slice(0, 1000), 'utf8')]
    .map((b) => `%${b.toString(16).padStart(2, '0')}`)
    .join('');
  return encoded || 'x';
}

function httpTargets(env: TestEnv, sessions: Record<string, Session>): Target[] {
  const roleSession = (r: RouteDef): Session | null => {
    if (r.roles === 'public') return null;
    const pick = r.roles.includes('arbitrator') ? 'arb1' : r.roles.includes('supervisor') ? 'sup1' : 'admin';
    return sessions[pick]!;
  };
  const hashes = (r: RouteDef) => r.path === '/v1/auth/login' || r.path === '/v1/admin/users';
  return routeList.filter((r) => r.path !== '/v1/auth/logout') // revokes the token it is called with; covered by the RBAC test
    .map((r) => {
      const inputSchema = (r.method === 'GET' ? r.query : r.body) ?? r.params;
      const weights = hashes(r) ? { validish: 1, mutated: 10, hostile: 10 } : undefined;
      const arb = fc.tuple(
        fuzzInput(inputSchema, weights),
        fuzzInput(r.params),
        fc.option(fc.constantFrom(...RAW_BODIES), { freq: 10 }),
        fc.boolean(),
      );
      return {
        name: `HTTP ${r.method} ${r.path}`,
        arb: arb.map(([body, params, raw, ndjson]) => ({
          kind: body.kind,
          value: { body: body.value, params: params.value, raw, ndjson },
        })),
        async check(input, tally) {
          const { body, params, raw, ndjson } = input.value as {
            body: unknown;
            params: unknown;
            raw: string | null;
            ndjson: boolean;
          };
          const url = r.path.replace(/:(\w+)/g, (_, name: string) => pathSegment(params, name));
          const s = roleSession(r);
          const headers: Record<string, string> = s ? { authorization: `Bearer ${s.token}` } : {};
          let res;
          if (r.method === 'GET') {
            const q = new URLSearchParams();
            if (body && typeof body === 'object' && !Array.isArray(body))
              for (const [k, v] of Object.entries(body)) q.append(k, typeof v === 'string' ? v : short(v));
            else if (body !== undefined) q.append('q', short(body));
            res = await env.app.inject({ method: 'GET', url: `${url}?${q.toString()}`, headers });
          } else {
            const payload =
              raw ??
              (r.streamed
                ? ndjson
                  ? `${JSON.stringify(body) ?? 'null'}\n`
                  : JSON.stringify([body])
                : (JSON.stringify(body) ?? 'null'));
            const type = r.streamed && ndjson && raw === null ? 'application/x-ndjson' : 'application/json';
            res = await env.app.inject({
              method: 'POST',
              url,
              headers: { ...headers, 'content-type': type },
              payload,
            });
          }
          tally(String(res.statusCode));
          if (res.statusCode >= 500) return `HTTP ${res.statusCode}: ${res.body.slice(0, 300)}`;
          if (res.statusCode >= 400) {
            let json: unknown;
            try {
              json = JSON.parse(res.body);
            } catch {
              return `HTTP ${res.statusCode} without a JSON error body: ${res.body.slice(0, 200)}`;
            }
            if (!isErrorEnvelope(json))
              return `HTTP ${res.statusCode} without {error:{code,message}}: ${res.body.slice(0, 200)}`;
            if (res.statusCode === 400 && (typeof json.error.field !== 'string' || json.error.field === ''))
              return `HTTP 400 without error.field: ${res.body.slice(0, 200)}`;
          }
          return null;
        },
      } satisfies Target;
    });
}

// ── IPC ──────────────────────────────────────────────────────────────────
/** Main must never reach past loopback while fuzzed: any URL it is handed points at the fuzz server. */
function sandboxUrls(v: unknown, local: string): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
  for (const key of ['backendUrl', 'uri']) {
    const value = out[key];
    // Only http(s) leaves the machine; other schemes (file:, javascript:, data:) go through as they
    // are, for main to refuse.
    if (typeof value !== 'string' || !/^https?:/i.test(value)) continue;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      continue; // not a URL main could fetch anyway
    }
    out[key] = new URL(`/sandbox${parsed.pathname}`, local).toString();
  }
  return out;
}

type IpcCall = (channel: string, request: unknown) => Promise<unknown>;

function checkIpcResult(result: unknown): string | null {
  const r = result as { ok?: unknown; error?: { code?: unknown; message?: unknown; field?: unknown } } | null;
  if (!r || typeof r.ok !== 'boolean') return `not an IpcResult: ${short(result)}`;
  if (r.ok) return null;
  if (typeof r.error?.code !== 'string' || typeof r.error.message !== 'string')
    return `malformed error: ${short(result)}`;
  if (r.error.code === 'internal') return `internal error (a handler threw unexpectedly): ${r.error.message}`;
  // The fuzz backend is up and healthy, so this is a 5xx from the server seen through main.
  if (r.error.code === 'server_error') return `the backend answered a 5xx through main: ${r.error.message}`;
  if (r.error.code === 'invalid_args' && (typeof r.error.field !== 'string' || r.error.field === ''))
    return `invalid_args without field: ${r.error.message}`;
  return null;
}

function ipcTargets(transport: string, call: IpcCall, localUrl: string): Target[] {
  return IPC_CHANNELS.map((channel) => {
    const schema: z.ZodType = ipcContract[channel].request;
    const weights = channel === 'session:login' ? { validish: 1, mutated: 10, hostile: 10 } : undefined;
    return {
      name: `IPC ${transport} ${channel}`,
      arb: fuzzInput(schema, weights),
      async check(input, tally) {
        const result = (await call(channel, sandboxUrls(input.value, localUrl))) as {
          ok: boolean;
          error?: { code: string };
        };
        tally(result?.ok ? 'ok' : (result?.error?.code ?? '?'));
        return checkIpcResult(result);
      },
    } satisfies Target;
  });
}

/** Unknown channels and foreign senders must be refused before any handler runs. */
function routerGateTarget(router: IpcRouter): Target {
  return {
    name: 'IPC router: unknown channels and foreign senders',
    arb: fc
      .tuple(
        fc.oneof(fc.string(), hostile, fc.constantFrom(...IPC_CHANNELS)),
        hostile,
        fc.oneof(
          fc.webUrl(),
          fc.constantFrom('app://gavel/', 'app://gavel.evil/', 'file:///etc/passwd', 'null', ''),
        ),
        fc.boolean(),
      )
      .map(([channel, request, url, isMainFrame]) => ({
        kind: 'hostile' as const,
        value: { channel, request, url, isMainFrame },
      })),
    async check(input, tally) {
      const { channel, request, url, isMainFrame } = input.value as {
        channel: unknown;
        request: unknown;
        url: string;
        isMainFrame: boolean;
      };
      const result = await router.handle(channel, request, { url, isMainFrame });
      tally(result.ok ? 'ok' : result.error.code);
      const known = typeof channel === 'string' && (IPC_CHANNELS as readonly string[]).includes(channel);
      const ours = isMainFrame && url.startsWith('app://gavel/');
      if (!known)
        return result.ok || result.error.code !== 'unknown_channel'
          ? `unknown channel ${short(channel)} not refused: ${short(result)}`
          : null;
      if (!ours)
        return result.ok || result.error.code !== 'forbidden_sender'
          ? `foreign sender ${url} (main frame: ${isMainFrame}) not refused: ${short(result)}`
          : null;
      return checkIpcResult(result);
    },
  };
}

/** A WebSocket to the host, authenticated like the app (launch secret → cookie, own Origin). */
class HostSocket {
  private ws: WebSocket | null = null;
  private nextId = 1;
  private waiting = new Map<number, (v: unknown) => void>();
  private cookie = '';
  constructor(private readonly host: RunningHost) {}
  async connect(): Promise<void> {
    if (!this.cookie) {
      const res = await fetch(this.host.launchUrl(), { redirect: 'manual' });
      this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    }
    const ws = new WebSocket(`ws://127.0.0.1:${this.host.port}${SOCKET_PATH}`, {
      headers: { origin: this.host.origin, cookie: this.cookie },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_q, r) =>
        reject(new Error(`host refused the socket: ${r.statusCode}`)),
      );
    });
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as { type: string; id?: number; result?: unknown };
      if (msg.type === 'result' && msg.id !== undefined) this.waiting.get(msg.id)?.(msg.result);
    });
    this.ws = ws;
  }
  /**
   * One call. A socket the host closed under us (it does so after a malformed frame, which may still
   * have been in transit when the previous check moved on) costs one reconnect and a resend.
   */
  async invoke(channel: string, request: unknown, retried = false): Promise<unknown> {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) await this.connect();
    const ws = this.ws!;
    const id = this.nextId++;
    const frame = JSON.stringify({ type: 'invoke', id, channel, request });
    return new Promise((resolve, reject) => {
      const onClose = () => {
        clearTimeout(timer);
        this.waiting.delete(id);
        if (retried) reject(new Error(`the host closed the socket twice during ${channel}`));
        else resolve(this.invoke(channel, request, true));
      };
      const timer = setTimeout(() => {
        ws.off('close', onClose);
        reject(new Error(`no answer from the host for ${channel} within 20 s`));
      }, 20_000);
      this.waiting.set(id, (v) => {
        clearTimeout(timer);
        ws.off('close', onClose);
        this.waiting.delete(id);
        resolve(v);
      });
      ws.once('close', onClose);
      ws.send(frame);
    });
  }
  /** Sends a raw frame; resolves with the close code if the host hung up, or null if it kept the socket. */
  async raw(frame: string | Buffer, binary: boolean): Promise<number | null> {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) await this.connect();
    const ws = this.ws!;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        ws.off('close', onClose);
        resolve(null);
      }, 200);
      const onClose = (code: number) => {
        clearTimeout(timer);
        resolve(code);
      };
      ws.once('close', onClose);
      ws.send(frame, { binary });
    });
  }
  close(): void {
    this.ws?.terminate();
  }
}

function frameTarget(socket: HostSocket): Target {
  const frames = fc.oneof(
    fc.string({ maxLength: 200 }).map((s) => ({ frame: s, binary: false })),
    hostile.map((v) => ({ frame: short(v), binary: false })),
    fc
      .record({
        type: fc.oneof(fc.constant('invoke'), hostile),
        id: fc.oneof(fc.integer(), hostile),
        channel: fc.oneof(fc.constantFrom(...IPC_CHANNELS), hostile),
      })
      .map((v) => ({ frame: JSON.stringify(v) ?? 'null', binary: false })),
    fc.uint8Array({ maxLength: 64 }).map((b) => ({ frame: Buffer.from(b), binary: true })),
    fc.constant({ frame: 'x'.repeat(1024 * 1024 + 10), binary: false }),
  );
  return {
    name: 'IPC host WebSocket: malformed frames',
    arb: frames.map((value) => ({ kind: 'hostile' as const, value })),
    async check(input, tally) {
      const { frame, binary } = input.value as { frame: string | Buffer; binary: boolean };
      const code = await socket.raw(frame, binary);
      tally(code === null ? 'kept' : `closed ${code}`);
      // A malformed frame costs the sender its socket (1008 policy / 1009 too big); the host lives on.
      if (code !== null && code !== 1008 && code !== 1009) return `socket closed with ${code}`;
      const alive = (await socket.invoke('app:ping', { nonce: 'alive' })) as { ok?: boolean };
      return alive?.ok ? null : `host stopped answering after ${short(frame)}`;
    },
  };
}

// ── runner ───────────────────────────────────────────────────────────────
async function runTarget(t: Target, runs: number, seed: number): Promise<TargetReport> {
  const counts = new Map<string, number>();
  const tally = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  const started = Date.now();
  let problem: string | null = null;
  const n = t.runs ? t.runs(runs) : runs;
  const out = await fc.check(
    fc.asyncProperty(t.arb, async (input) => {
      const p = await t.check(input, tally);
      if (p) problem = p;
      return p === null;
    }),
    { numRuns: n, seed, endOnFailure: true },
  );
  const statuses = [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}×${v}`)
    .join(' ');
  let failure: string | null = null;
  if (out.failed) {
    // The whole input, for a replay; the report line shows only its start.
    const file = path.join('test-results', `fuzz-failure-${t.name.replace(/[^\w]+/g, '_')}.json`);
    mkdirSync('test-results', { recursive: true });
    writeFileSync(file, JSON.stringify(out.counterexample?.[0] ?? null, null, 2));
    failure = `${problem ?? String(out.errorInstance)} ← input ${short(out.counterexample?.[0])} (whole input: ${file})`;
  }
  return { target: t.name, runs: out.numRuns, ms: Date.now() - started, statuses, failure };
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const fingerprint = prototypeFingerprint();
  const crashes: string[] = [];
  const onRejection = (e: unknown) => crashes.push(`unhandled rejection: ${String(e)}`);
  const onException = (e: unknown) => crashes.push(`uncaught exception: ${String(e)}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gavel-fuzz-'));
  let env: TestEnv | undefined;
  let services: MainServices | undefined;
  let host: RunningHost | undefined;
  let socket: HostSocket | undefined;
  const reports: TargetReport[] = [];
  try {
    env = await makeEnv('pglite');
    const sessions = await seedUsers(env.app, ['arb1', 'sup1', 'admin']);
    const localUrl = await env.app.listen({ host: '127.0.0.1', port: 0 });

    // Main's services, signed in to the fuzz server, behind the real router.
    services = await createMainServices({
      dataDir: path.join(dir, 'main'),
      mode: 'electron',
      standalone: false,
    });
    await services.sync.login(localUrl, 'arb1', 'password-arb1');
    const router = createIpcRouter(services.handlers, { allowedOrigins: ['app://gavel'] });
    const sender = { url: 'app://gavel/index.html', isMainFrame: true };

    // The browser-mode host: its own services, same contract over the WebSocket. It serves no page
    // here (the socket needs none), so a placeholder page and bridge stand in for out/.
    const renderer = path.join(dir, 'renderer');
    mkdirSync(renderer, { recursive: true });
    writeFileSync(
      path.join(renderer, 'index.html'),
      '<!doctype html><html><head></head><body></body></html>',
    );
    writeFileSync(path.join(dir, 'bridge.js'), '');
    host = await startHost({
      rendererDir: renderer,
      bridgeFile: path.join(dir, 'bridge.js'),
      dataDir: path.join(dir, 'host'),
      standalone: false,
    });
    socket = new HostSocket(host);
    const hostSocket = socket;

    const targets: Target[] = [
      ...httpTargets(env, sessions),
      ...ipcTargets('router', (c, r) => router.handle(c, r, sender), localUrl),
      routerGateTarget(router),
      ...ipcTargets('host-ws', (c, r) => hostSocket.invoke(c, r), localUrl),
      frameTarget(hostSocket),
    ].filter((t) => !o.only || o.only.test(t.name));
    o.log(`\n━━ fuzz: ${targets.length} targets × ${o.runs} inputs (seed ${o.seed})`);
    for (const t of targets) {
      const report = await runTarget(t, o.runs, o.seed);
      reports.push(report);
      o.log(
        `  ${report.failure ? 'FAIL' : 'ok  '}  ${report.target.padEnd(52)} ${String(report.runs).padStart(6)} in ${(report.ms / 1000).toFixed(1).padStart(5)} s  ${report.failure ?? report.statuses}`,
      );
    }
    const alive = (await hostSocket.invoke('app:ping', { nonce: 'end' })) as { ok?: boolean };
    if (!alive?.ok) crashes.push('the host no longer answers app:ping');
  } finally {
    socket?.close();
    await host?.close().catch(() => undefined);
    await services?.dispose().catch(() => undefined);
    await env?.close().catch(() => undefined);
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    rmSync(dir, { recursive: true, force: true });
  }
  const failures = reports.filter((r) => r.failure).map((r) => `fuzz ${r.target}: ${r.failure}`);
  failures.push(...crashes);
  if (prototypeFingerprint() !== fingerprint || ({} as Record<string, unknown>).polluted !== undefined)
    failures.push('Object.prototype (or a sibling) was modified during fuzzing');
  return { failures, targets: reports };
}
