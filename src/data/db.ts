/**
 * The renderer's IndexedDB (Dexie): the offline source of truth for every case this arbitrator
 * has checked out. Each schema version is kept below (Dexie needs the history to upgrade old
 * databases); add a new `this.version(n)` rather than editing an old one.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { BundleRow, CaseRow, ConflictRow, DecisionRow, MetaRow, OrderRow, OutboxRow, QaItemRow, QaNoticeRow } from './rows';

export const DB_NAME = 'gavel';

export class GavelDb extends Dexie {
  cases!: EntityTable<CaseRow, 'id'>;
  bundles!: EntityTable<BundleRow, 'caseId'>;
  orders!: EntityTable<OrderRow, 'id'>;
  decisions!: EntityTable<DecisionRow, 'mutationId'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  conflicts!: EntityTable<ConflictRow, 'clientId'>;
  meta!: EntityTable<MetaRow, 'key'>;
  qaItems!: EntityTable<QaItemRow, 'itemId'>;
  qaNotices!: EntityTable<QaNoticeRow, 'id'>;

  constructor(name = DB_NAME, options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {}) {
    // Strict durability: a decision is reported saved only once it is on disk, so a crash or a
    // power cut right after the keystroke cannot lose it.
    super(name, { chromeTransactionDurability: 'strict', ...options });
    this.version(1).stores({
      cases:
        'id, externalId, status, kind, priorityRank, dueAtMs, leaseExpiresAtMs, local, topSeverity, ' +
        '[priorityRank+dueAtMs], *tokens, *findingCodes',
      bundles: 'caseId',
      orders: 'id, [buyerId+createdAtMs], [merchantId+createdAtMs], [affiliateId+createdAtMs], *caseIds',
      decisions: 'mutationId, caseId, state, createdAt',
      outbox: '++seq, &clientId, caseId, sentAt',
      conflicts: 'clientId, caseId, resolution, at',
      meta: 'key',
    });
    // v2: supervisor QA. Only new tables: every v1 table and row is kept as it was.
    this.version(2).stores({
      qaItems: 'itemId, caseId, planId, [done+assignedAt], &clientId',
      qaNotices: 'id, caseId, at',
    });
  }
}

let shared: GavelDb | null = null;

/** The app's single database connection (tests construct their own `GavelDb`). */
export function appDb(): GavelDb {
  shared ??= new GavelDb();
  return shared;
}
