import { sql, type Kysely } from 'kysely';
import { defaultMacrosSql } from './defaultMacros';
import { defaultSnippetsSql } from './defaultSnippets';
import type { DB } from './schema';

/**
 * Versioned, append-only migrations. Never edit a released entry; add a new one. The SQL stays
 * within what PostgreSQL-compatible distributed engines accept (no LISTEN/NOTIFY, no advisory
 * locks); the one PostgreSQL-specific piece is `pg_current_xact_id()` for commit-safe cursors
 * (see docs/operations.md).
 */
/**
 * A migration's statements, in order. `{ untilNone }` is run again and again until it changes no row:
 * a backfill in slices, so the embedded database (which runs in the app's own process) lets the
 * event loop in between them instead of holding it for the whole table.
 */
export type Migration = { version: number; name: string; up: Array<string | { untilNone: string }> };

/** Statuses from which a case can be handed out by POST /v1/claims. */
export const CLAIMABLE_STATUSES = ['queued', 'appealed', 'escalated', 'withdrawn_penalty_retained'] as const;
const claimableSql = CLAIMABLE_STATUSES.map((s) => `'${s}'`).join(',');
const TXID = `(pg_current_xact_id()::text::bigint)`;

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'core tables',
    up: [
      `create table users (
        id text primary key,
        username text not null unique,
        display_name text not null,
        role text not null check (role in ('arbitrator','supervisor','admin')),
        password_hash text not null,
        disabled boolean not null default false,
        created_at timestamptz not null default now())`,
      `create table auth_tokens (
        token_hash text primary key,
        kind text not null check (kind in ('access','refresh')),
        user_id text not null references users(id),
        session_id text not null,
        expires_at timestamptz not null,
        revoked_at timestamptz,
        created_at timestamptz not null default now())`,
      `create index auth_tokens_session on auth_tokens (session_id)`,
      `create index auth_tokens_user on auth_tokens (user_id)`,
      `create table cases (
        id text primary key,
        external_id text not null unique,
        kind text not null,
        queue text not null,
        status text not null,
        priority integer not null,
        filed_at timestamptz not null,
        due_at timestamptz not null,
        bundle jsonb not null,
        bundle_hash text not null,
        findings jsonb not null,
        max_severity text,
        evidence_version integer not null default 1,
        assignee_id text references users(id),
        leased boolean not null default false,
        lease_expires_at timestamptz,
        lease_epoch integer not null default 0,
        offline boolean not null default false,
        decision jsonb,
        decided_by text references users(id),
        decided_at timestamptz,
        evidence_due_at timestamptz,
        version integer not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now())`,
      // The claim order (priority, then dueAt, oldest first) over exactly the rows a claim may take.
      `create index cases_ready on cases (priority desc, due_at, filed_at, id)
        where leased = false and status in (${claimableSql})`,
      `create index cases_leases on cases (lease_expires_at) where leased = true`,
      `create index cases_assignee on cases (assignee_id)`,
      `create table case_exclusions (
        case_id text not null references cases(id),
        user_id text not null references users(id),
        primary key (case_id, user_id))`,
      `create table case_notes (
        id bigserial primary key,
        case_id text not null references cases(id),
        author_id text not null references users(id),
        text text not null,
        at timestamptz not null default now())`,
      `create index case_notes_case on case_notes (case_id)`,
      `create table mutations (
        user_id text not null,
        client_id text not null,
        type text not null,
        case_id text,
        result jsonb,
        created_at timestamptz not null default now(),
        primary key (user_id, client_id))`,
      // txid orders changes by transaction so a cursor never skips a row committed late.
      `create table changes (
        seq bigserial primary key,
        txid bigint not null default ${TXID},
        case_id text not null,
        type text not null,
        holder_id text,
        former_holder_id text,
        payload jsonb,
        at timestamptz not null default now())`,
      `create index changes_order on changes (txid, seq)`,
      `create index changes_holder on changes (holder_id, txid, seq)`,
      `create index changes_former on changes (former_holder_id, txid, seq)`,
      `create index changes_type on changes (type, txid, seq)`,
      `create table audit_log (
        id bigserial primary key,
        at timestamptz not null default now(),
        actor_id text,
        action text not null,
        case_id text,
        before jsonb,
        after jsonb,
        chain_pos bigint unique,
        prev_hash text,
        hash text)`,
      `create index audit_unsealed on audit_log (id) where chain_pos is null`,
      `create table audit_head (id integer primary key, pos bigint not null, hash text not null)`,
      `insert into audit_head (id, pos, hash) values (1, 0, 'genesis')`,
    ],
  },
  {
    version: 2,
    name: 'supervisor QA: plans, review items, golden cases, overrides',
    up: [
      // Finding a decision's claim and a case's later decisions (appeals) without scanning the feed.
      `create index changes_case on changes (case_id, type, seq)`,
      `create table qa_plans (
        id text primary key,
        name text not null,
        method jsonb not null,
        population jsonb not null,
        seed bigint not null,
        created_by text not null references users(id),
        assignee_id text not null references users(id),
        population_size integer not null,
        strata jsonb not null,
        created_at timestamptz not null default now())`,
      `create table qa_items (
        id text primary key,
        plan_id text not null references qa_plans(id),
        decision_key text not null,
        case_id text not null references cases(id),
        arbitrator_id text not null,
        supervisor_id text not null references users(id),
        stratum text not null,
        decided_at timestamptz not null,
        original jsonb not null,
        status text not null default 'open' check (status in ('open','reviewed')),
        review jsonb,
        feedback text,
        reviewed_at timestamptz,
        created_at timestamptz not null default now(),
        unique (plan_id, decision_key))`,
      `create index qa_items_supervisor on qa_items (supervisor_id, case_id)`,
      `create index qa_items_case on qa_items (case_id)`,
      `create table qa_golden (
        id text primary key,
        template_case_id text not null references cases(id),
        kind text not null,
        answer jsonb not null,
        rate double precision not null,
        active boolean not null default true,
        created_by text not null references users(id),
        created_at timestamptz not null default now())`,
      `create table qa_golden_cases (
        case_id text primary key references cases(id),
        golden_id text not null references qa_golden(id),
        arbitrator_id text not null references users(id),
        inserted_at timestamptz not null default now())`,
      `create index qa_golden_cases_user on qa_golden_cases (arbitrator_id, golden_id)`,
      `create table qa_overrides (
        id text primary key,
        case_id text not null references cases(id),
        supervisor_id text not null references users(id),
        arbitrator_id text,
        item_id text,
        reason text not null,
        previous jsonb not null,
        decision jsonb not null,
        at timestamptz not null default now())`,
      `create index qa_overrides_case on qa_overrides (case_id)`,
    ],
  },
  {
    version: 3,
    name: 'refresh tokens remember when they were rotated (reuse grace window)',
    up: [`alter table auth_tokens add column rotated_at timestamptz`],
  },
  {
    version: 4,
    name: 'index only the rows that are looked up: former holders, feed events, sealed audit positions',
    // Every claim and decision inserts a change row and an audit row; these indexes took an entry for
    // each even though their readers never ask for it: a pull asks `former_holder_id = <user>` (never
    // null), the platform feed and QA ask for event types only, and the chain is read by position
    // (`chain_pos >= n`), never for unsealed rows (those have their own index). Five index entries
    // fewer per claim-and-decide cycle; uniqueness of sealed positions is unchanged.
    up: [
      `drop index changes_former`,
      `create index changes_former on changes (former_holder_id, txid, seq) where former_holder_id is not null`,
      `drop index changes_type`,
      `create index changes_type on changes (type, txid, seq) where type in ('decided', 'withdrawn', 'appealed', 'evidence_requested', 'overridden')`,
      `alter table audit_log drop constraint audit_log_chain_pos_key`,
      `create unique index audit_log_chain_pos on audit_log (chain_pos) where chain_pos is not null`,
    ],
  },
  {
    version: 5,
    name: 'policy registry: immutable versions with effective dates; each case keeps its governing version',
    up: [
      // Two versions never take effect at the same instant, so "the version in force" is always one.
      `create table policies (
        version text primary key,
        seq bigserial not null unique,
        effective_from timestamptz not null unique,
        document jsonb not null,
        published_by text references users(id),
        published_at timestamptz not null default now())`,
      // Filled at import; rows from before this migration are backfilled when the registry starts.
      `alter table cases add column policy_version text`,
    ],
  },
  {
    version: 6,
    name: 'account lifecycle: login throttling, single-use refresh grace',
    up: [
      // A rotation's seed: the next pair is derived from it and the presented token, so a retry within
      // the grace window gets the same pair back (stored tokens stay hashes only).
      `alter table auth_tokens add column rotation_salt text`,
      `alter table auth_tokens add column grace_used boolean not null default false`,
      // One row per account name (known or not, so the answer tells nothing) and per source address:
      // attempts since the last success, and when the last one came. Rows decay after an hour idle.
      `create table login_throttle (
        key text primary key,
        attempts integer not null,
        last_attempt_at timestamptz not null)`,
    ],
  },
  {
    version: 7,
    name: 'audit chain keyed: writer tags, transaction ids, rows the sealer refused',
    up: [
      // The transaction that inserted the row, as written (a later edit changes xmin, not this).
      `alter table audit_log add column txid bigint default ${TXID}`,
      // nonce.HMAC(key, nonce): made by the application for each statement's rows (see audit.ts).
      `alter table audit_log add column writer text`,
      // Why the sealer kept a row out of the chain (forged, copied tag, changed before sealing).
      `alter table audit_log add column rejected text`,
      `create index audit_writer on audit_log (writer) where writer is not null`,
    ],
  },
  {
    version: 9,
    name: 'notices: read state per user, and the indexes that list a user\'s overrides and reviews',
    up: [
      // A notice is an override or a reviewed QA item (their ids); only whether its addressee has
      // read it is new, kept here so every machine of that user agrees.
      `create table notice_reads (
        user_id text not null references users(id),
        notice_id text not null,
        read_at timestamptz not null default now(),
        primary key (user_id, notice_id))`,
      `create index qa_overrides_arbitrator on qa_overrides (arbitrator_id, at)`,
      `create index qa_items_arbitrator on qa_items (arbitrator_id, reviewed_at) where status = 'reviewed'`,
    ],
  },
  {
    version: 10,
    name: 'note snippets: named, per kind, with variables; edited by supervisors',
    up: [
      // kind/verdict null: for every kind/verdict. updated_by null: a default this migration seeded.
      `create table note_snippets (
        id text primary key,
        name text not null,
        kind text,
        verdict text,
        language text not null default 'zh-CN',
        text text not null,
        position integer not null default 100,
        updated_at timestamptz not null default now(),
        updated_by text references users(id))`,
      defaultSnippetsSql(),
    ],
  },
  {
    version: 11,
    name: 'precedents: decided cases by kind, newest first; whether the precedent hint was shown at decision',
    up: [
      // GET /v1/cases/:id/precedents scores the most recent decided cases of one kind: this index
      // hands them over in order without reading the rest, whatever the number of decided cases.
      `create index cases_decided_kind on cases (kind, decided_at desc) where decision is not null and status in ('decided', 'closed')`,
      // Null: decided by a client that does not know the hint (or not decided); QA compares the two others.
      `alter table cases add column precedent_hint_shown boolean`,
    ],
  },
  {
    version: 12,
    name: 'macros: named per-kind whole actions (verdict, reasons, remedies, note, side action); shared or personal',
    up: [
      // owner_id: the owner of a personal macro, null for a shared one. updated_by null: a default this migration seeded.
      `create table macros (
        id text primary key,
        name text not null,
        kind text not null,
        scope text not null check (scope in ('shared', 'personal')),
        owner_id text references users(id),
        verdict text not null,
        reason_codes jsonb not null,
        remedies jsonb not null,
        note text not null default '',
        action jsonb,
        position integer not null default 100,
        updated_at timestamptz not null default now(),
        updated_by text references users(id),
        check ((scope = 'shared') = (owner_id is null)))`,
      // The list a desk gets: the shared ones and its own, in order.
      `create index macros_owner on macros (owner_id, kind, position)`,
      defaultMacrosSql(),
    ],
  },
  {
    version: 13,
    name: "workforce view: today's decisions, open cases by due date, evidence waits by deadline",
    up: [
      // Decisions since midnight (server/services/workforce.ts): a range over today's rows only.
      `create index changes_decided_at on changes (at) where type = 'decided'`,
      // SLA at risk: open cases due before the window's end, whatever the queue.
      `create index cases_open_due on cases (due_at) where status in (${claimableSql},'awaiting_evidence')`,
      `create index cases_evidence_due on cases (evidence_due_at) where status = 'awaiting_evidence'`,
    ],
  },
  {
    version: 14,
    name: 'routing: arbitrator skills, routing rules as data (serious kinds need a senior), the case columns rules look at',
    up: [
      // What a rule can look at without opening the bundle inside the claim statement: the subject
      // orders' paid amount (as precedents sum it) and the case language (zh-CN unless told).
      `alter table cases add column amount_fen bigint not null default 0`,
      `alter table cases add column language text not null default 'zh-CN'`,
      `update cases set amount_fen = coalesce((select sum((o ->> 'paidFen')::bigint) from jsonb_array_elements(bundle -> 'orders') o
         where coalesce(bundle -> 'case' -> 'subject' -> 'orderIds', '[]'::jsonb) ? (o ->> 'id')), 0)`,
      // One profile per arbitrator; no row: the account is not routed (common/domain/routing.ts).
      `create table arbitrator_skills (
        user_id text primary key references users(id),
        kinds jsonb not null,
        queues jsonb not null,
        languages jsonb not null,
        seniority text not null check (seniority in ('junior','senior')),
        tags jsonb not null default '[]'::jsonb,
        updated_at timestamptz not null default now(),
        updated_by text references users(id))`,
      `create table routing_rules (
        id text primary key,
        name text not null,
        priority integer not null,
        enabled boolean not null default true,
        kind text,
        queue text,
        min_amount_fen bigint,
        language text,
        min_seniority text check (min_seniority in ('junior','senior')),
        required_skill text,
        updated_at timestamptz not null default now(),
        updated_by text references users(id))`,
      // The seeded defaults, written out: a migration must insert what it inserted the day it was
      // written, whatever DEFAULT_ROUTING_RULES (common/domain/routing.ts, the same two rules) becomes.
      `insert into routing_rules (id, name, priority, enabled, kind, min_seniority) values
        ('serious-counterfeit', '假冒商品须资深仲裁员', 100, true, 'counterfeit', 'senior'),
        ('serious-false-advertising', '虚假宣传须资深仲裁员', 100, true, 'false_advertising', 'senior')`,
    ],
  },
  {
    version: 15,
    name: 'linked cases: the keys each case shares (party, tracking number, ring address, affiliate, media hash)',
    up: [
      // Filled at import and on new evidence (server/services/linkKeys.ts); cases imported before this
      // migration are filled once right after it (backfillLinkKeys). The primary key serves "which
      // cases have this key"; the case index serves "which keys has this case" and the rewrite.
      `create table case_link_keys (
        key_type text not null,
        key_value text not null,
        case_id text not null references cases(id) on delete cascade,
        label text not null,
        primary key (key_type, key_value, case_id))`,
      `create index case_link_keys_case on case_link_keys (case_id)`,
    ],
  },
  {
    version: 16,
    name: 'QA records in keyset pages: decided changes by (at, seq)',
    up: [
      // GET /v1/qa/records reads decisions newest first a page at a time, after the cursor's
      // (at, seq): this index hands over one page without sorting every decision. It serves the
      // workforce view's range on `at` as well, so the (at) index it extends goes.
      `create index changes_decided_at_seq on changes (at, seq) where type = 'decided'`,
      `drop index changes_decided_at`,
      // The QA population joins decided changes to their decider (payload decision.decidedBy): with
      // statistics on that expression the planner knows the join keeps nearly every row, and reads a
      // records page down the index above instead of sorting the whole population.
      `create statistics changes_decided_by on ((payload -> 'decision' ->> 'decidedBy')) from changes`,
    ],
  },
  {
    version: 17,
    name: 'precedents: what similarity reads of each decided case, kept by a trigger whatever writes the decision',
    up: [
      // One narrow row per decided case: scoring 500 of them reads these, not 500 bundles. A trigger
      // (not the push, override and appeal paths each) keeps it, so no writer can forget it.
      `create table precedent_features (
        case_id text primary key references cases(id) on delete cascade,
        kind text not null,
        decided_at timestamptz not null,
        verdict text not null,
        finding_codes text[] not null,
        party_ids text[] not null,
        addresses text[] not null,
        amount_fen bigint not null,
        policy_version text not null)`,
      `create index precedent_features_kind on precedent_features (kind, decided_at desc)`,
      // An address ring's older cases are precedents too, however far back the 500 most recent reach.
      // fastupdate off: a pending list would be scanned whole by every request; one entry per decision is cheap to place.
      `create index precedent_features_addresses on precedent_features using gin (addresses) with (fastupdate = off)`,
      `create function precedent_features_sync() returns trigger language plpgsql as $$
      begin
        if new.decision is null or new.decided_at is null or new.status not in ('decided', 'closed') then
          delete from precedent_features where case_id = new.id;
          return null;
        end if;
        insert into precedent_features as f (case_id, kind, decided_at, verdict, finding_codes, party_ids, addresses, amount_fen, policy_version)
        select new.id, new.kind, new.decided_at, new.decision ->> 'verdict',
          coalesce(array(select jsonb_array_elements_text(new.decision -> 'assessment' -> 'codes')), '{}'),
          array(select distinct p from unnest(array[new.bundle -> 'case' ->> 'complainantId', new.bundle -> 'case' ->> 'respondentId']
            || coalesce(array_agg(o ->> 'buyerId'), '{}') || coalesce(array_agg(o ->> 'merchantId'), '{}')
            || coalesce(array_agg(o ->> 'affiliateId'), '{}')) p where p is not null),
          coalesce(array_agg(distinct o -> 'shippingAddress' ->> 'normalised') filter (where o -> 'shippingAddress' ->> 'normalised' is not null), '{}'),
          coalesce(sum((o ->> 'paidFen')::bigint), 0),
          coalesce(nullif(new.decision ->> 'policyVersion', ''), new.policy_version, '')
        from jsonb_array_elements(coalesce(new.bundle -> 'orders', '[]')) o
        where coalesce(new.bundle -> 'case' -> 'subject' -> 'orderIds', '[]') ? (o ->> 'id')
        on conflict (case_id) do update set kind = excluded.kind, decided_at = excluded.decided_at, verdict = excluded.verdict,
          finding_codes = excluded.finding_codes, party_ids = excluded.party_ids, addresses = excluded.addresses,
          amount_fen = excluded.amount_fen, policy_version = excluded.policy_version;
        return null;
      end $$`,
      // Claims and lease changes of undecided cases (most updates) do not call it at all.
      `create trigger cases_precedent_features_insert after insert on cases
        for each row when (new.decision is not null) execute function precedent_features_sync()`,
      `create trigger cases_precedent_features_update after update of decision, status, decided_at, bundle on cases
        for each row when (old.decision is not null or new.decision is not null) execute function precedent_features_sync()`,
      // The cases decided before this migration.
      `update cases set decided_at = decided_at where decision is not null`,
      // Migration 11's scan over cases themselves: nothing reads it now, and every decision wrote it.
      `drop index if exists cases_decided_kind`,
    ],
  },
  {
    version: 18,
    name: 'QA population: one narrow row per decided change, kept by triggers on the change log and the case',
    up: [
      // criticalFindingsAgainst (common/rules/decision.ts) over a stored assessment: the verdict goes
      // against a critical finding. Shared by the triggers below and the backfill.
      `create function qa_against_critical(findings jsonb, verdict text) returns boolean language sql immutable as $$
        select exists (select 1 from jsonb_array_elements(coalesce(findings -> 'eligibility', '[]'::jsonb) || coalesce(findings -> 'findings', '[]'::jsonb)) fd
          where fd ->> 'severity' = 'critical'
            and ((fd ->> 'stance' = 'supports_complaint' and verdict = 'rejected') or (fd ->> 'stance' = 'undermines_complaint' and verdict <> 'rejected')))
      $$`,
      // What the QA population reads of each decided change (every one with a payload, appeals'
      // re-decisions included), so preview, plan creation and records scan ~100-byte rows without
      // JSON: the decision's key, decider and verdict, the case's kind and due date, the time of the case's last
      // claim before it (handling time), whether it goes against a critical finding, and the
      // precedent-hint flag. Which decider is an arbitrator, appeals, overrides and golden cases are
      // still joined at query time (small tables or small aggregates).
      `create table qa_decisions (
        seq bigint primary key,
        case_id text not null,
        key text,
        decided_by text,
        verdict text,
        kind text not null,
        due_at timestamptz not null,
        at timestamptz not null,
        claimed_at timestamptz,
        against_critical boolean not null,
        precedent_hint boolean)`,
      // Records pages newest first; a case's decisions (appeals) and the case triggers' updates.
      `create index qa_decisions_at_seq on qa_decisions (at, seq)`,
      `create index qa_decisions_case on qa_decisions (case_id, seq)`,
      `create function qa_decisions_sync() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') and old.type = 'decided' then
          delete from qa_decisions where seq = old.seq;
        end if;
        if tg_op in ('INSERT', 'UPDATE') and new.type = 'decided' and new.payload is not null then
          insert into qa_decisions as q (seq, case_id, key, decided_by, verdict, kind, due_at, at, claimed_at, against_critical, precedent_hint)
          select new.seq, new.case_id, new.case_id || ':' || (new.payload -> 'decision' ->> 'mutationId'),
            new.payload -> 'decision' ->> 'decidedBy', new.payload -> 'decision' ->> 'verdict', c.kind, c.due_at, new.at,
            (select max(cl.at) from changes cl where cl.case_id = new.case_id and cl.type = 'claimed' and cl.seq < new.seq),
            qa_against_critical(c.findings, new.payload -> 'decision' ->> 'verdict'),
            (new.payload -> 'precedentHint')::boolean
          from cases c where c.id = new.case_id
          on conflict (seq) do update set case_id = excluded.case_id, key = excluded.key, decided_by = excluded.decided_by, verdict = excluded.verdict,
            kind = excluded.kind, due_at = excluded.due_at, at = excluded.at, claimed_at = excluded.claimed_at, against_critical = excluded.against_critical, precedent_hint = excluded.precedent_hint;
        end if;
        -- A claim moved or went: the decisions after it on its case look for their last claim again.
        if (tg_op in ('UPDATE', 'DELETE') and old.type = 'claimed') or (tg_op = 'UPDATE' and new.type = 'claimed') then
          update qa_decisions q set claimed_at = (select max(cl.at) from changes cl where cl.case_id = q.case_id and cl.type = 'claimed' and cl.seq < q.seq)
          where q.case_id in (old.case_id, new.case_id);
        end if;
        return null;
      end $$`,
      // New claims are not in the list: a claim is written before its case's decision (the case row is
      // locked), so it never precedes a decision already recorded, and the claim path stays free of it.
      `create trigger changes_qa_decisions_insert after insert on changes
        for each row when (new.type = 'decided') execute function qa_decisions_sync()`,
      `create trigger changes_qa_decisions_update after update on changes
        for each row when (old.type in ('decided', 'claimed') or new.type in ('decided', 'claimed')) execute function qa_decisions_sync()`,
      `create trigger changes_qa_decisions_delete after delete on changes
        for each row when (old.type in ('decided', 'claimed')) execute function qa_decisions_sync()`,
      // A case's kind, due date or assessment changed (a re-import): its decisions follow.
      `create function qa_decisions_case_sync() returns trigger language plpgsql as $$
      begin
        update qa_decisions set kind = new.kind, due_at = new.due_at, against_critical = qa_against_critical(new.findings, verdict) where case_id = new.id;
        return null;
      end $$`,
      `create trigger cases_qa_decisions_update after update of kind, due_at, findings on cases
        for each row when (old.kind is distinct from new.kind or old.due_at is distinct from new.due_at or old.findings is distinct from new.findings)
        execute function qa_decisions_case_sync()`,
      // The decided changes written before this migration.
      `insert into qa_decisions (seq, case_id, key, decided_by, verdict, kind, due_at, at, claimed_at, against_critical, precedent_hint)
        select ch.seq, ch.case_id, ch.case_id || ':' || (ch.payload -> 'decision' ->> 'mutationId'), ch.payload -> 'decision' ->> 'decidedBy',
          ch.payload -> 'decision' ->> 'verdict', c.kind, c.due_at, ch.at,
          (select max(cl.at) from changes cl where cl.case_id = ch.case_id and cl.type = 'claimed' and cl.seq < ch.seq),
          qa_against_critical(c.findings, ch.payload -> 'decision' ->> 'verdict'), (ch.payload -> 'precedentHint')::boolean
        from changes ch join cases c on c.id = ch.case_id where ch.type = 'decided' and ch.payload is not null`,
    ],
  },
  {
    version: 19,
    name: 'precedents: what the list shows of each precedent, in its features row, so a request reads no case bundle',
    up: [
      // The listed precedents' title, reason codes and note were read from cases (bundle and
      // decision, TOASTed and cold at 1M cases): the tail of the request's time. Their features row,
      // which the scan has just read, now carries them. note_head is the note without leading blank
      // lines, at most 400 characters: enough for its first line (firstLine cuts at 200).
      `alter table precedent_features add column external_id text not null default '', add column title text,
        add column reason_codes text[] not null default '{}', add column note_head text not null default ''`,
      // Filled by migration 20's trigger function, which also rewrites every row from its case.
    ],
  },
  {
    version: 20,
    name: 'precedents: the features trigger computed with plain expressions, the bundle read once',
    up: [
      // The same row as migration 17's function (arrays as sets, codes in order), for half the CPU:
      // that one ran one INSERT ... SELECT with three subqueries and an aggregate per decided case
      // and read the bundle out of TOAST once per reference (five or more). About 0.2 ms of
      // PostgreSQL CPU per decision, more than the rest of a batched decision's statement; here the
      // bundle is read once (jsonb_to_record), the orders walked with simple expressions, and one
      // INSERT ... VALUES is left. docs/performance.md (issue 20) has the figures. It also writes
      // what the list shows (migration 19): external id, title, reason codes and the note's head.
      `create or replace function precedent_features_sync() returns trigger language plpgsql as $$
      declare
        c jsonb;
        orders jsonb;
        wanted jsonb;
        o jsonb;
        v text;
        codes text[] := '{}';
        reasons text[] := '{}';
        candidates text[];
        parties text[] := '{}';
        addrs text[] := '{}';
        amount bigint := 0;
      begin
        if new.decision is null or new.decided_at is null or new.status not in ('decided', 'closed') then
          delete from precedent_features where case_id = new.id;
          return null;
        end if;
        select r."case", coalesce(r.orders, '[]') into c, orders from jsonb_to_record(new.bundle) as r("case" jsonb, orders jsonb);
        wanted := coalesce(c -> 'subject' -> 'orderIds', '[]');
        for i in 0 .. coalesce(jsonb_array_length(new.decision -> 'assessment' -> 'codes'), 0) - 1 loop
          codes := codes || (new.decision -> 'assessment' -> 'codes' ->> i);
        end loop;
        for i in 0 .. coalesce(jsonb_array_length(new.decision -> 'reasonCodes'), 0) - 1 loop
          reasons := reasons || (new.decision -> 'reasonCodes' ->> i);
        end loop;
        -- The parties of the case and of its own orders (the subject's), each once.
        candidates := array[c ->> 'complainantId', c ->> 'respondentId'];
        for i in 0 .. jsonb_array_length(orders) - 1 loop
          o := orders -> i;
          continue when not coalesce(wanted ? (o ->> 'id'), false);
          candidates := candidates || array[o ->> 'buyerId', o ->> 'merchantId', o ->> 'affiliateId'];
          v := o -> 'shippingAddress' ->> 'normalised';
          if v is not null and not v = any(addrs) then addrs := addrs || v; end if;
          amount := amount + coalesce((o ->> 'paidFen')::bigint, 0);
        end loop;
        foreach v in array candidates loop
          if v is not null and not v = any(parties) then parties := parties || v; end if;
        end loop;
        insert into precedent_features as f (case_id, kind, decided_at, verdict, finding_codes, party_ids, addresses, amount_fen, policy_version,
          external_id, title, reason_codes, note_head)
        values (new.id, new.kind, new.decided_at, new.decision ->> 'verdict', codes, parties, addrs, amount,
          coalesce(nullif(new.decision ->> 'policyVersion', ''), new.policy_version, ''),
          new.external_id, c ->> 'title', reasons, left(ltrim(coalesce(new.decision ->> 'note', ''), E' \\t\\r\\n'), 400))
        on conflict (case_id) do update set kind = excluded.kind, decided_at = excluded.decided_at, verdict = excluded.verdict,
          finding_codes = excluded.finding_codes, party_ids = excluded.party_ids, addresses = excluded.addresses,
          amount_fen = excluded.amount_fen, policy_version = excluded.policy_version,
          external_id = excluded.external_id, title = excluded.title, reason_codes = excluded.reason_codes, note_head = excluded.note_head;
        return null;
      end $$`,
      // Every features row rewritten from its case through the function above, with the columns of
      // migration 19.
      `update cases set decided_at = decided_at where decision is not null`,
    ],
  },
  {
    version: 21,
    name: 'QA population: qa_against_critical as one expression, inlined where it is called; the case trigger only when what it reads changed',
    up: [
      // The same answer as migration 18's function (criticalFindingsAgainst, common/rules/decision.ts),
      // without its EXISTS subquery: PostgreSQL never inlines an SQL function whose body has a
      // subquery, and one that is not inlined is parsed and planned again on each execution of the
      // statement calling it. The qa_decisions trigger runs once per decision, so that was about
      // 0.1–0.2 ms of PostgreSQL CPU per pushed decision, half of the trigger. A jsonpath over the
      // two lists is a plain expression, which the planner inlines into the trigger's INSERT.
      // Strict mode, so an element counts only as an object with those two string fields, as `->>`
      // read it (lax mode would also look inside nested arrays); errors (a top level that is not an
      // array) are silenced to false.
      `create or replace function qa_against_critical(findings jsonb, verdict text) returns boolean language sql immutable as $$
        select case
          when verdict is null then false
          when verdict = 'rejected' then coalesce(jsonb_path_exists(coalesce(findings -> 'eligibility', '[]'::jsonb) || coalesce(findings -> 'findings', '[]'::jsonb),
            'strict $[*] ? (@.severity == "critical" && @.stance == "supports_complaint")', '{}', true), false)
          else coalesce(jsonb_path_exists(coalesce(findings -> 'eligibility', '[]'::jsonb) || coalesce(findings -> 'findings', '[]'::jsonb),
            'strict $[*] ? (@.severity == "critical" && @.stance == "undermines_complaint")', '{}', true), false)
        end
      $$`,
      // The case trigger fired on every decision, because a decision stores the case re-assessed at
      // its time (the assessment's `at` at least is new), and ran its UPDATE for nothing: the case's
      // earlier decisions only need it when one of the two lists the function reads has changed.
      `drop trigger cases_qa_decisions_update on cases`,
      `create trigger cases_qa_decisions_update after update of kind, due_at, findings on cases
        for each row when (old.kind is distinct from new.kind or old.due_at is distinct from new.due_at
          or old.findings -> 'eligibility' is distinct from new.findings -> 'eligibility' or old.findings -> 'findings' is distinct from new.findings -> 'findings')
        execute function qa_decisions_case_sync()`,
    ],
  },
  {
    version: 22,
    name: 'QA population: decided changes recorded by one statement per statement, over its transition table; precedent features without a foreign-key check per decision',
    up: [
      // The same rows as migration 18's row trigger (its INSERT, set-based): a push of 50–200
      // decisions is one INSERT here instead of a PL/pgSQL call and an INSERT per decision, about
      // 35 → 19 µs of PostgreSQL CPU per batched decision, and the same for a one-decision
      // statement. Every INSERT into changes (claims too) now fires it once: the first query, over
      // the few rows just inserted, ends it when none is a decision (about 10 µs per claim
      // statement). As with the row trigger, it runs when the statement ends, so it sees the case
      // rows the same statement updated. Updates and deletes of changes keep migration 18's row
      // triggers (rare: history moved or taken out). docs/performance.md (issue 20, fourth pass)
      // has the figures.
      `create function qa_decisions_insert_rows() returns trigger language plpgsql as $$
      begin
        if not exists (select 1 from inserted_changes where type = 'decided') then
          return null;
        end if;
        insert into qa_decisions as q (seq, case_id, key, decided_by, verdict, kind, due_at, at, claimed_at, against_critical, precedent_hint)
        select n.seq, n.case_id, n.case_id || ':' || (n.payload -> 'decision' ->> 'mutationId'),
          n.payload -> 'decision' ->> 'decidedBy', n.payload -> 'decision' ->> 'verdict', c.kind, c.due_at, n.at,
          (select max(cl.at) from changes cl where cl.case_id = n.case_id and cl.type = 'claimed' and cl.seq < n.seq),
          qa_against_critical(c.findings, n.payload -> 'decision' ->> 'verdict'),
          (n.payload -> 'precedentHint')::boolean
        from inserted_changes n join cases c on c.id = n.case_id
        where n.type = 'decided' and n.payload is not null
        on conflict (seq) do update set case_id = excluded.case_id, key = excluded.key, decided_by = excluded.decided_by, verdict = excluded.verdict,
          kind = excluded.kind, due_at = excluded.due_at, at = excluded.at, claimed_at = excluded.claimed_at, against_critical = excluded.against_critical, precedent_hint = excluded.precedent_hint;
        return null;
      end $$`,
      `drop trigger changes_qa_decisions_insert on changes`,
      `create trigger changes_qa_decisions_insert after insert on changes referencing new table as inserted_changes
        for each statement execute function qa_decisions_insert_rows()`,
      // Every features row is written by the features trigger from its own case row, so the
      // reference to cases only did work on insert: a key-share lock of the case and a query per
      // decision (about 10 µs of PostgreSQL CPU). What it also did, take a deleted case's row
      // with it, a statement trigger on the (never hot) delete of cases does instead.
      `alter table precedent_features drop constraint precedent_features_case_id_fkey`,
      `create function precedent_features_forget() returns trigger language plpgsql as $$
      begin
        delete from precedent_features f using deleted_cases d where f.case_id = d.id;
        return null;
      end $$`,
      `create trigger cases_precedent_features_delete after delete on cases referencing old table as deleted_cases
        for each statement execute function precedent_features_forget()`,
    ],
  },
  {
    version: 23,
    name: 'Case views spliced from stored text: the bundle kept beside its jsonb as its case header and the JSON text after it',
    up: [
      // Every claim, checkout and pull page builds a case view per case (caseViewSql). Turning the
      // jsonb bundle (~5 KB) back into text was 34 µs of PostgreSQL CPU a case and laying the
      // lifecycle onto bundle.case with jsonb_set another 25, of 76 for the whole view (4,000 demo
      // cases, medians of 7 scans). With the header apart (a few hundred bytes of jsonb to overlay)
      // and the rest already text, the view is concatenated instead: 32 µs a case. The import writes
      // both columns from the text it already holds (`bundleTextColumns` in cases.ts): computed
      // here, the rest cost PostgreSQL ~240 µs a row (`jsonb - key` rebuilds the whole value),
      // given as text ~20. Any other write of the bundle (new evidence, SQL by hand) gets them from
      // the trigger: on insert when they are missing, on update unless the same statement wrote a
      // new rest. A write that does not touch the bundle (claims, decisions) keeps both as they are.
      `alter table cases add column bundle_case jsonb, add column bundle_rest text`,
      // What follows the header inside the bundle's braces, closing brace included.
      `create function bundle_rest_text(b jsonb) returns text language sql immutable as $$
        select case when r = '{}'::jsonb then '}' else ', ' || substr(r::text, 2) end from (select b - 'case' as r) s
      $$`,
      `create function cases_bundle_split() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          if new.bundle_case is not null and new.bundle_rest is not null then
            return new;
          end if;
        elsif new.bundle_case is not null and new.bundle_rest is distinct from old.bundle_rest then
          return new;
        end if;
        new.bundle_case := new.bundle -> 'case';
        new.bundle_rest := bundle_rest_text(new.bundle);
        return new;
      end $$`,
      `create trigger cases_bundle_split before insert or update of bundle on cases
        for each row execute function cases_bundle_split()`,
      // Not `set bundle = bundle`: that would also wake the triggers that follow the bundle. In
      // slices of 500 (~0.3 s each on PGlite; in one piece, 4,000 cases held it 1.3–1.6 s). Each
      // slice leaves the set it picks from (the rest is never null for a non-null bundle), so it ends.
      {
        untilNone: `update cases set bundle_case = bundle -> 'case', bundle_rest = bundle_rest_text(bundle)
          where ctid = any (array(select ctid from cases where bundle_rest is null limit 500))`,
      },
      `alter table cases alter column bundle_case set not null, alter column bundle_rest set not null`,
    ],
  },
];

