import type { ConnectionState } from '@common/ipc/types';

export type ConnectionMonitor = {
  getState(): ConnectionState;
  /** Point the monitor at a backend (or none) and probe at once. */
  setBackendUrl(url: string | null): void;
  /**
   * Probe now instead of at the next tick: real traffic just failed (or worked while the monitor
   * said offline), so the state shown may be stale. The probe, not the traffic, decides.
   */
  probeNow(): void;
  stop(): void;
};

export type ConnectionMonitorOptions = {
  onChange: (state: ConnectionState) => void;
  intervalMs?: number;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  now?: () => Date;
};

/**
 * Main owns the network, so main decides whether the backend is reachable: it probes `GET /healthz`
 * on the backend every second and reports changes, so a lost or restored backend shows within
 * interval + timeout (under 3 s), whatever sync is doing. Real traffic that fails only asks for an
 * early probe (`probeNow`).
 */
export function createConnectionMonitor(options: ConnectionMonitorOptions): ConnectionMonitor {
  const intervalMs = options.intervalMs ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 1_500;
  const fetchImpl = options.fetchImpl ?? fetch;
  const now = options.now ?? (() => new Date());
  let state: ConnectionState = { status: 'not_configured', backendUrl: null, checkedAt: null, detail: null };
  let timer: NodeJS.Timeout | null = null;
  let generation = 0;
  let probing = false;
  let current: string | null = null;

  const publish = (next: ConnectionState) => {
    const changed =
      next.status !== state.status || next.backendUrl !== state.backendUrl || next.detail !== state.detail;
    state = next;
    if (changed) options.onChange(state);
  };

  async function probe(url: string, gen: number): Promise<void> {
    probing = true;
    let next: ConnectionState;
    try {
      const response = await fetchImpl(new URL('healthz', url.endsWith('/') ? url : `${url}/`), {
        signal: AbortSignal.timeout(timeoutMs),
        headers: { accept: 'application/json' },
      });
      next = response.ok
        ? { status: 'online', backendUrl: url, checkedAt: now().toISOString(), detail: null }
        : { status: 'offline', backendUrl: url, checkedAt: now().toISOString(), detail: `HTTP ${response.status}` };
    } catch (error) {
      const detail = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      next = { status: 'offline', backendUrl: url, checkedAt: now().toISOString(), detail };
    }
    probing = false;
    if (gen !== generation) return; // the URL changed (or an early probe took over) while this one was in flight
    publish(next);
    timer = setTimeout(() => void probe(url, gen), intervalMs);
    timer.unref();
  }

  return {
    getState: () => state,
    setBackendUrl(url) {
      generation++;
      current = url;
      if (timer) clearTimeout(timer);
      timer = null;
      if (url === null) {
        publish({ status: 'not_configured', backendUrl: null, checkedAt: null, detail: null });
        return;
      }
      publish({ status: 'checking', backendUrl: url, checkedAt: state.checkedAt, detail: null });
      void probe(url, generation);
    },
    probeNow() {
      if (current === null || probing) return;
      generation++;
      if (timer) clearTimeout(timer);
      timer = null;
      void probe(current, generation);
    },
    stop() {
      generation++;
      current = null;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
