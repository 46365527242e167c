import { create } from 'zustand';

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
window.addEventListener('hashchange', () => useCaseRouteStore.setState({ caseId: caseIdFromHash(window.location.hash) }));

export const useOpenCaseId = (): string | null => useCaseRouteStore((s) => s.caseId);

export function openCase(id: string): void {
  window.location.hash = caseHref(id);
}

export function closeCase(): void {
  window.location.hash = '#/queue';
}
