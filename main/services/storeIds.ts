/**
 * Local data belongs to one (backend, account) pair: the renderer keeps one IndexedDB database per
 * pair and main one media folder per pair. The pair's id is derived here, once, from what main
 * knows about the session; the renderer only ever receives it.
 */
import { createHash } from 'node:crypto';

/** The backend the app is pointed at: a configured address, or the one main runs itself. */
export type BackendRef = { url: string; embedded: boolean };

/**
 * A backend as part of a pair. The embedded (standalone) backend is one backend whatever port it
 * listens on this run; any other is its address, normalised so `https://h/x/` and `https://H/x`
 * are the same backend.
 */
export function backendKey(backend: BackendRef): string {
  if (backend.embedded) return 'standalone';
  try {
    const u = new URL(backend.url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return backend.url;
  }
}

/**
 * The store of one account on one backend, readable in the browser's storage inspector:
 * `gavel:<backend>:<user id>`. User ids are the server's (random, never reused), so two servers
 * that both have an `arbitrator1` still give two stores.
 */
export function storeIdOf(backend: BackendRef, userId: string): string {
  return `gavel:${backendKey(backend)}:${userId}`;
}

/** A file-system-safe folder name for a store (its media cache). */
export function storeFolder(storeId: string): string {
  return createHash('sha256').update(storeId).digest('hex').slice(0, 32);
}
