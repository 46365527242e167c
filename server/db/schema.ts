import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables created by server/db/migrations.ts. */
export type Role = 'arbitrator' | 'supervisor' | 'admin';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
type NullableJson = ColumnType<unknown, string | null, string | null>;

export type UsersTable = {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: Generated<boolean>;
  created_at: GeneratedTimestamp;
};

export type AuthTokensTable = {
  token_hash: string;
  kind: 'access' | 'refresh';
  user_id: string;
  session_id: string;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  /** Set when a refresh token was exchanged (as opposed to revoked); starts the reuse grace window. */
  rotated_at: NullableTimestamp;
  /** The seed its successor pair was derived from (with the token itself); null until rotated. */
  rotation_salt: string | null;
  /** True once the grace window re-sent the successor pair: a further use is theft. */
  grace_used: Generated<boolean>;
  created_at: GeneratedTimestamp;
};

export type LoginThrottleTable = { key: string; attempts: number; last_attempt_at: Timestamp };

export type CasesTable = {
  id: string;
  external_id: string;
  kind: string;
  queue: string;
  status: string;
  priority: number;
  filed_at: Timestamp;
  due_at: Timestamp;
  bundle: Json;
  bundle_hash: string;
  /** The bundle's case header and the JSON text after it (migration 23): what case views are spliced from. The import writes them; a trigger fills them for any other write of `bundle`. */
  bundle_case: ColumnType<unknown, string | undefined, string>;
  bundle_rest: ColumnType<string, string | undefined, string>;
  findings: Json;
  max_severity: string | null;
  evidence_version: Generated<number>;
  assignee_id: string | null;
  leased: Generated<boolean>;
  lease_expires_at: NullableTimestamp;
  lease_epoch: Generated<number>;
  offline: Generated<boolean>;
  decision: NullableJson;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  evidence_due_at: NullableTimestamp;
  /** The governing policy version (in force at filed_at); null only on rows from before migration 5 until the start-up backfill. */
  policy_version: string | null;
  /** Whether the app showed the precedent hint before this decision was committed (migration 11); null when it did not say. */
  precedent_hint_shown: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  /** The subject orders' paid amount in fen, and the case language: what routing rules look at (migration 14). */
  amount_fen: ColumnType<string | number, number | undefined, number>;
  language: ColumnType<string, string | undefined, string>;
  version: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
};

export type CaseExclusionsTable = { case_id: string; user_id: string };

export type CaseNotesTable = {
  id: Generated<number>;
  case_id: string;
  author_id: string;
  text: string;
  at: GeneratedTimestamp;
};

export type MutationsTable = {
  user_id: string;
  client_id: string;
  type: string;
  case_id: string | null;
  result: NullableJson;
  created_at: GeneratedTimestamp;
};

export type ChangesTable = {
  seq: Generated<number>;
  txid: Generated<number>;
  case_id: string;
  type: string;
  holder_id: string | null;
  former_holder_id: string | null;
  payload: NullableJson;
  at: GeneratedTimestamp;
};

export type AuditLogTable = {
  id: Generated<number>;
  at: GeneratedTimestamp;
  actor_id: string | null;
  action: string;
  case_id: string | null;
  before: NullableJson;
  after: NullableJson;
  chain_pos: number | null;
  prev_hash: string | null;
  hash: string | null;
  txid: Generated<number | null>;
  writer: string | null;
  rejected: Generated<string | null>;
};

export type AuditHeadTable = { id: number; pos: number; hash: string };

export type SchemaMigrationsTable = { version: number; name: string; applied_at: GeneratedTimestamp };

export type QaPlansTable = {
  id: string;
  name: string;
  method: Json;
  population: Json;
  seed: number;
  created_by: string;
  assignee_id: string;
  population_size: number;
  strata: Json;
  created_at: GeneratedTimestamp;
};

export type QaItemsTable = {
  id: string;
  plan_id: string;
  decision_key: string;
  case_id: string;
  arbitrator_id: string;
  supervisor_id: string;
  stratum: string;
  decided_at: Timestamp;
  original: Json;
  status: Generated<'open' | 'reviewed'>;
  review: NullableJson;
  feedback: string | null;
  reviewed_at: NullableTimestamp;
  created_at: GeneratedTimestamp;
};

export type QaGoldenTable = {
  id: string;
  template_case_id: string;
  kind: string;
  answer: Json;
  rate: number;
  active: Generated<boolean>;
  created_by: string;
  created_at: GeneratedTimestamp;
};

export type QaGoldenCasesTable = { case_id: string; golden_id: string; arbitrator_id: string; inserted_at: GeneratedTimestamp };

