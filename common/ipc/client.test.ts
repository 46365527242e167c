import { describe, expect, it, vi } from 'vitest';
import { LOCAL_CHANNELS, type IpcEvent } from './channels';
import { buildGavelApi } from './client';
import { relayRoutes } from '../api/routes';
import { ipcContract } from './contract';

describe('buildGavelApi', () => {
  const invoke = vi.fn((channel: string, request: unknown) => Promise.resolve({ ok: true as const, data: { channel, request } }));
  const subscribe = vi.fn(() => () => undefined);
  const api = buildGavelApi({ invoke, subscribe }, 'browser');

  it("exposes main's own channels as gavel.<area>.<action>, and the table's relays through gavel.relay", async () => {
    expect(Object.keys(ipcContract).filter((c) => !(c in relayRoutes)).sort()).toEqual([...LOCAL_CHANNELS].sort());
    expect(await api.app.ping({ nonce: 'n' })).toEqual({ ok: true, data: { channel: 'app:ping', request: { nonce: 'n' } } });
    await api.settings.get();
    expect(invoke).toHaveBeenLastCalledWith('settings:get', undefined);
    const groups = api as unknown as Record<string, Record<string, unknown>>;
    for (const channel of LOCAL_CHANNELS) {
      const [area, action] = channel.split(':') as [string, string];
      expect(typeof groups[area]?.[action]).toBe('function');
    }
    expect(groups.qa, 'relays have no area object of their own').toBeUndefined();
    expect(await api.relay('qa:plans')).toEqual({ ok: true, data: { channel: 'qa:plans', request: undefined } });
    await expect(api.relay('../../x' as 'qa:plans')).rejects.toThrow(/Not a channel/);
  });

  it('is frozen, and only declared events can be subscribed', () => {
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.app)).toBe(true);
    expect(() => api.on('gavel:invoke' as IpcEvent, () => undefined)).toThrow(/Unknown event/);
    api.on('connection:state', () => undefined);
    expect(subscribe).toHaveBeenCalledWith('connection:state', expect.any(Function));
  });
});
