import { afterEach, describe, expect, it, vi } from 'vitest';
import { relayRoutes } from '@common/api/routes';
import { buildGavelApi } from '@common/ipc/client';
import { BridgeMissingError, IpcCallError, relayCalls } from './bridge';

describe('relayCalls', () => {
  afterEach(() => vi.unstubAllGlobals());

  const install = (invoke: (channel: string, request: unknown) => Promise<unknown>) =>
    vi.stubGlobal('window', { gavel: buildGavelApi({ invoke: invoke as never, subscribe: () => () => undefined }, 'browser') });

  it('has one call per relayed route of the area, each unwrapping the answer', async () => {
    const invoke = vi.fn((channel: string, request: unknown) => Promise.resolve({ ok: true, data: { channel, request } }));
    install(invoke);
    const qa = relayCalls('qa');
    const actions = Object.keys(relayRoutes).filter((c) => c.startsWith('qa:')).map((c) => c.slice(3));
    expect(Object.keys(qa).sort()).toEqual(actions.sort());
    expect(await qa.plans()).toEqual({ channel: 'qa:plans', request: undefined });
    expect(await qa.records({ limit: 5 })).toEqual({ channel: 'qa:records', request: { limit: 5 } });
  });

  it("throws main's error, keeping its code and field", async () => {
    install(() => Promise.resolve({ ok: false, error: { code: 'forbidden', message: 'no', field: 'assigneeId' } }));
    const err = await relayCalls('qa')
      .createPlan({ name: 'x', method: { type: 'random', size: 1 } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpcCallError);
    expect(err).toMatchObject({ code: 'forbidden', field: 'assigneeId' });
  });

  it('reaches window.gavel only when called, so importing it without a bridge is harmless', async () => {
    vi.stubGlobal('window', {});
    const qa = relayCalls('qa');
    await expect(qa.golden()).rejects.toBeInstanceOf(BridgeMissingError);
  });
});
