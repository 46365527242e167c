import { describe, expect, it, vi } from 'vitest';
import type { ConnectionState } from '@common/ipc/types';
import { createConnectionMonitor } from './connectionMonitor';

describe('connection monitor', () => {
  it('probes /healthz and reports online, offline and not_configured', async () => {
    const states: ConnectionState[] = [];
    const fetchImpl = vi.fn((url: URL | string) =>
      String(url).startsWith('http://up/')
        ? Promise.resolve(new Response('{}', { status: 200 }))
        : Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') })),
    );
    const monitor = createConnectionMonitor({ onChange: (s) => states.push(s), fetchImpl: fetchImpl as typeof fetch });
    monitor.setBackendUrl('http://up');
    await vi.waitFor(() => expect(monitor.getState().status).toBe('online'));
    expect(fetchImpl).toHaveBeenCalledWith(new URL('http://up/healthz'), expect.anything());
    monitor.setBackendUrl('http://down');
    await vi.waitFor(() => expect(monitor.getState()).toMatchObject({ status: 'offline', detail: 'ECONNREFUSED' }));
    monitor.setBackendUrl(null);
    expect(states.map((s) => s.status)).toEqual(['checking', 'online', 'checking', 'offline', 'not_configured']);
    monitor.stop();
  });
});
