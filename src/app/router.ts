import { create } from 'zustand';
import { idleWorkHeld } from '../data/idleWork';

/**
 * The one hash router: which page is shown (`#/queue`, `#/qa`, …) and which case is open
 * (`#/queue/case/<id>`), in one store kept in step with the URL by one listener. Hash routes are
 * in-page navigation, so Electron's will-navigate guard never sees them. The case view lives under
 * the queue route, so the page stays "queue" and the browser's back button returns from a case to
 * the queue.
 */
export const ROUTES = ['queue', 'inbox', 'qa', 'policy', 'settings', 'conflicts', 'workforce', 'routing'] as const;
export type Route = (typeof ROUTES)[number];

const CASE_PREFIX = '#/queue/case/';

export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0];
  return (ROUTES as readonly string[]).includes(name ?? '') ? (name as Route) : 'queue';
}

export function caseIdFromHash(hash: string): string | null {
  if (!hash.startsWith(CASE_PREFIX)) return null;
  const raw = hash.slice(CASE_PREFIX.length).split(/[?/]/, 1)[0] ?? '';
  try {
    const id = decodeURIComponent(raw);
    return id || null;
  } catch {
    return null;
  }
}

export const hrefFor = (route: Route): string => `#/${route}`;
export const caseHref = (id: string): string => `${CASE_PREFIX}${encodeURIComponent(id)}`;

type Location = { route: Route; caseId: string | null };
const locationOf = (hash: string): Location => ({ route: routeFromHash(hash), caseId: caseIdFromHash(hash) });

// Outside a browser (unit tests of models that import a feature's index) there is no URL to follow.
const hasWindow = typeof window !== 'undefined';
const useRouterStore = create<Location>(() => locationOf(hasWindow ? window.location.hash : ''));
const follow = (): void => useRouterStore.setState(locationOf(window.location.hash));
if (hasWindow) {
  // Back and forward over History API entries may arrive as popstate only; the one listener hears both.
  window.addEventListener('hashchange', follow);
  window.addEventListener('popstate', follow);
}

export const useRoute = (): Route => useRouterStore((s) => s.route);
export const useOpenCaseId = (): string | null => useRouterStore((s) => s.caseId);
/** The case open now, outside React (the shell closes it when the signed-in pair changes). */
export const openCaseIdNow = (): string | null => useRouterStore.getState().caseId;

/**
 * Shows the target at once (the store updates synchronously) and records it in the URL once the
 * page is idle, through the History API: a URL update is a round trip to the browser process, paid
 * on every "next case". Case to case replaces the history entry, so Back returns to the queue
 * rather than walking through every case seen. Back and forward arrive as hashchange events like
 * any other hash change.
 */
let pendingUrl: { hash: string; replace: boolean; from: string } | null = null;
function go(hash: string, replace: boolean): void {
  if ((pendingUrl?.hash ?? window.location.hash) === hash) return;
  useRouterStore.setState(locationOf(hash));
  // Several moves before the write collapse into one entry; the first move decides push or replace.
  const push = pendingUrl ? !pendingUrl.replace : !replace;
  pendingUrl = { hash, replace: !push, from: pendingUrl?.from ?? window.location.hash };
  whenIdle(() => {
    const next = pendingUrl;
    pendingUrl = null;
    // Not over a URL the browser changed meanwhile: a link clicked just after "commit and next"
    // moves the hash at once but announces it a task later, and writing the case back first made
    // that announcement follow the case instead of the link (the conflicts e2e caught it).
    if (!next || window.location.hash === next.hash || window.location.hash !== next.from) return;
    const url = `${window.location.pathname}${window.location.search}${next.hash}`;
    if (next.replace) window.history.replaceState(window.history.state, '', url);
    else window.history.pushState(window.history.state, '', url);
  });
}

/**
 * After the case has rendered: the URL write would otherwise land between the store update and
 * the case view's first paint (docs/performance.md).
 */
function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback !== 'function') return void setTimeout(fn, 0);
  // Not in the middle of a decision's write either (idleWork.ts); the timeout still bounds the wait.
  const run = (deadline: IdleDeadline) => (idleWorkHeld() && !deadline.didTimeout ? requestIdleCallback(run, { timeout: 250 }) : fn());
  requestIdleCallback(run, { timeout: 250 });
}

export function openCase(id: string): void {
  go(caseHref(id), caseIdFromHash(pendingUrl?.hash ?? window.location.hash) !== null);
}

export function closeCase(): void {
  go('#/queue', false);
}
