/**
 * Every HTTP route of the backend, declared once, as data. The server registers each entry (auth,
 * role check and validation in server/routes/define.ts; a route file only binds a handler), builds
 * /openapi.json from it and tests every entry against every role; main's BackendClient calls any
 * entry with one typed method; an entry that names an IPC channel becomes that channel, with its
 * request schema and response type taken from here. Pure: zod and common/ only.
 *
 * `/healthz`, `/readyz` and `/openapi.json` are served beside this table (server/app.ts): they are
 * the server describing itself, not part of the API contract; server/openapi.ts lists them too.
 */
import type { z } from 'zod';
import { CaseBundleSchema, storable } from '../domain';
import {
  AuditCheckpointSchema,
  CreateUserRequestSchema,
  LoginRequestSchema,
  OkResponseSchema,
  PasswordResetRequestSchema,
  RefreshRequestSchema,
  TokenResponseSchema,
  UserIdParamsSchema,
  UserViewSchema,
  type Role,
} from './auth';
import {
  CaseIdParamsSchema,
  CaseIdsRequestSchema,
  CaseViewSchema,
  ClaimRequestSchema,
  ClaimResponseSchema,
  HeartbeatResponseSchema,
  ReleaseResponseSchema,
} from './cases';
import { DemoMediaParamsSchema, DemoMediaResponseSchema } from './demo';
import { ImportResponseSchema } from './import';
import { NoticeListSchema, NoticesReadRequestSchema, NoticesReadResponseSchema } from './notices';
import {
  AddEvidenceRequestSchema,
  AppealRequestSchema,
  CaseStateResponseSchema,
  EventsQuerySchema,
  EventsResponseSchema,
  ExternalIdParamsSchema,
  QaSampleQuerySchema,
  QaSampleResponseSchema,
  WithdrawRequestSchema,
} from './platform';
import {
  QaGoldenListSchema,
  QaGoldenRequestSchema,
  QaGoldenViewSchema,
  QaOverrideRequestSchema,
  QaOverrideResponseSchema,
  QaPlanCreatedSchema,
  QaPlanListSchema,
  QaPlanRequestSchema,
  QaPreviewResponseSchema,
  QaRecordsQuerySchema,
  QaRecordsResponseSchema,
} from './qa';
import { PrecedentsResponseSchema } from './precedents';
import { PolicyListResponseSchema, PolicyVersionParamsSchema, PolicyVersionViewSchema, PublishPolicyRequestSchema, WhatIfRequestSchema, WhatIfResponseSchema } from './policies';
import { MacroDeleteRequestSchema, MacroListSchema, MacroSaveRequestSchema, MacroSchema } from './macros';
import { SnippetDeleteRequestSchema, SnippetListSchema, SnippetSaveRequestSchema, SnippetSchema } from './snippets';
import { PullQuerySchema, PullResponseSchema, PushRequestSchema, PushResponseSchema } from './sync';
import { WorkforceActionResponseSchema, WorkforceQuerySchema, WorkforceReassignRequestSchema, WorkforceReleaseRequestSchema, WorkforceViewSchema } from './workforce';
import { CaseTimelineSchema } from './timeline';
import { RoutingArbitratorSchema, RoutingCandidatesQuerySchema, RoutingCandidatesSchema, RoutingRuleSchema, RoutingRuleViewSchema, RoutingViewSchema, SkillsSaveRequestSchema } from './routing';
import { CaseLinksResponseSchema } from './links';

export type HttpMethod = 'GET' | 'POST';

