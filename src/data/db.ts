/**
 * The renderer's IndexedDB (Dexie): the offline source of truth for every case this arbitrator
 * has checked out. One database per (backend, account) pair, named by main (`SessionStatus.store`)
 * and opened when that pair signs in (src/data/stores.ts). Each schema version is kept in
 * `STORE_VERSIONS` (Dexie needs the history to upgrade old databases); add an entry rather than
 * editing an old one.
 */
import { Dexie, type Transaction, type DBCoreMutateRequest, type DBCoreMutateResponse, type EntityTable, type Middleware, type DBCore } from 'dexie';
import { jsonFieldsMiddleware } from './jsonFields';
import { queuePagesMiddleware, type QueueOverlayRow, type QueuePageRow } from './queuePages';
import { partyTimesOf, type BundleRow, type CaseRow, type ConflictRow, type DecisionRow, type MetaRow, type NoticeRow, type OutboxRow, type PolicyRow, type PrecedentRow, type QaItemRow, type QaNoticeRow, type SnippetRow, type MacroRow } from './rows';
import type { Order } from '@common/domain';

/** The one database every account shared before stores were per pair; migrated by src/data/legacyStore.ts. */
export const DB_NAME = 'gavel';

/**
 * The case rows one committed transaction wrote, by id, as written (null for a deleted row), in
 * the order of the writes; `null` means "any row" (a clear or range delete).
 */
export type CasesCommitted = ReadonlyMap<string, CaseRow | null> | null;

/**
 * Every schema version, oldest first: what it changed, and how it moved the rows. Dexie needs the
 * whole history to upgrade an old database, so add an entry rather than editing one. The upgrade
 * tests build old stores from it (`storeSchemaAt`).
 */
export const STORE_VERSIONS: ReadonlyArray<{ version: number; stores: Readonly<Record<string, string | null>>; upgrade?: (tx: Transaction) => PromiseLike<unknown> }> = [
  {
    version: 1,
    stores: {
      cases:
        'id, externalId, status, kind, priorityRank, dueAtMs, leaseExpiresAtMs, local, topSeverity, ' +
        '[priorityRank+dueAtMs], *tokens, *findingCodes',
      bundles: 'caseId',
      orders: 'id, [buyerId+createdAtMs], [merchantId+createdAtMs], [affiliateId+createdAtMs], *caseIds',
      decisions: 'mutationId, caseId, state, createdAt',
      outbox: '++seq, &clientId, caseId, sentAt',
      conflicts: 'clientId, caseId, resolution, at',
      meta: 'key',
    },
  },
  // v2: bundles index their media hashes, so the media viewer can flag a file reused in other cases.
  {
    version: 2,
    stores: { bundles: 'caseId, *mediaShas' },
    upgrade: (tx) =>
      tx
        .table<BundleRow, string>('bundles')
        .toCollection()
        .modify((row) => {
          row.mediaShas = [...new Set((row.bundle.media ?? []).map((m) => m.sha256))];
        }),
  },
  // v3: supervisor QA. Only new tables: every earlier table and row is kept as it was.
  { version: 3, stores: { qaItems: 'itemId, caseId, planId, [done+assignedAt], &clientId', qaNotices: 'id, caseId, at' } },
  // v4: no multiEntry index over the cases' search tokens. Nothing reads it (the queue searches its
  // in-memory rows by substring, src/features/queue/queueModel.ts), and IndexedDB kept ~65 entries
  // per case up to date on every write, most of a pull page's time spent writing case rows
  // (docs/performance.md, "Figures behind code comments"). Rows keep `tokens`; only the index goes.
  {
    version: 4,
    stores: {
      cases:
        'id, externalId, status, kind, priorityRank, dueAtMs, leaseExpiresAtMs, local, topSeverity, ' +
        '[priorityRank+dueAtMs], *findingCodes',
    },
  },
  // v5: policy versions from the server (pull), so every case is judged under its governing version offline too.
  { version: 5, stores: { policies: 'version, seq' } },
  // v6: the inbox (overrides and QA results on this user's decisions), with its read state. A new table only.
  { version: 6, stores: { notices: 'id, at, unread, readPending' } },
  // v7: note snippets from the server (pull), so the decision form inserts them offline too.
  { version: 7, stores: { snippets: 'id, kind' } },
  // v8: each open case's precedents as the server last answered, so the panel and the hint work offline. A new table only.
  { version: 8, stores: { precedents: 'caseId' } },
  // v9: this user's macros from the server (pull), so the decision panel applies them offline too. A new table only.
  { version: 9, stores: { macros: 'id, kind' } },
  // v10: the queue's compact copy of the case rows (src/data/queuePages.ts): rows packed by
  // bucket, and the rows written since. New tables only; filled from the rows after the upgrade.
  { version: 10, stores: { queuePages: 'bucket', queueOverlay: 'id, bucket' } },
  // v11: orders kept per case (a `caseOrders` row: case id, orders, party keys): a pull page writes
  // one row a case without reading anything, where it wrote 3–4 order rows a case, each read first
  // to merge its list of cases (a third of a first sync's time). v12 drops the old table once its
  // rows are copied. v14 drops `caseOrders` in turn.
  {
    version: 11,
    stores: { caseOrders: 'caseId, *partyTimes' },
    upgrade: async (tx) => {
      const byCase = new Map<string, Order[]>();
      await tx.table<Order & { caseIds?: string[]; createdAtMs?: number }, string>('orders').each(({ caseIds = [], createdAtMs: _, ...o }) => {
        for (const caseId of caseIds) {
          const list = byCase.get(caseId);
          if (list) list.push(o);
          else byCase.set(caseId, [o]);
        }
      });
      await tx.table('caseOrders').bulkPut([...byCase].map(([caseId, orders]) => ({ caseId, orders, partyTimes: partyTimesOf(orders) })));
    },
  },
  { version: 12, stores: { orders: null } },
  // v13: only the indexes something reads stay on cases (the first page by due date, held leases,
  // conflicts). The queue filters and sorts in memory; the other seven (external id, status, kind,
  // priority, severity, priority+due, the finding codes) were kept up on every write, a decision's
  // included, and read by nothing.
  { version: 13, stores: { cases: 'id, dueAtMs, leaseExpiresAtMs, local' } },
  // v14: a party's orders are found through the bundle that holds them (`partyTimes`, rows.ts), and
  // the per-case copy of the orders (v11) goes: a first sync writes two rows a case instead of three
  // (docs/performance.md). The keys come from each stored bundle's own orders.
  {
    version: 14,
    stores: { bundles: 'caseId, *mediaShas, *partyTimes', caseOrders: null },
    upgrade: (tx) =>
      tx
        .table('bundles')
        .toCollection()
        .modify((row: { bundle: { orders?: unknown } | null; partyTimes?: [string, number][] }) => {
          // The JSON-fields middleware stands in upgrades too: the bundle arrives as an object, and
          // goes back as text. A damaged order is skipped here (the case view reports it): an
          // upgrade that throws would leave the store unopenable.
          const all: unknown[] = Array.isArray(row.bundle?.orders) ? row.bundle.orders : [];
          const orders = all.filter((o): o is Order => o !== null && typeof o === 'object' && typeof (o as Order).createdAt === 'string');
          row.partyTimes = partyTimesOf(orders);
        }),
  },
];

