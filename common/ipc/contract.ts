import { z } from 'zod';
import type { IpcChannel } from './channels';
import { settingsPatchSchema, type Settings } from './settings';
import {
  CaseIdsRequestSchema,
  ClaimRequestSchema,
  CursorSchema,
  LoginRequestSchema,
  PushRequestSchema,
  QaGoldenRequestSchema,
  QaOverrideRequestSchema,
  QaPlanRequestSchema,
  QaRecordsQuerySchema,
  type QaGoldenView,
  type QaOverrideResponse,
  type QaPlanCreated,
  type QaPlanList,
  type QaPreviewResponse,
  type QaRecordsResponse,
  type ClaimResponse,
  type HeartbeatResponse,
  type PullResponse,
  type PushResponse,
} from '../api';
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
 * The IPC contract: every renderer → main call, written once. `satisfies` makes the compiler refuse a
 * channel missing here or one not listed in channels.ts. Names are `area:action`; the preload groups
 * them as `gavel.<area>.<action>(request)`.
 */
export const ipcContract = {
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
    z.strictObject({ cursor: CursorSchema.optional(), limit: z.number().int().min(1).max(1000).default(500) }),
  ),
  /** Ordered mutations with client ids; the server answers per mutation and applies each id once. */
  'sync:push': channel<PushResponse>()(PushRequestSchema.strict()),
  /** Claim the next cases of a queue with a lease (`mode: offline` for the long offline lease). */
  'sync:claim': channel<ClaimResponse>()(ClaimRequestSchema.strict()),
  /** Renew the leases of the given cases; lost ones are listed with the reason. */
  'sync:heartbeat': channel<HeartbeatResponse>()(CaseIdsRequestSchema.strict()),
  /** Fetch (once) and cache a media item by its sha256; answers a same-origin URL to display it. */
  'media:get': channel<{ url: string; mimeType: string; bytes: number }>()(
    z.strictObject({
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
      uri: z.string().min(1).max(4096),
      mimeType: z.string().min(1).max(200),
      bytes: z.number().int().min(0),
    }),
  ),
  /** Supervisor QA: what a sampling plan would draw now (strata, counts, first items); records nothing. */
  'qa:preview': channel<QaPreviewResponse>()(QaPlanRequestSchema.strict()),
  /** Supervisor QA: record a plan with its seed and draw; the drawn items arrive blind through pull. */
  'qa:createPlan': channel<QaPlanCreated>()(QaPlanRequestSchema.strict()),
  /** Supervisor QA: recorded plans with drawn / reviewed counts. */
  'qa:plans': channel<QaPlanList>()(noArgs),
  /** Supervisor QA: review pairs and decision facts for the dashboard. */
  'qa:records': channel<QaRecordsResponse>()(QaRecordsQuerySchema.strict()),
  /** Supervisor QA: overturn a decision with a reason (idempotent per clientId). */
  'qa:override': channel<QaOverrideResponse>()(QaOverrideRequestSchema.strict()),
  /** Supervisor QA: golden cases with their insertion and accuracy counts. */
  'qa:golden': channel<{ golden: QaGoldenView[] }>()(noArgs),
  /** Supervisor QA: register a golden case (known answer) and its insertion rate. */
  'qa:registerGolden': channel<QaGoldenView>()(QaGoldenRequestSchema.strict()),
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
} satisfies { [K in IpcChannel]: ChannelSpec<z.ZodType, unknown> };

export type IpcContract = typeof ipcContract;
/** What the caller passes (zod input). */
export type IpcRequest<K extends IpcChannel> = z.input<IpcContract[K]['request']>;
/** What the handler receives after parsing (zod output). */
export type IpcParsedRequest<K extends IpcChannel> = z.output<IpcContract[K]['request']>;
export type IpcResponse<K extends IpcChannel> = IpcContract[K] extends ChannelSpec<z.ZodType, infer R> ? R : never;
