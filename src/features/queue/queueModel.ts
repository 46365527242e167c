/**
 * Filtering and sorting the queue, as plain functions over CaseRow arrays. They run on every
 * keystroke of the search box over up to 100k rows, so they avoid per-row allocation: one pass to
 * filter, one sort with a numeric key where possible.
 */
import type { ComplaintKind } from '@common/domain';
import type { CaseRow, LocalState } from '../../data/rows';

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

/** What a row's text search looks in: its stored search text, or (rows from before it existed) its tokens. */
const legacyText = new WeakMap<CaseRow, string>();
function haystack(r: CaseRow): string {
  if (r.searchText !== undefined) return r.searchText;
  let t = legacyText.get(r);
  if (t === undefined) {
    t = r.tokens.join(' ');
    legacyText.set(r, t);
  }
  return t;
}

/** Search terms: whitespace-separated, case-insensitive; every term must occur in the row's text. */
export function queryTerms(query: string): string[] {
  // NUL separates rows in the search corpus; no one searches for it.
  return query.replaceAll('\u0000', ' ').trim().toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * The search texts of a list, joined into one string (rows separated by a NUL, which no search
 * term contains) with each row's start offset: a term is then found by the engine's native string
 * search across all rows at once, instead of one property read and one `includes` per row.
 * Cached per list: the queue filters the same sorted list keystroke after keystroke.
 */
type SearchCorpus = { text: string; starts: Int32Array };
const corpusCache = new WeakMap<readonly CaseRow[], SearchCorpus>();
const SEPARATOR = '\u0000';

/** corpusOf, slice by slice (idle-time warm-up); cached when done. */
function* corpusSteps(rows: readonly CaseRow[]): Generator<void, SearchCorpus> {
  const cached = corpusCache.get(rows);
  if (cached) return cached;
  let parts = textsCache.get(rows);
  if (!parts) {
    parts = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      parts[i] = searchTextOf(rows[i]!);
      if (i % SLICE === SLICE - 1) yield;
    }
  }
  const starts = new Int32Array(rows.length + 1);
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    starts[i] = at;
    at += parts[i]!.length + 1;
  }
  starts[rows.length] = at;
  const corpus = { text: parts.join(SEPARATOR), starts };
  corpusCache.set(rows, corpus);
  textsCache.delete(rows);
  return corpus;
}

/** A row's search text without NULs (they separate rows in the corpus). */
function searchTextOf(r: CaseRow): string {
  const text = haystack(r);
  return text.includes(SEPARATOR) ? text.replaceAll(SEPARATOR, ' ') : text;
}

/**
 * Texts read by a first search of a list, before its corpus exists: reading 100k row objects is
 * most of the cost of a corpus (they are scattered over the heap), so the first search reads them
 * once, matching as it goes, and keeps the texts for the corpus to join later.
 */
const textsCache = new WeakMap<readonly CaseRow[], string[]>();

/** Marks (1) the rows whose text contains every term. */
function matchTerms(rows: readonly CaseRow[], terms: readonly string[]): Uint8Array {
  const corpus = corpusCache.get(rows);
  if (corpus) return scanCorpus(corpus, rows.length, terms);
  const hit = new Uint8Array(rows.length);
  const parts = textsCache.get(rows) ?? new Array<string>(rows.length);
  const fresh = !textsCache.has(rows);
  for (let i = 0; i < rows.length; i++) {
    const text = fresh ? (parts[i] = searchTextOf(rows[i]!)) : parts[i]!;
    let all = true;
    for (const t of terms) if (!text.includes(t)) { all = false; break; }
    if (all) hit[i] = 1;
  }
  if (fresh) textsCache.set(rows, parts);
  return hit;
}

/** The same marks from the corpus: one native scan of the joined text per term. */
function scanCorpus({ text, starts }: SearchCorpus, n: number, terms: readonly string[]): Uint8Array {
  let matched: Uint8Array | null = null;
  for (const term of terms) {
    const hit = new Uint8Array(n);
    let row = 0;
    let pos = text.indexOf(term);
    while (pos >= 0) {
      while (starts[row + 1]! <= pos) row++;
      // A match cannot run past the row's end into the separator: terms have no NUL.
      if (!matched || matched[row]) hit[row] = 1;
      row++;
      if (row >= n) break;
      pos = text.indexOf(term, starts[row]);
    }
    matched = hit;
  }
  return matched ?? new Uint8Array(n).fill(1);
}

