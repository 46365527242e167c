import { z } from 'zod';
import type { IpcChannel, LocalChannel, RelayChannel } from './channels';
import { settingsPatchSchema, type Settings } from './settings';
import {
  CaseIdsRequestSchema,
  ClaimRequestSchema,
  CursorSchema,
  LoginRequestSchema,
  type CaseView,
  type ClaimResponse,
  type HeartbeatResponse,
  type PullResponse,
  type PushResponse,
} from '../api';
import { IdSchema } from '../domain';
import { relayRoutes, type RelayRoute, type RouteDef, type RouteResponse } from '../api/routes';
import type { AppInfo, ConnectionState, DiagnosticsExport, SessionStatus, StartupState, UpdateState } from './types';

/**
 * A channel: a zod schema for its request (parsed in main, from `unknown`) and its response type
 * (carried as a type only; main is the trusted side).
 */
export type ChannelSpec<Req extends z.ZodType, Res> = { readonly request: Req; readonly response?: Res };
const channel =
  <Res>() =>
  <Req extends z.ZodType>(request: Req): ChannelSpec<Req, Res> => ({ request });

/** For channels without arguments: the renderer calls them with none. */
const noArgs = z.undefined();

/**
 * The local store (one per backend and account pair, `SessionStatus.store`) a sync call is made
 * for. Main answers only while that pair is the one signed in, so a renderer still working on a pair
 * that was just switched away from can never pull into, or push out of, the wrong account.
 */
const store = z.string().min(1).max(2000);

/**
 * What main answers a push: the server's results, in the order sent, plus the ids main refused to
 * send because they can never be accepted (they do not fit the wire schema); those carry a
 * `rejected` result of their own.
 */
export type PushAnswer = PushResponse & { quarantined: string[] };
/**
 * The calls main answers itself, written once. `satisfies` makes the compiler refuse a channel missing
 * here or one not listed in channels.ts. Names are `area:action`; the preload groups them as
 * `gavel.<area>.<action>(request)`.
 */
const localContract = {
  /** Product name and version, runtime mode (electron | browser), platform, and the current user. */
  'app:info': channel<AppInfo>()(noArgs),
  /** Round trip through the whole transport; echoes the nonce so tests can prove the path end to end. */
  'app:ping': channel<{ pong: string; at: string }>()(z.strictObject({ nonce: z.string().max(200) })),
  /** The persisted user preferences. */
  'settings:get': channel<Settings>()(noArgs),
  /** Apply a partial update, persist it, broadcast `settings:changed`, and return the full settings. */
  'settings:set': channel<Settings>()(settingsPatchSchema),
  /** The backend connection state as main last observed it (`connection:state` pushes changes). */
  'connection:get': channel<ConnectionState>()(noArgs),
  /** Who is signed in, on which backend, and whether it is the embedded one. */
  'session:status': channel<SessionStatus>()(noArgs),
  /** Sign in to a backend (the configured one when `backendUrl` is omitted); main keeps the tokens. */
  'session:login': channel<SessionStatus>()(
    LoginRequestSchema.extend({ backendUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional() }).strict(),
  ),
  /** Revoke the session on the server when reachable and forget the tokens here. */
  'session:logout': channel<SessionStatus>()(noArgs),
  /** One page of changes after `cursor` (validated against common/api before it is returned). */
  'sync:pull': channel<PullResponse>()(
    z.strictObject({
      store,
      cursor: CursorSchema.optional(),
      limit: z.number().int().min(1).max(1000).default(500),
      policySeq: z.number().int().min(0).optional(),
      snippetsVersion: z.string().max(100).optional(),
      macrosVersion: z.string().max(100).optional(),
    }),
  ),
  /**
   * Push queued mutations in order. Each is checked against the wire schema in main first: one that
   * can never be accepted is answered `rejected` here (listed in `quarantined`) and the rest go out.
   */
  'sync:push': channel<PushAnswer>()(z.strictObject({ store, mutations: z.array(z.unknown()).min(1).max(500) })),
  /** Claim the next cases with a lease (offline mode: the long lease). */
  'sync:claim': channel<ClaimResponse>()(ClaimRequestSchema.extend({ store }).strict()),
  /** Renew the leases of held cases. */
  'sync:heartbeat': channel<HeartbeatResponse>()(CaseIdsRequestSchema.extend({ store }).strict()),
  /** One case as the server holds it now (a conflict being resolved reads the case it concerns). */
  'sync:case': channel<CaseView>()(z.strictObject({ store, caseId: IdSchema })),
  /** Fetch (once) and cache a media item by its sha256; answers a same-origin URL to display it. */
  'media:get': channel<{ url: string; mimeType: string; bytes: number }>()(
    z.strictObject({
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
      uri: z.string().min(1).max(4096),
      mimeType: z.string().min(1).max(200),
      bytes: z.number().int().min(0),
    }),
  ),
  /** Standalone start-up progress now (`app:startup` pushes changes). */
  'app:startup': channel<StartupState>()(noArgs),
  /**
   * Write a diagnostics file (versions, OS, settings without secrets, sync state, the renderer's counts,
   * the last log lines; tokens, passwords, the launch secret and case text redacted) to the data folder.
   */
  'diagnostics:export': channel<DiagnosticsExport>()(
    z.strictObject({
      counts: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/), z.number().int().min(0).max(1e9)).refine((c) => Object.keys(c).length <= 30, 'at most 30 counts'),
    }),
  ),
  /** The update channel's state. */
  'update:status': channel<UpdateState>()(noArgs),
  /** Ask the feed whether a newer version exists. */
  'update:check': channel<UpdateState>()(noArgs),
  /** Download the offered update (its signature and checksum are verified before it can install). */
  'update:download': channel<UpdateState>()(noArgs),
  /** Quit and install the downloaded update; the app restarts into the new version. */
  'update:install': channel<UpdateState>()(noArgs),
} satisfies { [K in LocalChannel]: ChannelSpec<z.ZodType, unknown> };