/** The tables and indexes a store had at `version` (every change up to it), as Dexie declares them. */
export function storeSchemaAt(version: number): Record<string, string> {
  const tables: Record<string, string | null> = {};
  for (const v of STORE_VERSIONS) if (v.version <= version) Object.assign(tables, v.stores);
  return Object.fromEntries(Object.entries(tables).filter((e): e is [string, string] => e[1] !== null));
}

export class GavelDb extends Dexie {
  cases!: EntityTable<CaseRow, 'id'>;
  bundles!: EntityTable<BundleRow, 'caseId'>;
  decisions!: EntityTable<DecisionRow, 'mutationId'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  conflicts!: EntityTable<ConflictRow, 'clientId'>;
  meta!: EntityTable<MetaRow, 'key'>;
  qaItems!: EntityTable<QaItemRow, 'itemId'>;
  qaNotices!: EntityTable<QaNoticeRow, 'id'>;
  policies!: EntityTable<PolicyRow, 'version'>;
  notices!: EntityTable<NoticeRow, 'id'>;
  snippets!: EntityTable<SnippetRow, 'id'>;
  macros!: EntityTable<MacroRow, 'id'>;
  precedents!: EntityTable<PrecedentRow, 'caseId'>;
  queuePages!: EntityTable<QueuePageRow, 'bucket'>;
  queueOverlay!: EntityTable<QueueOverlayRow, 'id'>;
  private readonly caseListeners = new Set<(rows: CasesCommitted) => void>();
  /**
   * The account (server user id) whose store this is. A case the server shows this account but
   * does not hold for it (a supervisor sees every case) is never open work here. Null in tests that
   * do not care: every case shown counts as held.
   */
  readonly owner: string | null;