export type RouteDef = {
  readonly method: HttpMethod;
  /** `:name` segments are path parameters, described by `params`. */
  readonly path: string;
  readonly summary: string;
  /** 'public' routes need no token; otherwise the roles allowed. */
  readonly roles: readonly Role[] | 'public';
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly response: z.ZodType;
  /** Status of a successful answer; 200 when omitted. */
  readonly status?: number;
  /** The handler reads the body as a stream (JSON array or NDJSON); `body` then describes one item. */
  readonly streamed?: boolean;
  /**
   * Safe to send again when the answer was lost: the client retries it on transient failures (with
   * jittered backoff) and never retries the others.
   */
  readonly idempotent: boolean;
  /**
   * The IPC channel (`area:action`) that relays this route unchanged from the renderer, if any: the
   * renderer calls it as `relayCalls('area').action(request)`; nothing else lists it.
   */
  readonly ipc?: `${string}:${string}`;
  /** Content type of a successful answer that is bytes, not JSON (a file): `response` then describes nothing. */
  readonly produces?: readonly string[];
  /** Requests per minute from one source address; past it, 429 `rate_limited` with Retry-After (doubling while it goes on). */
  readonly rateLimit?: { readonly perMinute: number };
};

const EVERYONE = ['arbitrator', 'supervisor', 'admin'] as const;
/** Roles that claim and decide cases. */
const WORKERS = ['arbitrator', 'supervisor'] as const;
/** Platform integrations authenticate as admin accounts (service users). */
const PLATFORM = ['admin'] as const;
const QA = ['supervisor', 'admin'] as const;

