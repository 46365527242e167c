/**
 * Filtering and sorting the queue, as plain functions over CaseRow arrays. They run on every
 * keystroke of the search box over up to 100k rows, so they avoid per-row allocation: one pass to
 * filter, one sort with a numeric key where possible.
 */
import type { ComplaintKind } from '@common/domain';
import type { CaseRow, LocalState } from '../../data/rows';
import { queryTokens } from '../../data/search';

export type SeverityFilter = 'critical' | 'warn' | 'info' | 'none';
export const SEVERITY_FILTERS: readonly SeverityFilter[] = ['critical', 'warn', 'info', 'none'];
const SEVERITY_OF_RANK: readonly SeverityFilter[] = ['critical', 'warn', 'info', 'none'];

export type QueueFilter = {
  query: string;
  kinds: readonly ComplaintKind[];
  severities: readonly SeverityFilter[];
  locals: readonly LocalState[];
};

export const EMPTY_FILTER: QueueFilter = { query: '', kinds: [], severities: [], locals: [] };

export const SORTABLE = ['kind', 'parties', 'amount', 'findings', 'sla', 'lease', 'status'] as const;
export type SortColumn = (typeof SORTABLE)[number];
export type QueueSort = { id: SortColumn; desc: boolean };
/** Urgency first: the case closest to (or furthest past) its SLA deadline. */
export const DEFAULT_SORT: QueueSort = { id: 'sla', desc: false };

export function filterRows(rows: readonly CaseRow[], f: QueueFilter): CaseRow[] {
  const tokens = queryTokens(f.query);
  const kinds = f.kinds.length ? new Set<string>(f.kinds) : null;
  const sev = f.severities.length ? new Set<string>(f.severities) : null;
  const locals = f.locals.length ? new Set<string>(f.locals) : null;
  if (!tokens.length && !kinds && !sev && !locals) return rows.slice();
  const out: CaseRow[] = [];
  for (const r of rows) {
    if (kinds && !kinds.has(r.kind)) continue;
    if (sev && !sev.has(SEVERITY_OF_RANK[r.topSeverity] ?? 'none')) continue;
    if (locals && !locals.has(r.local)) continue;
    if (tokens.length && !tokens.every((t) => r.tokens.includes(t))) continue;
    out.push(r);
  }
  return out;
}

/** Severity weight: a critical outweighs any number of warnings, a warning any number of infos. */
export function findingWeight(r: CaseRow): number {
  return r.findingCounts.critical * 1e6 + r.findingCounts.warn * 1e3 + r.findingCounts.info;
}

const LOCAL_RANK: Record<LocalState, number> = { conflict: 0, open: 1, pending: 2, synced: 3 };

function key(id: SortColumn): (r: CaseRow) => number | string {
  switch (id) {
    case 'kind':
      return (r) => r.kind;
    case 'parties':
      return (r) => r.complainantName;
    case 'amount':
      return (r) => r.amountFen;
    case 'findings':
      return findingWeight;
    case 'sla':
      return (r) => r.dueAtMs;
    case 'lease':
      // No lease sorts last ascending: nothing is about to expire there.
      return (r) => r.leaseExpiresAtMs ?? Number.MAX_SAFE_INTEGER;
    case 'status':
      return (r) => LOCAL_RANK[r.local] * 100 + (r.status.charCodeAt(0) || 0);
  }
}

/**
 * A stable sort (ties keep the SLA order, then id) so the selection does not jump around between
 * equal rows when the data refreshes.
 */
export function sortRows(rows: CaseRow[], sort: QueueSort, collator: Intl.Collator): CaseRow[] {
  const k = key(sort.id);
  const dir = sort.desc ? -1 : 1;
  const keyed = rows.map((r) => ({ r, v: k(r) }));
  keyed.sort((a, b) => {
    const c =
      typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : collator.compare(String(a.v), String(b.v));
    if (c !== 0) return c * dir;
    return a.r.dueAtMs - b.r.dueAtMs || (a.r.id < b.r.id ? -1 : a.r.id > b.r.id ? 1 : 0);
  });
  return keyed.map((x) => x.r);
}

export type Tone = 'ok' | 'warn' | 'bad' | 'idle';

const HOUR = 3_600_000;
/** SLA colour: amber under 12 hours left, red once overdue. */
export function slaTone(dueAtMs: number, nowMs: number): Tone {
  const left = dueAtMs - nowMs;
  if (left < 0) return 'bad';
  if (left < 12 * HOUR) return 'warn';
  return 'ok';
}

/** Lease colour: amber in the last two minutes (heartbeats should have renewed it), red when lost. */
export function leaseTone(leaseExpiresAtMs: number | null, nowMs: number): Tone {
  if (leaseExpiresAtMs === null) return 'idle';
  const left = leaseExpiresAtMs - nowMs;
  if (left <= 0) return 'bad';
  if (left < 2 * 60_000) return 'warn';
  return 'ok';
}

export type Span = { negative: boolean; d: number; h: number; m: number; s: number };

export function splitSpan(ms: number): Span {
  const negative = ms < 0;
  let rest = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(rest / 86_400);
  rest -= d * 86_400;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  return { negative, d, h, m, s: rest - m * 60 };
}

/** Compact countdown: "2d 4h", "3h 05m", "4m 09s"; the sign is shown by the caller's wording. */
export function compactSpan(ms: number): string {
  const { d, h, m, s } = splitSpan(ms);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  return `${m}m ${String(s).padStart(2, '0')}s`;
}

/** ¥ with two decimals from integer fen (never through floating-point division of large sums). */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}¥${yuan.toLocaleString('en-US')}.${String(cents).padStart(2, '0')}`;
}

/** The row after/before `id` in the visible order, clamped; the first row when nothing is selected. */
export function stepSelection(ids: readonly string[], current: string | null, delta: number): string | null {
  if (ids.length === 0) return null;
  const i = current === null ? -1 : ids.indexOf(current);
  if (i < 0) return ids[0] ?? null;
  const next = Math.min(ids.length - 1, Math.max(0, i + delta));
  return ids[next] ?? null;
}
