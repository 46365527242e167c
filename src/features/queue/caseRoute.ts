import { create } from 'zustand';
import { syncRouteFromHash } from '../../app/routes';

/**
 * The case view lives under the queue route (`#/queue/case/<id>`), so the shell's route list
 * stays "queue" and the browser's back button returns from a case to the queue.
 */
const PREFIX = '#/queue/case/';

export function caseIdFromHash(hash: string): string | null {
  if (!hash.startsWith(PREFIX)) return null;
  const raw = hash.slice(PREFIX.length).split(/[?/]/, 1)[0] ?? '';
  try {
    const id = decodeURIComponent(raw);
    return id || null;
  } catch {
    return null;
  }
}

export const caseHref = (id: string): string => `${PREFIX}${encodeURIComponent(id)}`;

const useCaseRouteStore = create<{ caseId: string | null }>(() => ({ caseId: caseIdFromHash(window.location.hash) }));
// Back and forward over History API entries may arrive as popstate only; listen to both.
for (const ev of ['hashchange', 'popstate'] as const) window.addEventListener(ev, () => useCaseRouteStore.setState({ caseId: caseIdFromHash(window.location.hash) }));

export const useOpenCaseId = (): string | null => useCaseRouteStore((s) => s.caseId);

/**
 * Shows the target at once (the stores update synchronously) and records it in the URL once the
 * page is idle, through the History API: a URL update is a round trip to the browser process that cost several
 * milliseconds per case, and "next case" has 50. Case to case replaces the history entry, so Back
 * returns to the queue rather than walking through every case seen. Back and forward arrive as
 * hashchange events like any other hash change.
 */
let pendingUrl: { hash: string; replace: boolean } | null = null;
function go(hash: string, replace: boolean): void {
  if ((pendingUrl?.hash ?? window.location.hash) === hash) return;
  useCaseRouteStore.setState({ caseId: caseIdFromHash(hash) });
  syncRouteFromHash(hash);
  // Several moves before the write collapse into one entry; the first move decides push or replace.
  const push = pendingUrl ? !pendingUrl.replace : !replace;
  pendingUrl = { hash, replace: !push };
  whenIdle(() => {
    const next = pendingUrl;
    pendingUrl = null;
    if (!next || window.location.hash === next.hash) return;
    const url = `${window.location.pathname}${window.location.search}${next.hash}`;
    if (next.replace) window.history.replaceState(window.history.state, '', url);
    else window.history.pushState(window.history.state, '', url);
  });
}

/**
 * After the case has rendered: the URL write (~10 ms in Chromium with a debugger attached, a few
 * without) would otherwise land between the store update and the case view's first paint.
 */
function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 250 });
  else setTimeout(fn, 0);
}

export function openCase(id: string): void {
  go(caseHref(id), caseIdFromHash(pendingUrl?.hash ?? window.location.hash) !== null);
}

export function closeCase(): void {
  go('#/queue', false);
}