const table = {
  //#region Auth (server/routes/auth.ts)
  login: {
    method: 'POST',
    path: '/v1/auth/login',
    summary: 'Password login: access token (15 min) + refresh token; throttled per account and per address (429 rate_limited, Retry-After)',
    roles: 'public',
    body: LoginRequestSchema,
    response: TokenResponseSchema,
    idempotent: false,
    rateLimit: { perMinute: 60 },
  },
  refresh: {
    method: 'POST',
    path: '/v1/auth/refresh',
    summary: 'Rotate the refresh token; a retry within 30 s gets the same pair once, any other reuse closes the session',
    roles: 'public',
    body: RefreshRequestSchema,
    response: TokenResponseSchema,
    idempotent: false,
    rateLimit: { perMinute: 120 },
  },
  logout: { method: 'POST', path: '/v1/auth/logout', summary: 'Revoke this session (access and refresh tokens)', roles: EVERYONE, response: OkResponseSchema, idempotent: true },
  me: { method: 'GET', path: '/v1/me', summary: 'The caller', roles: EVERYONE, response: UserViewSchema, idempotent: true },
  createUser: { method: 'POST', path: '/v1/admin/users', summary: 'Create a user', roles: ['admin'], body: CreateUserRequestSchema, response: UserViewSchema, status: 201, idempotent: false },
  revokeUser: { method: 'POST', path: '/v1/admin/users/:userId/revoke', summary: "Revoke all of a user's tokens", roles: ['admin'], params: UserIdParamsSchema, response: OkResponseSchema, idempotent: true },
  disableUser: {
    method: 'POST',
    path: '/v1/admin/users/:userId/disable',
    summary: 'Disable an account: it cannot sign in and its tokens are revoked (audited)',
    roles: ['admin'],
    params: UserIdParamsSchema,
    response: OkResponseSchema,
    idempotent: true,
  },
  auditCheckpoint: {
    method: 'GET',
    path: '/v1/admin/audit/checkpoint',
    summary: "The audit chain's head (position, hash, time), signed with the audit key: keep it elsewhere, verify against it with audit:verify --checkpoint",
    roles: ['admin'],
    response: AuditCheckpointSchema,
    idempotent: true,
  },
  enableUser: { method: 'POST', path: '/v1/admin/users/:userId/enable', summary: 'Re-enable an account (audited)', roles: ['admin'], params: UserIdParamsSchema, response: OkResponseSchema, idempotent: true },
  resetPassword: {
    method: 'POST',
    path: '/v1/admin/users/:userId/password',
    summary: "Set a new password; the account's sessions end (audited, the password is not)",
    roles: ['admin'],
    params: UserIdParamsSchema,
    body: PasswordResetRequestSchema,
    response: OkResponseSchema,
    idempotent: true,
  },
  //#endregion

  //#region Cases (server/routes/cases.ts)
  /** Not idempotent: a lost answer would leave cases claimed that the client never saw (they return on lease expiry). */
  claim: {
    method: 'POST',
    path: '/v1/claims',
    summary: 'Claim the next N cases (priority, then dueAt, oldest first) with a lease',
    roles: WORKERS,
    body: ClaimRequestSchema,
    response: ClaimResponseSchema,
    idempotent: false,
  },
  heartbeat: { method: 'POST', path: '/v1/claims/heartbeat', summary: 'Renew leases on held cases', roles: WORKERS, body: CaseIdsRequestSchema, response: HeartbeatResponseSchema, idempotent: true },
  release: { method: 'POST', path: '/v1/claims/release', summary: 'Hand held cases back to the queue', roles: WORKERS, body: CaseIdsRequestSchema, response: ReleaseResponseSchema, idempotent: true },
  caseById: { method: 'GET', path: '/v1/cases/:caseId', summary: 'One case; arbitrators see only cases they hold', roles: EVERYONE, params: CaseIdParamsSchema, response: CaseViewSchema, idempotent: true },
  casePrecedents: {
    method: 'GET',
    path: '/v1/cases/:caseId/precedents',
    summary: "The most similar decided cases of the same kind (verdict, reasons, the note's first line, score and why) and the verdicts of the close ones; arbitrators only for cases they hold, never for a case under the caller's blind review",
    roles: WORKERS,
    params: CaseIdParamsSchema,
    response: PrecedentsResponseSchema,
    idempotent: true,
    ipc: 'precedents:forCase',
  },
  caseTimeline: {
    method: 'GET',
    path: '/v1/cases/:caseId/timeline',
    summary: "Every event of one case, oldest first (imported, assessed, claimed, evidence, escalated, decided, overridden, appealed, withdrawn), with who and when; arbitrators see only cases they hold, never a case under the caller's blind review",
    roles: WORKERS,
    params: CaseIdParamsSchema,
    response: CaseTimelineSchema,
    idempotent: true,
    ipc: 'cases:timeline',
  },
  caseLinks: {
    method: 'GET',
    path: '/v1/cases/:caseId/links',
    summary: "The cases linked to one (sharing a party, tracking number, ring address, affiliate or media hash), each with its status, holder, findings, amount and why it links; arbitrators only for cases they hold, never for a case under the caller's blind review",
    roles: WORKERS,
    params: CaseIdParamsSchema,
    response: CaseLinksResponseSchema,
    idempotent: true,
    ipc: 'cases:links',
  },
  //#endregion

  //#region Sync (server/routes/sync.ts)
  pull: { method: 'GET', path: '/v1/sync/pull', summary: 'Changes after a cursor, scoped to the caller, paged', roles: EVERYONE, query: PullQuerySchema, response: PullResponseSchema, idempotent: true },
  /** Idempotent: the server applies each mutation's clientId once and answers a repeat with the stored result. */
  push: {
    method: 'POST',
    path: '/v1/sync/push',
    summary: 'Apply ordered mutations, each once, each in its own transaction',
    roles: WORKERS,
    body: PushRequestSchema,
    response: PushResponseSchema,
    idempotent: true,
  },
  //#endregion

  //#region Policies (server/routes/policies.ts)
  policies: { method: 'GET', path: '/v1/policies', summary: 'Every policy version with the instant it takes effect, and the version in force now', roles: EVERYONE, response: PolicyListResponseSchema, idempotent: true },
  policyVersion: {
    method: 'GET',
    path: '/v1/policies/:version',
    summary: 'One policy version: the document, and per complaint kind its reason codes and remedies with zh and en labels',
    roles: EVERYONE,
    params: PolicyVersionParamsSchema,
    response: PolicyVersionViewSchema,
    idempotent: true,
  },
  /** Idempotent: versions are immutable, so publishing the same document again answers the same; a different one under that name is a 409. */
  publishPolicy: {
    method: 'POST',
    path: '/v1/policies',
    summary: 'Publish a new policy version (admins); its effectiveFrom must be in the future. Audited',
    roles: ['admin'],
    body: PublishPolicyRequestSchema,
    response: PolicyVersionViewSchema,
    status: 201,
    idempotent: true,
    ipc: 'policy:publish',
  },
  /** Idempotent: it reads and computes, and stores nothing. */
  policyWhatIf: {
    method: 'POST',
    path: '/v1/policies/what-if',
    summary: "What a draft policy would flip (findings, eligibility, decision validity) over the open cases and the latest decided ones, one slice per call; stores nothing",
    roles: QA,
    body: WhatIfRequestSchema,
    response: WhatIfResponseSchema,
    idempotent: true,
    ipc: 'policy:whatIf',
  },
  //#endregion

  //#region Note snippets (server/routes/snippets.ts): pull delivers them to every desk; supervisors edit them
  snippets: { method: 'GET', path: '/v1/snippets', summary: 'Every note snippet (per kind, with {{variables}}) and the list version', roles: EVERYONE, response: SnippetListSchema, idempotent: true, ipc: 'snippets:list' },
  /** Idempotent: the client picks the id, so saving again replaces the same snippet with the same fields. */
  saveSnippet: {
    method: 'POST',
    path: '/v1/snippets',
    summary: 'Create a note snippet (a new id) or replace one (an existing id); an unknown {{variable}} is a 400 naming `text`. Audited',
    roles: QA,
    body: SnippetSaveRequestSchema,
    response: SnippetSchema,
    idempotent: true,
    ipc: 'snippets:save',
  },
  deleteSnippet: {
    method: 'POST',
    path: '/v1/snippets/delete',
    summary: 'Delete a note snippet. Audited',
    roles: QA,
    body: SnippetDeleteRequestSchema,
    response: OkResponseSchema,
    idempotent: true,
    ipc: 'snippets:delete',
  },
  //#endregion

  //#region Macros (server/routes/macros.ts): pull delivers them too; supervisors edit the shared ones, each user their own personal ones
  macros: { method: 'GET', path: '/v1/macros', summary: "The shared macros and the caller's personal ones (per kind: verdict, reasons, remedies, note template, side action) and the list version", roles: EVERYONE, response: MacroListSchema, idempotent: true, ipc: 'macros:list' },
  /** Idempotent: the client picks the id, so saving again replaces the same macro with the same fields. */
  saveMacro: {
    method: 'POST',
    path: '/v1/macros',
    summary:
      "Create a macro (a new id) or replace one (an existing id). Shared ones: supervisors and admins only; personal ones: their owner only (403 otherwise). A reason code, remedy or evidence category the kind does not have, or an unknown {{variable}}, is a 400 naming the field. Audited",
    roles: EVERYONE,
    body: MacroSaveRequestSchema,
    response: MacroSchema,
    idempotent: true,
    ipc: 'macros:save',
  },
  deleteMacro: {
    method: 'POST',
    path: '/v1/macros/delete',
    summary: 'Delete a macro: a shared one by a supervisor or admin, a personal one by its owner (403 otherwise; 404 for one the caller cannot see). Audited',
    roles: EVERYONE,
    body: MacroDeleteRequestSchema,
    response: OkResponseSchema,
    idempotent: true,
    ipc: 'macros:delete',
  },
  //#endregion

  //#region Import (server/routes/import.ts)
  import: {
    method: 'POST',
    path: '/v1/import',
    summary: 'Import case bundles (JSON array or NDJSON), idempotent by externalId; per-item results',
    roles: PLATFORM,
    body: CaseBundleSchema,
    streamed: true,
    response: ImportResponseSchema,
    idempotent: true,
  },
  //#endregion

  //#region Platform (server/routes/platform.ts)
  withdraw: {
    method: 'POST',
    path: '/v1/platform/cases/:externalId/withdraw',
    summary: 'Complainant withdraws (serious kinds keep the penalty review)',
    roles: PLATFORM,
    params: ExternalIdParamsSchema,
    body: WithdrawRequestSchema,
    response: CaseStateResponseSchema,
    idempotent: true,
  },
  addEvidence: {
    method: 'POST',
    path: '/v1/platform/cases/:externalId/evidence',
    summary: 'Append evidence; findings are recomputed and the holder sees it in pull',
    roles: PLATFORM,
    params: ExternalIdParamsSchema,
    body: AddEvidenceRequestSchema,
    response: CaseStateResponseSchema,
    idempotent: false,
  },
  appeal: {
    method: 'POST',
    path: '/v1/platform/cases/:externalId/appeal',
    summary: 'Appeal a decision; a different arbitrator re-decides',
    roles: PLATFORM,
    params: ExternalIdParamsSchema,
    body: AppealRequestSchema,
    response: CaseStateResponseSchema,
    idempotent: false,
  },
  events: { method: 'GET', path: '/v1/events', summary: 'Decision / withdrawal / appeal feed for the platform', roles: PLATFORM, query: EventsQuerySchema, response: EventsResponseSchema, idempotent: true },
  qaSample: {
    method: 'GET',
    path: '/v1/qa/sample',
    summary: 'Random sample of decided cases for blind re-review (supervisors)',
    roles: ['supervisor'],
    query: QaSampleQuerySchema,
    response: QaSampleResponseSchema,
    idempotent: true,
  },
  //#endregion

  //#region Supervisor QA (server/routes/qa.ts); blind reviews travel by sync push/pull
  qaPreview: {
    method: 'POST',
    path: '/v1/qa/plans/preview',
    summary: 'What a sampling plan would draw now (strata, counts, first items); records nothing',
    roles: QA,
    body: QaPlanRequestSchema,
    response: QaPreviewResponseSchema,
    idempotent: true,
    ipc: 'qa:preview',
  },
  /** Not idempotent: a lost answer would record a second plan. */
  qaCreatePlan: {
    method: 'POST',
    path: '/v1/qa/plans',
    summary: 'Record a sampling plan with its seed and draw; drawn decisions become blind review items',
    roles: QA,
    body: QaPlanRequestSchema,
    response: QaPlanCreatedSchema,
    status: 201,
    idempotent: false,
    ipc: 'qa:createPlan',
  },
  qaPlans: { method: 'GET', path: '/v1/qa/plans', summary: 'Recorded sampling plans (a supervisor sees the ones it made or reviews)', roles: QA, response: QaPlanListSchema, idempotent: true, ipc: 'qa:plans' },
  qaRegisterGolden: {
    method: 'POST',
    path: '/v1/qa/golden',
    summary: 'Register a golden case (known answer) inserted into claims at a rate',
    roles: QA,
    body: QaGoldenRequestSchema,
    response: QaGoldenViewSchema,
    status: 201,
    idempotent: false,
    ipc: 'qa:registerGolden',
  },
  qaGolden: { method: 'GET', path: '/v1/qa/golden', summary: 'Golden cases with how often they were inserted and answered correctly', roles: QA, response: QaGoldenListSchema, idempotent: true, ipc: 'qa:golden' },
  /** Idempotent: the server applies each clientId once. */
  qaOverride: {
    method: 'POST',
    path: '/v1/qa/overrides',
    summary: "Overturn a decision with a reason: event, audit row, and a notice in the arbitrator's pull",
    roles: ['supervisor'],
    body: QaOverrideRequestSchema,
    response: QaOverrideResponseSchema,
    idempotent: true,
    ipc: 'qa:override',
  },
  qaRecords: {
    method: 'GET',
    path: '/v1/qa/records',
    summary: 'Review pairs and decision facts for the QA dashboard, most recent first',
    roles: QA,
    query: QaRecordsQuerySchema,
    response: QaRecordsResponseSchema,
    idempotent: true,
    ipc: 'qa:records',
  },
  //#endregion
  //#region Notices (server/routes/notices.ts): overrides and QA results on the caller's own decisions
  notices: {
    method: 'GET',
    path: '/v1/notices',
    summary: "The caller's inbox: overrides and QA review results on their decisions, newest first, with read state",
    roles: WORKERS,
    response: NoticeListSchema,
    idempotent: true,
    ipc: 'notices:list',
  },
  noticesRead: {
    method: 'POST',
    path: '/v1/notices/read',
    summary: "Mark some of the caller's notices read (on every machine they use); marking twice changes nothing",
    roles: WORKERS,
    body: NoticesReadRequestSchema,
    response: NoticesReadResponseSchema,
    idempotent: true,
    ipc: 'notices:markRead',
  },
  //#endregion

  //#region Workforce (server/routes/workforce.ts): the supervisor's view of who holds what
  workforce: {
    method: 'GET',
    path: '/v1/workforce',
    summary: 'Who holds what (live leases, time left), decisions today per person, SLA at risk by queue and kind, lapsed leases, cases waiting on evidence past or near the deadline',
    roles: ['supervisor'],
    query: WorkforceQuerySchema,
    response: WorkforceViewSchema,
    idempotent: true,
    ipc: 'workforce:view',
  },
  /** Idempotent: a case released already is answered `not_held` the second time, and nothing changes. */
  workforceRelease: {
    method: 'POST',
    path: '/v1/workforce/release',
    summary: "Hand cases back to the queue, whoever holds them; the former holder's later decision on one becomes a conflict. Audited per case",
    roles: ['supervisor'],
    body: WorkforceReleaseRequestSchema,
    response: WorkforceActionResponseSchema,
    idempotent: true,
    ipc: 'workforce:release',
  },
  /** Not idempotent: sent again after it landed, it names the new holder as the present one (a 400), not a repeat. */
  workforceReassign: {
    method: 'POST',
    path: '/v1/workforce/reassign',
    summary: "Move held cases to another arbitrator under a fresh lease; the former holder's later decision on one becomes a conflict. Audited per case",
    roles: ['supervisor'],
    body: WorkforceReassignRequestSchema,
    response: WorkforceActionResponseSchema,
    idempotent: false,
    ipc: 'workforce:reassign',
  },
  //#endregion

  //#region Routing (server/routes/routing.ts): skills and rules the claim honours; admins edit, supervisors read
  routing: {
    method: 'GET',
    path: '/v1/routing',
    summary: "Routing rules (enabled or not, priority first) and every active arbitrator's skill profile",
    roles: QA,
    response: RoutingViewSchema,
    idempotent: true,
    ipc: 'routing:view',
  },
  /** Idempotent: the client picks the id, so saving again replaces the same rule with the same fields. */
  routingSaveRule: {
    method: 'POST',
    path: '/v1/routing/rules',
    summary: 'Create a routing rule (a new id) or replace one (an existing id); claims honour it at once. Audited',
    roles: ['admin'],
    body: RoutingRuleSchema,
    response: RoutingRuleViewSchema,
    idempotent: true,
    ipc: 'routing:saveRule',
  },
  routingSaveSkills: {
    method: 'POST',
    path: '/v1/routing/skills',
    summary: "Set an arbitrator's skill profile (kinds, queues, languages, seniority, skill tags); claims honour it at once. Audited",
    roles: ['admin'],
    body: SkillsSaveRequestSchema,
    response: RoutingArbitratorSchema,
    idempotent: true,
    ipc: 'routing:saveSkills',
  },
  routingCandidates: {
    method: 'GET',
    path: '/v1/routing/candidates',
    summary: 'Who would get this case? Each active arbitrator, eligible or not, with the reasons (codes) when not',
    roles: QA,
    query: RoutingCandidatesQuerySchema,
    response: RoutingCandidatesSchema,
    idempotent: true,
    ipc: 'routing:candidates',
  },
  //#endregion

  //#region Demo (server/routes/demo.ts)
  demoMedia: {
    method: 'GET',
    path: '/v1/demo/media/:name',
    summary: "A demo case's evidence file (a PNG photo drawn from its name, or the WebM unboxing clip): what the generated bundles' media URIs point at",
    roles: EVERYONE,
    params: DemoMediaParamsSchema,
    response: DemoMediaResponseSchema,
    produces: ['image/png', 'video/webm'],
    idempotent: true,
  },
  //#endregion
} as const satisfies Record<string, RouteDef>;