export type QaOverridesTable = {
  id: string;
  case_id: string;
  supervisor_id: string;
  arbitrator_id: string | null;
  item_id: string | null;
  reason: string;
  previous: Json;
  decision: Json;
  at: GeneratedTimestamp;
};

export type NoticeReadsTable = {
  user_id: string;
  notice_id: string;
  read_at: GeneratedTimestamp;
};

export type PoliciesTable = {
  version: string;
  seq: Generated<number>;
  effective_from: Timestamp;
  document: Json;
  published_by: string | null;
  published_at: GeneratedTimestamp;
};

/** Note snippets (migration 10; server/services/snippets.ts). */
export type NoteSnippetsTable = {
  id: string;
  name: string;
  kind: string | null;
  verdict: string | null;
  language: ColumnType<string, string | undefined, string>;
  text: string;
  position: ColumnType<number, number | undefined, number>;
  updated_at: GeneratedTimestamp;
  updated_by: string | null;
};

/** Macros (migration 12; server/services/macros.ts). */
export type MacrosTable = {
  id: string;
  name: string;
  kind: string;
  scope: string;
  owner_id: string | null;
  verdict: string;
  reason_codes: Json;
  remedies: Json;
  note: ColumnType<string, string | undefined, string>;
  action: NullableJson;
  position: ColumnType<number, number | undefined, number>;
  updated_at: GeneratedTimestamp;
  updated_by: string | null;
};

/** Routing (migration 14; server/services/routing.ts). Lists are JSON arrays of strings. */
export type ArbitratorSkillsTable = {
  user_id: string;
  kinds: Json;
  queues: Json;
  languages: Json;
  seniority: 'junior' | 'senior';
  tags: Json;
  updated_at: GeneratedTimestamp;
  updated_by: string | null;
};

export type RoutingRulesTable = {
  id: string;
  name: string;
  priority: number;
  enabled: boolean;
  kind: string | null;
  queue: string | null;
  min_amount_fen: ColumnType<string | number | null, number | null, number | null>;
  language: string | null;
  min_seniority: 'junior' | 'senior' | null;
  required_skill: string | null;
  updated_at: GeneratedTimestamp;
  updated_by: string | null;
};
/** Linked cases (migration 15): one row per key a case has; two cases link when they share a (key_type, key_value). */
export type CaseLinkKeysTable = { key_type: string; key_value: string; case_id: string; label: string };

/** What precedent similarity reads of a decided case (migration 17), kept by a trigger on `cases`. */
export type PrecedentFeaturesTable = {
  case_id: string;
  kind: string;
  decided_at: Date;
  verdict: string;
  finding_codes: string[];
  party_ids: string[];
  addresses: string[];
  /** bigint: the driver returns it as a string. */
  amount_fen: ColumnType<string, number, number>;
  policy_version: string;
  /** What the list shows (migration 19). */
  external_id: Generated<string>;
  title: string | null;
  reason_codes: Generated<string[]>;
  /** The note without leading blank lines, at most 400 characters (firstLine cuts it). */
  note_head: Generated<string>;
};

/** One row per decided change (migration 18), written by triggers: what the QA population reads. */
export type QaDecisionsTable = {
  /** bigint: the driver returns it as a string. */
  seq: ColumnType<string, number, number>;
  case_id: string;
  key: string | null;
  decided_by: string | null;
  verdict: string | null;
  kind: string;
  due_at: Date;
  at: Date;
  claimed_at: Date | null;
  against_critical: boolean;
  precedent_hint: boolean | null;
};

export type DB = {
  macros: MacrosTable;
  arbitrator_skills: ArbitratorSkillsTable;
  routing_rules: RoutingRulesTable;
  case_link_keys: CaseLinkKeysTable;
  precedent_features: PrecedentFeaturesTable;
  qa_decisions: QaDecisionsTable;
  note_snippets: NoteSnippetsTable;
  policies: PoliciesTable;
  qa_plans: QaPlansTable;
  qa_items: QaItemsTable;
  qa_golden: QaGoldenTable;
  qa_golden_cases: QaGoldenCasesTable;
  qa_overrides: QaOverridesTable;
  notice_reads: NoticeReadsTable;
  users: UsersTable;
  auth_tokens: AuthTokensTable;
  login_throttle: LoginThrottleTable;
  cases: CasesTable;
  case_exclusions: CaseExclusionsTable;
  case_notes: CaseNotesTable;
  mutations: MutationsTable;
  changes: ChangesTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  schema_migrations: SchemaMigrationsTable;
};
