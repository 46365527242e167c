/**
 * Supervisor QA on this machine: blind review items and notices arrive with pull pages (inside the
 * same transaction as the cases and the cursor), and a review leaves through the outbox like a
 * decision: one strict transaction writes the outbox row and the item's pending state, so a review
 * is on disk before the UI moves on and reaches the server exactly once.
 */
import { MutationSchema, type MutationResult, type QaPull } from '@common/api';
import type { QaDecisionFacts } from '@common/qa';
import type { GavelDb } from './db';
import { OutboxError } from './outboxError';
import type { OutboxRow, QaItemRow } from './rows';

/** Applies a pull page's QA part; call inside the page's transaction (qaItems, qaNotices). */
export async function applyQaPull(db: GavelDb, qa: QaPull | undefined): Promise<void> {
  if (!qa) return;
  if (qa.items.length) {
    const prev = await db.qaItems.bulkGet(qa.items.map((i) => i.itemId));
    const rows: QaItemRow[] = qa.items.map((item, i) => {
      const old = prev[i];
      const base = { itemId: item.itemId, planId: item.planId, planName: item.planName, caseId: item.caseId, externalId: item.externalId, kind: item.kind, assignedAt: item.assignedAt, case: item.case };
      if (item.status === 'reviewed' && item.comparison) {
        const c = item.comparison;
        return { ...base, done: 1, local: 'reviewed', review: c.review, feedback: c.feedback, comparison: c, clientId: old?.clientId ?? null, error: null };
      }
      // Open on the server: a review waiting in the outbox (or refused) stays as it is here.
      if (old && (old.local === 'pending' || old.local === 'rejected')) return { ...old, ...base };
      return { ...base, done: 0, local: 'open', review: null, feedback: '', comparison: null, clientId: null, error: null };
    });
    await db.qaItems.bulkPut(rows);
  }
  if (qa.notices.length) await db.qaNotices.bulkPut(qa.notices);
}

/** Records a blind review and queues its `qa_review` mutation, in one strict transaction. */
export async function recordQaReview(db: GavelDb, itemId: string, review: QaDecisionFacts, feedback: string, clientId: string = crypto.randomUUID(), now = new Date()): Promise<void> {
  await db.transaction('rw', [db.qaItems, db.outbox], async () => {
    const item = await db.qaItems.get(itemId);
    if (!item) throw new OutboxError('case_not_found', `QA item ${itemId} is not on this machine.`);
    if (item.local === 'pending' || item.local === 'reviewed') throw new OutboxError('already_decided', `Case ${item.externalId} has already been reviewed.`);
    const parsed = MutationSchema.safeParse({ clientId, type: 'qa_review', caseId: item.caseId, itemId, review, feedback: feedback.trim() });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new OutboxError('invalid_mutation', `${issue?.path.join('.') || 'review'}: ${issue?.message ?? 'invalid'}`);
    }
    const mutation = parsed.data;
    const row: OutboxRow = { clientId, caseId: item.caseId, type: 'qa_review', mutation, enqueuedAt: now.toISOString(), sentAt: null, attempts: 0, lastError: null };
    await db.outbox.add(row);
    await db.qaItems.update(itemId, { local: 'pending', review, feedback: feedback.trim(), clientId, error: null });
  });
}

/** The server's answer to a `qa_review`; call inside applyPushResults' transaction (qaItems). */
export async function applyQaPushResult(db: GavelDb, row: OutboxRow, result: MutationResult): Promise<void> {
  const item = await db.qaItems.where('clientId').equals(row.clientId).first();
  if (!item) return;
  if (result.status === 'applied') {
    await db.qaItems.update(item.itemId, result.comparison ? { local: 'reviewed', done: 1, comparison: result.comparison } : { local: 'reviewed', done: 1 });
    return;
  }
  // Refused (already reviewed elsewhere, invalid codes…): shown on the item, which can be reviewed again.
  await db.qaItems.update(item.itemId, { local: 'rejected', clientId: null, error: result.message });
}