/**
 * A relay channel's request is its route's body (or query) as the route declares it, made strict: main
 * builds the HTTP request from it, so a key the route does not know is refused here rather than passed on.
 * A route with neither takes its path parameters as the request (`cases:timeline` → `{ caseId }`).
 */
type StrictRequest<S> = S extends z.ZodObject ? ReturnType<S['strict']> : S;
type RelayRequestSchema<R> = R extends { readonly body: infer B }
  ? StrictRequest<B>
  : R extends { readonly query: infer Q }
    ? StrictRequest<Q>
    : R extends { readonly params: infer P }
      ? StrictRequest<P>
      : typeof noArgs;
type RelayContract = { readonly [C in RelayChannel]: ChannelSpec<RelayRequestSchema<RelayRoute<C>>, RouteResponse<RelayRoute<C>>> };

function relayRequest(route: RouteDef): z.ZodType {
  const schema = route.body ?? route.query ?? route.params;
  if (!schema) return noArgs;
  return schema instanceof z.ZodObject ? schema.strict() : schema;
}

/** The channels that relay one HTTP route: request schema and response type come from its entry in common/api/routes.ts. */
const relayContract = Object.fromEntries(Object.entries(relayRoutes).map(([name, route]: [string, RouteDef]) => [name, { request: relayRequest(route) }])) as RelayContract;

/** The IPC contract: every renderer → main call. */
export const ipcContract = { ...localContract, ...relayContract } satisfies { [K in IpcChannel]: ChannelSpec<z.ZodType, unknown> };

/** Every channel main answers: its own and the relays the route table names. */
export const IPC_CHANNELS = Object.keys(ipcContract) as IpcChannel[];
export const isIpcChannel = (value: unknown): value is IpcChannel => typeof value === 'string' && Object.hasOwn(ipcContract, value);

export type IpcContract = typeof ipcContract;
/** What the caller passes (zod input). */
export type IpcRequest<K extends IpcChannel> = z.input<IpcContract[K]['request']>;
/** What the handler receives after parsing (zod output). */
export type IpcParsedRequest<K extends IpcChannel> = z.output<IpcContract[K]['request']>;
export type IpcResponse<K extends IpcChannel> = IpcContract[K] extends ChannelSpec<z.ZodType, infer R> ? R : never;
