/**
 * Saved queue views: a name with a filter and a sort, kept on this machine (localStorage). Stored
 * data is read back through `parseViews`, which keeps only well-formed entries, so an old or
 * hand-edited value can never break the queue.
 */
import { create } from 'zustand';
import { COMPLAINT_KINDS } from '@common/domain';
import type { LocalState } from '../../data/rows';
import { SEVERITY_FILTERS, SORTABLE, type QueueFilter, type QueueSort } from './queueModel';

export type SavedView = { name: string; filter: QueueFilter; sort: QueueSort };

const KEY = 'gavel.queueViews.v1';
const LOCALS: readonly string[] = ['open', 'pending', 'synced', 'conflict'];

const strings = (v: unknown, allowed: readonly string[]): string[] | null =>
  Array.isArray(v) && v.every((x) => typeof x === 'string' && allowed.includes(x)) ? (v as string[]) : null;

export function parseViews(raw: unknown): SavedView[] {
  if (!Array.isArray(raw)) return [];
  const out: SavedView[] = [];
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) continue;
    const o = item as Record<string, unknown>;
    const f = (typeof o.filter === 'object' && o.filter !== null ? o.filter : {}) as Record<string, unknown>;
    const s = (typeof o.sort === 'object' && o.sort !== null ? o.sort : {}) as Record<string, unknown>;
    const kinds = strings(f.kinds, COMPLAINT_KINDS);
    const severities = strings(f.severities, SEVERITY_FILTERS);
    const locals = strings(f.locals, LOCALS);
    if (typeof o.name !== 'string' || !o.name.trim() || typeof f.query !== 'string' || !kinds || !severities || !locals) continue;
    if (typeof s.id !== 'string' || !(SORTABLE as readonly string[]).includes(s.id) || typeof s.desc !== 'boolean') continue;
    out.push({
      name: o.name.trim().slice(0, 40),
      filter: { query: f.query, kinds: kinds as QueueFilter['kinds'], severities: severities as QueueFilter['severities'], locals: locals as LocalState[] },
      sort: { id: s.id as QueueSort['id'], desc: s.desc },
    });
  }
  return out;
}

/** Adds or replaces (by name) a view; newest last. */
export function upsertView(views: readonly SavedView[], view: SavedView): SavedView[] {
  return [...views.filter((v) => v.name !== view.name), view];
}

function load(): SavedView[] {
  try {
    return parseViews(JSON.parse(localStorage.getItem(KEY) ?? '[]'));
  } catch {
    return [];
  }
}

const useViewsStore = create<{ views: SavedView[] }>(() => ({ views: typeof localStorage === 'undefined' ? [] : load() }));

export const useSavedViews = (): SavedView[] => useViewsStore((s) => s.views);

function persist(views: SavedView[]): void {
  localStorage.setItem(KEY, JSON.stringify(views));
  useViewsStore.setState({ views });
}

export const savedViews = {
  save: (view: SavedView) => persist(upsertView(useViewsStore.getState().views, view)),
  remove: (name: string) => persist(useViewsStore.getState().views.filter((v) => v.name !== name)),
};