/** One pass; keeps the order of `rows` (so filtering an already sorted list needs no re-sort). */
export function filterRows(rows: readonly CaseRow[], f: QueueFilter): CaseRow[] {
  const terms = queryTerms(f.query);
  const kinds = f.kinds.length ? new Set<string>(f.kinds) : null;
  const sev = f.severities.length ? new Set<string>(f.severities) : null;
  const locals = f.locals.length ? new Set<string>(f.locals) : null;
  if (!terms.length && !kinds && !sev && !locals) return rows.slice();
  const textMatch = terms.length ? matchTerms(rows, terms) : null;
  const out: CaseRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (textMatch && !textMatch[i]) continue;
    const r = rows[i]!;
    if (kinds && !kinds.has(r.kind)) continue;
    if (sev && !sev.has(SEVERITY_OF_RANK[r.topSeverity] ?? 'none')) continue;
    if (locals && !locals.has(r.local)) continue;
    out.push(r);
  }
  return out;
}

/** Builds the search text of `rows` ahead of the first keystroke, slice by slice (idle time). */
export function* warmSearch(rows: readonly CaseRow[]): Generator<void, void> {
  yield* corpusSteps(rows);
}

/** Severity weight: a critical outweighs any number of warnings, a warning any number of infos. */
export function findingWeight(r: CaseRow): number {
  return r.findingCounts.critical * 1e6 + r.findingCounts.warn * 1e3 + r.findingCounts.info;
}

const LOCAL_RANK: Record<LocalState, number> = { conflict: 0, open: 1, pending: 2, synced: 3 };
const NO_LEASE = -1;

/** Rows per slice of idle-time work: a few milliseconds each on this kind of machine. */
const SLICE = 8192;

/** Runs a slice-by-slice computation to its end, at once. */
function complete<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Integer sort keys for `rows`, one per row (strings become their collation rank), yielding after
 * every slice of rows so idle-time warm-up can stop between slices.
 */
function* sortKeySteps(rows: readonly CaseRow[], id: SortColumn, collator: Intl.Collator): Generator<void, Float64Array> {
  const keys = new Float64Array(rows.length);
  let key: (r: CaseRow) => number;
  switch (id) {
    case 'kind':
    case 'parties': {
      const text = id === 'kind' ? (r: CaseRow) => r.kind : (r: CaseRow) => r.complainantName;
      const values = new Set<string>();
      for (let i = 0; i < rows.length; i++) {
        values.add(text(rows[i]!));
        if (i % SLICE === SLICE - 1) yield;
      }
      const rank = stringRanks(values, collator);
      yield;
      key = (r) => rank.get(text(r)) ?? 0;
      break;
    }
    case 'amount':
      key = (r) => Math.trunc(r.amountFen);
      break;
    case 'findings':
      key = findingWeight;
      break;
    case 'sla':
      key = (r) => r.dueAtMs;
      break;
    case 'lease':
      key = (r) => r.leaseExpiresAtMs ?? NO_LEASE;
      break;
    case 'status':
      key = (r) => LOCAL_RANK[r.local] * 100 + (r.status.charCodeAt(0) || 0);
      break;
  }
  for (let i = 0; i < rows.length; i++) {
    keys[i] = key(rows[i]!);
    if (i % SLICE === SLICE - 1) yield;
  }
  if (id === 'lease') {
    // No lease sorts last ascending: nothing is about to expire there.
    let max = 0;
    for (const k of keys) if (k > max) max = k;
    for (let i = 0; i < keys.length; i++) if (keys[i] === NO_LEASE) keys[i] = max + 1;
  }
  return keys;
}

/**
 * Collation ranks of strings, cached per collator: names repeat across sorts, and comparing 100k
 * Chinese strings with Intl.Collator costs far more than looking their ranks up.
 */
const rankCache = new WeakMap<Intl.Collator, Map<string, number>>();
function stringRanks(values: ReadonlySet<string>, collator: Intl.Collator): Map<string, number> {
  const cached = rankCache.get(collator);
  if (cached && [...values].every((v) => cached.has(v))) return cached;
  const distinct = [...new Set([...(cached?.keys() ?? []), ...values])].sort(collator.compare);
  const ranks = new Map(distinct.map((v, i) => [v, i]));
  rankCache.set(collator, ranks);
  return ranks;
}

/**
 * `list` reordered by integer `keys`, ties keeping their order in `list` (a stable sort). When key
 * range × length fits in a double's 53 bits, key and position are packed into one number and
 * sorted natively, which is several times faster than a comparator over 100k rows.
 */
function sortByKeys(list: readonly CaseRow[], keys: Float64Array, desc: boolean): CaseRow[] {
  return complete(sortByKeysSteps(list, keys, desc));
}