/**
 * Applies pending migrations. Several instances may start at once: each takes a row lock on the
 * migrations table's lock row, so exactly one applies a given version and the others see it done.
 * `upTo` stops after that version (tests build an older schema with it, then migrate the rest).
 */
export async function migrate(db: Kysely<DB>, upTo = Number.POSITIVE_INFINITY): Promise<number[]> {
  await sql`create table if not exists schema_migrations (
    version integer primary key, name text not null, applied_at timestamptz not null default now())`.execute(db);
  await sql`insert into schema_migrations (version, name) values (0, 'lock row') on conflict (version) do nothing`.execute(db);
  const applied: number[] = [];
  await db.transaction().execute(async (trx) => {
    await sql`select version from schema_migrations where version = 0 for update`.execute(trx);
    const done = new Set((await trx.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version));
    for (const m of MIGRATIONS) {
      if (done.has(m.version) || m.version > upTo) continue;
      for (const stmt of m.up) {
        if (typeof stmt === 'string') await sql.raw(stmt).execute(trx);
        else while (Number((await sql.raw(stmt.untilNone).execute(trx)).numAffectedRows ?? 0) > 0);
      }
      await trx.insertInto('schema_migrations').values({ version: m.version, name: m.name }).execute();
      applied.push(m.version);
    }
  });
  return applied;
}