/**
 * Every request schema of the table (body, query, path parameters; a streamed route's item) refuses
 * text no store can keep (a NUL, a lone surrogate) at the string's path. Applied here, once, so a new
 * route cannot forget it, and every reader of the table (server, IPC relays, fuzzer) gets it.
 */
function guardText<T extends Record<string, RouteDef>>(t: T): T {
  const guarded: Record<string, RouteDef> = {};
  for (const [name, r] of Object.entries(t)) {
    guarded[name] = {
      ...r,
      ...(r.body ? { body: storable(r.body) } : {}),
      ...(r.query ? { query: storable(r.query) } : {}),
      ...(r.params ? { params: storable(r.params) } : {}),
    };
  }
  return guarded as T;
}

export const routes = guardText(table);

export type Routes = typeof routes;
export type RouteName = keyof Routes;
/** The table as a list, in declaration order (OpenAPI, the RBAC matrix, the fuzzer). */
export const routeList: readonly RouteDef[] = Object.values(routes);

//#region Types derived from an entry
type Input<R, K extends 'body' | 'query' | 'params'> = R extends { readonly [P in K]: infer S extends z.ZodType } ? z.input<S> : undefined;
type Output<R, K extends 'body' | 'query' | 'params'> = R extends { readonly [P in K]: infer S extends z.ZodType } ? z.output<S> : unknown;

