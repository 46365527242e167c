/**
 * Deferred work (idle-time warm-up, the router's URL write) stands aside while the arbitrator's
 * own write is on its way to disk. A decision's transaction places its requests at once, but
 * IndexedDB hands each result back as a task on this thread, and the transaction commits only
 * after those tasks have run: an idle slice that starts in the gap between them holds the commit
 * back by its whole length. The workstation bench traced 8–12 ms idle slices inside the
 * keystroke-to-durable window (docs/performance.md).
 */
let holds = 0;

/** Holds idle work back until `work` settles; returns it. */
export function holdIdleWork<T>(work: Promise<T>): Promise<T> {
  holds++;
  return work.finally(() => {
    holds--;
  });
}

/** Whether deferred work should wait for a later idle period. */
export const idleWorkHeld = (): boolean => holds > 0;

/**
 * Resolves in an idle period while no foreground write is held (at once where the platform has no
 * idle callbacks, as in Node); `timeoutMs` bounds the wait for an idle period, not for a held write.
 */
export function nextIdle(timeoutMs = 2000): Promise<void> {
  if (typeof requestIdleCallback !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    const run = (deadline: IdleDeadline) => (idleWorkHeld() || (deadline.timeRemaining() < 5 && !deadline.didTimeout) ? requestIdleCallback(run, { timeout: timeoutMs }) : resolve());
    requestIdleCallback(run, { timeout: timeoutMs });
  });
}