  constructor(name = DB_NAME, options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange; owner?: string } = {}) {
    const { owner, ...idb } = options;
    // Strict durability: a decision is reported saved only once it is on disk, so a crash or a
    // power cut right after the keystroke cannot lose it.
    super(name, { chromeTransactionDurability: 'strict', ...idb });
    this.owner = owner ?? null;
    for (const { version, stores, upgrade } of STORE_VERSIONS) {
      const declared = this.version(version).stores(stores);
      if (upgrade) declared.upgrade(upgrade);
    }
    this.use(casesCommitMiddleware((ids) => this.caseListeners.forEach((l) => l(ids))));
    this.use(queuePagesMiddleware());
    this.use(jsonFieldsMiddleware());
    this.use(durabilityMiddleware());
  }

  /**
   * Calls `listener` after every committed transaction that wrote case rows, with those rows, so
   * in-memory views (the queue index) follow the table without reading it again. Returns the
   * unsubscribe.
   */
  onCasesCommitted(listener: (rows: CasesCommitted) => void): () => void {
    this.caseListeners.add(listener);
    return () => this.caseListeners.delete(listener);
  }
}

/**
 * A DBCore middleware that notes the `cases` rows each transaction writes and reports them once the
 * transaction has committed (never for one that aborts), whoever the writer was. The rows are the
 * values handed to IndexedDB, which stores a copy of each as it is at that moment; writers build
 * new row objects rather than changing one after writing it, so the two stay equal.
 */
function casesCommitMiddleware(emit: (rows: CasesCommitted) => void): Middleware<DBCore> {
  const pending = new WeakMap<object, { rows: Map<string, CaseRow | null>; all: boolean }>();
  const entryFor = (trans: object): { rows: Map<string, CaseRow | null>; all: boolean } => {
    let entry = pending.get(trans);
    if (!entry) {
      entry = { rows: new Map(), all: false };
      pending.set(trans, entry);
      const done = entry;
      // Dexie's IndexedDB core hands the IDBTransaction itself down as the DBCore transaction.
      const idbTrans = trans as IDBTransaction;
      idbTrans.addEventListener('complete', () => emit(done.all ? null : done.rows), { once: true });
    }
    return entry;
  };
  const note = (entry: { rows: Map<string, CaseRow | null> }, id: unknown, row: CaseRow | null): void => {
    if (typeof id !== 'string') return;
    // A later write of the same row in one transaction is the one that stays.
    entry.rows.delete(id);
    entry.rows.set(id, row);
  };
  return {
    stack: 'dbcore',
    name: 'gavel-cases-commit',
    create(down) {
      return {
        ...down,
        table(name) {
          const table = down.table(name);
          if (name !== 'cases') return table;
          return {
            ...table,
            // No async/await here: Dexie tracks its transaction through its own promises, and a
            // native await inside the chain lets IndexedDB commit early.
            mutate(req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
              return table.mutate(req).then((res) => {
                const entry = entryFor(req.trans);
                if (req.type === 'deleteRange') entry.all = true;
                else if (req.type === 'delete') for (const k of req.keys) note(entry, k, null);
                else (req.values as CaseRow[]).forEach((row, i) => !res.failures[i] && note(entry, row.id, row));
                return res;
              });
            },
          };
        },
      };
    },
  };
}

/** Marks the Dexie zone whose read-write transactions commit at relaxed durability. */
const RELAXED = 'gavelRelaxedDurability';
type Zone = Record<string, unknown>;
const dexieZones = Dexie.Promise as unknown as { PSD: Zone; newPSD<T>(fn: () => T, props: Zone): T };

/**
 * Runs `start` with the read-write transactions it opens committed at relaxed durability: written
 * through to the operating system, not waited on to reach the disk. Only for writes a crash may lose
 * because they come again (a pull page and its cursor are pulled again; push results are answered
 * again, the server being idempotent by client id), never for a decision or its sending. Every
 * strict commit is a disk flush, and a decision's transaction waits for any earlier one over the
 * same stores. Dexie opens a transaction a tick after it is asked for, inside the caller's zone, so
 * the mark is a zone property rather than a flag around the call.
 */
export function withRelaxedDurability<T>(start: () => Promise<T>): Promise<T> {
  return dexieZones.newPSD(start, { [RELAXED]: true });
}

function durabilityMiddleware(): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'gavel-durability',
    create(down) {
      return {
        ...down,
        transaction(stores, mode, options) {
          const relaxed = mode === 'readwrite' && dexieZones.PSD?.[RELAXED] === true;
          return down.transaction(stores, mode, relaxed ? { ...options, durability: 'relaxed' } : options);
        },
      };
    },
  };
}

/** Thrown by `appDb()` while no pair is signed in: there is no store to read or write then. */
export class NoStoreError extends Error {
  constructor() {
    super('Nobody is signed in: no local store is open.');
    this.name = 'NoStoreError';
  }
}

let active: GavelDb | null = null;

/**
 * The signed-in pair's store (tests construct their own `GavelDb`). Only src/data/stores.ts sets
 * it; the shell renders nothing that reads it while it is closed.
 */
export function appDb(): GavelDb {
  if (!active) throw new NoStoreError();
  return active;
}

/** For src/data/stores.ts only: the store `appDb()` answers with from now on. */
export function setAppDb(db: GavelDb | null): void {
  active = db;
}
