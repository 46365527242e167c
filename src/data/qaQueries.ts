/**
 * Supervisor QA for components: live queries over the QA tables, and the backend calls that have
 * no offline meaning (plans, records, overrides), which go through main. The blind review is
 * written by qaRepo.recordQaReview.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { relayCalls } from './bridge';
import { appDb } from './db';
import type { QaItemRow, QaNoticeRow } from './rows';

/**
 * This supervisor's review items, oldest assignment first, in a stable order (a reviewed item keeps
 * its place, so J/K after a review moves on from where the supervisor was).
 */
export function useQaItems(): QaItemRow[] | undefined {
  return useLiveQuery(async () => (await appDb().qaItems.toArray()).sort((a, b) => a.assignedAt.localeCompare(b.assignedAt) || a.itemId.localeCompare(b.itemId)), []);
}

export function useQaItem(itemId: string | null): QaItemRow | null | undefined {
  return useLiveQuery(async () => (itemId ? ((await appDb().qaItems.get(itemId)) ?? null) : null), [itemId]);
}

/** Feedback and overrides on one of my decisions, oldest first. */
export function useQaNotices(caseId: string | null): QaNoticeRow[] | undefined {
  return useLiveQuery(async () => (caseId ? (await appDb().qaNotices.where('caseId').equals(caseId).toArray()).sort((a, b) => a.at.localeCompare(b.at)) : []), [caseId]);
}

/** This supervisor's latest QA item on a case, if any (the dashboard opens cases through it). */
export async function findQaItemByCase(caseId: string): Promise<QaItemRow | undefined> {
  const items = await appDb().qaItems.where('caseId').equals(caseId).toArray();
  return items.sort((a, b) => b.assignedAt.localeCompare(a.assignedAt))[0];
}

/** The QA backend calls, each relaying one route of common/api/routes.ts, unwrapped. */
export const qaBackend = relayCalls('qa');