/** sortByKeys in steps of one pass over the rows each (the native sort of 100k numbers is one step). */
function* sortByKeysSteps(list: readonly CaseRow[], keys: Float64Array, desc: boolean): Generator<void, CaseRow[]> {
  const n = list.length;
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (const k of keys) {
    if (k < min) min = k;
    if (k > max) max = k;
    if (!Number.isInteger(k)) integral = false;
  }
  yield;
  const slots = 2 ** Math.ceil(Math.log2(n + 1));
  if (n > 0 && integral && (max - min + 1) * slots <= Number.MAX_SAFE_INTEGER) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = (desc ? max - keys[i]! : keys[i]! - min) * slots + i;
    yield;
    packed.sort();
    yield;
    const out = new Array<CaseRow>(n);
    for (let i = 0; i < n; i++) out[i] = list[packed[i]! % slots]!;
    return out;
  }
  const dir = desc ? -1 : 1;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => (keys[a]! - keys[b]!) * dir || a - b);
  return idx.map((i) => list[i]!);
}

/** The queue's base order, by SLA deadline (ties by position in `rows`); cached per rows array. */
const slaOrders = new WeakMap<readonly CaseRow[], CaseRow[]>();
function slaOrder(rows: readonly CaseRow[], collator: Intl.Collator): CaseRow[] {
  let base = slaOrders.get(rows);
  if (!base) {
    base = sortByKeys(rows, complete(sortKeySteps(rows, 'sla', collator)), false);
    slaOrders.set(rows, base);
  }
  return base;
}

/** Sorted orders already computed for a base order, by column and direction (the data did not change). */
const sortedCache = new WeakMap<readonly CaseRow[], Map<string, readonly CaseRow[]>>();
/** Sort keys of a base order, by column (and locale, for the text columns). */
const keyCache = new WeakMap<readonly CaseRow[], Map<string, Float64Array>>();

/** A column's sort keys over a base order, slice by slice; cached when the last slice is done. */
function* keySteps(base: readonly CaseRow[], id: SortColumn, collator: Intl.Collator): Generator<void, Float64Array> {
  let cache = keyCache.get(base);
  if (!cache) keyCache.set(base, (cache = new Map<string, Float64Array>()));
  const key = `${id}:${collator.resolvedOptions().locale}`;
  let keys = cache.get(key);
  if (!keys) {
    keys = yield* sortKeySteps(base, id, collator);
    cache.set(key, keys);
  }
  return keys;
}

/**
 * Sorted by one column; ties keep the SLA order, so the selection does not jump around between
 * equal rows when the data refreshes. The result is shared (cached per data version): do not mutate.
 */
export function sortRows(rows: readonly CaseRow[], sort: QueueSort, collator: Intl.Collator): readonly CaseRow[] {
  return complete(sortSteps(rows, sort, collator));
}

/** sortRows slice by slice; the order is cached when done. */
function* sortSteps(rows: readonly CaseRow[], sort: QueueSort, collator: Intl.Collator): Generator<void, readonly CaseRow[]> {
  const base = slaOrder(rows, collator);
  if (sort.id === 'sla' && !sort.desc) return base;
  let cache = sortedCache.get(base);
  if (!cache) sortedCache.set(base, (cache = new Map<string, readonly CaseRow[]>()));
  const key = `${sort.id}:${sort.desc ? 'desc' : 'asc'}:${collator.resolvedOptions().locale}`;
  let sorted = cache.get(key);
  if (!sorted) {
    const keys = yield* keySteps(base, sort.id, collator);
    sorted = yield* sortByKeysSteps(base, keys, sort.desc);
    cache.set(key, sorted);
  }
  return sorted;
}

/**
 * The work a first sort by each column would do (the base order, each column's keys, then the
 * order itself both ways), in slices of a few milliseconds over 100k rows, for the queue to run
 * while the page is idle: a click on a column header then only renders. The orders cost one
 * array of row references each (14 × 100k).
 */
export function* sortWarmSteps(rows: readonly CaseRow[], collator: Intl.Collator): Generator<void, void> {
  slaOrder(rows, collator);
  yield;
  for (const id of SORTABLE) for (const desc of [false, true]) yield* sortSteps(rows, { id, desc }, collator);
}

/** The row after/before `id` in the visible order, clamped; the first row when nothing is selected. */
export function stepSelection(rows: readonly { id: string }[], current: string | null, delta: number): string | null {
  if (rows.length === 0) return null;
  const i = current === null ? -1 : rows.findIndex((r) => r.id === current);
  if (i < 0) return rows[0]?.id ?? null;
  const next = Math.min(rows.length - 1, Math.max(0, i + delta));
  return rows[next]?.id ?? null;
}