/** What a caller sends: the body of a route that has one, else its query, else nothing. */
export type RouteRequest<R extends RouteDef> = R extends { readonly body: z.ZodType } ? Input<R, 'body'> : Input<R, 'query'>;
/** The path parameters a caller fills in, or undefined for a route without any. */
export type RouteParams<R extends RouteDef> = Input<R, 'params'>;
/** The validated answer. */
export type RouteResponse<R extends RouteDef> = z.output<R['response']>;
/** One item of a streamed body, validated on its own with the entry's `body` schema. */
export type StreamItem<T> = { index: number; ok: true; value: T } | { index: number; ok: false; raw: unknown; issues: Array<{ path: string; message: string }> };
/** A streamed route's body as its handler gets it: the items as they arrive, and which framing the client used. */
export type StreamBody<T> = { ndjson: boolean; items: AsyncIterable<StreamItem<T>> };
/** What the server's handler receives after validation (unknown where the entry declares no schema). */
export type RouteBody<R extends RouteDef> = R extends { readonly streamed: true } ? StreamBody<Output<R, 'body'>> : Output<R, 'body'>;
export type RouteQuery<R extends RouteDef> = Output<R, 'query'>;
export type RouteParamsParsed<R extends RouteDef> = Output<R, 'params'>;
//#endregion

//#region Relayed routes
/** Every channel an entry names: the relay channels exist because the table names them. */
export type RelayChannel = { [N in RouteName]: Routes[N] extends { readonly ipc: infer C extends string } ? C : never }[RouteName];
/** The entry that names channel C. */
export type RelayRoute<C extends RelayChannel> = { [N in RouteName]: Routes[N] extends { readonly ipc: C } ? Routes[N] : never }[RouteName];

/** Each relay channel's route (routes.test.ts checks that no channel is named twice). */
export const relayRoutes = Object.fromEntries(routeList.flatMap((r) => (r.ipc ? [[r.ipc, r] as const] : []))) as { readonly [C in RelayChannel]: RelayRoute<C> };
//#endregion
