import { describe, expect, it, vi } from 'vitest';
import { relayRoutes } from '../api/routes';
import type { RelayChannel } from './channels';
import type { IpcHandlers, IpcSender } from './router';
import { createIpcRouter, formatIssuePath } from './router';
import { IpcHandlerError } from './result';
import { DEFAULT_SETTINGS } from './settings';

const APP = 'app://gavel';
const UPDATE = { status: 'unsupported', unsupported: 'browser_mode', currentVersion: '0', version: null, percent: null, feedUrl: null, detail: null, checkedAt: null } as const;
const main: IpcSender = { url: 'app://gavel/index.html#/queue', isMainFrame: true };

/** Relay channels this file does not dispatch answer as a refusing backend would. */
const relays = Object.fromEntries(
  Object.keys(relayRoutes).map((channel) => [
    channel,
    () => {
      throw new IpcHandlerError('forbidden', 'not in this test');
    },
  ]),
) as unknown as Pick<IpcHandlers, RelayChannel>;

function handlers(overrides: Partial<IpcHandlers> = {}): IpcHandlers {
  return {
    ...relays,
    'app:info': () => ({ name: 'Gavel', version: '0', mode: 'electron', platform: 'linux', osUser: 'u', user: null, tokenStorage: { kind: 'file', path: '/tmp/session.json', reason: null } }),
    'app:ping': ({ nonce }) => ({ pong: nonce, at: 'now' }),
    'settings:get': () => DEFAULT_SETTINGS,
    'settings:set': (patch) => ({ ...DEFAULT_SETTINGS, ...(patch.locale ? { locale: patch.locale } : {}) }),
    'connection:get': () => ({ status: 'not_configured', backendUrl: null, checkedAt: null, detail: null }),
    'session:status': () => ({ user: null, backendUrl: null, standalone: false, store: null }),
    'session:login': () => ({ user: null, backendUrl: null, standalone: false, store: null }),
    'session:logout': () => ({ user: null, backendUrl: null, standalone: false, store: null }),
    'sync:pull': () => ({ changes: [], cursor: '0.0', hasMore: false }),
    'sync:push': () => ({ results: [], quarantined: [] }),
    'sync:claim': () => ({ cases: [] }),
    'sync:heartbeat': () => ({ renewed: [], lost: [] }),
    'sync:case': () => {
      throw new IpcHandlerError('not_found', 'not in this test');
    },
    'media:get': () => ({ url: '/__gavel/media/x', mimeType: 'image/png', bytes: 0 }),
    'qa:preview': (plan) => ({ seed: plan.seed ?? 1, population: 0, total: 0, strata: [], items: [] }),
    'app:startup': () => ({ phase: 'ready', done: 0, total: 0, detail: null }),
    'diagnostics:export': () => ({ path: '/tmp/d.json', fileName: 'd.json', bytes: 2, ms: 1 }),
    'update:status': () => UPDATE,
    'update:check': () => UPDATE,
    'update:download': () => UPDATE,
    'update:install': () => UPDATE,
    ...overrides,
  };
}

describe('createIpcRouter', () => {
  it('dispatches a valid call from the app main frame', async () => {
    const router = createIpcRouter(handlers(), { allowedOrigins: [APP] });
    expect(await router.handle('app:ping', { nonce: 'n1' }, main)).toEqual({ ok: true, data: { pong: 'n1', at: 'now' } });
    expect(await router.handle('settings:set', { locale: 'en' }, main)).toMatchObject({ ok: true, data: { locale: 'en' } });
  });

  it('validates QA requests in main: a plan missing its size, an override with a stray field', async () => {
    const router = createIpcRouter(handlers(), { allowedOrigins: [APP] });
    expect(await router.handle('qa:preview', { name: 'p', method: { type: 'random', size: 5 }, seed: 3 }, main)).toMatchObject({ ok: true, data: { seed: 3 } });
    expect(await router.handle('qa:preview', { name: 'p', method: { type: 'stratified', by: 'kind', allocation: { type: 'equal' } } }, main)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', field: 'method.size' },
    });
    const override = { clientId: 'c', caseId: 'x', decision: { verdict: 'upheld', remedies: ['warn'], reasonCodes: ['A'] }, reason: 'r', token: 'steal' };
    expect(await router.handle('qa:override', override, main)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
  });

  it('refuses unknown channels, including non-strings, before running anything', async () => {
    const router = createIpcRouter(handlers(), { allowedOrigins: [APP] });
    for (const channel of ['app:exec', 'settings', '__proto__', 'toString', 42, null, { channel: 'app:info' }]) {
      const result = await router.handle(channel, undefined, main);
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
  });

  it('rejects a sender that is not the main frame or not on an allowed origin', async () => {
    const ping = vi.fn(() => ({ pong: 'x', at: 'now' }));
    const router = createIpcRouter(handlers({ 'app:ping': ping }), { allowedOrigins: [APP] });
    const senders: IpcSender[] = [
      { url: 'app://gavel/index.html', isMainFrame: false }, // an iframe inside the app
      { url: 'https://evil.example/', isMainFrame: true },
      { url: 'app://gavel.evil/index.html', isMainFrame: true },
      { url: 'app://evil@gavel.evil/', isMainFrame: true },
      { url: 'file:///work/out/renderer/index.html', isMainFrame: true },
      { url: 'about:blank', isMainFrame: true },
      { url: '', isMainFrame: true },
    ];
    for (const sender of senders) {
      expect(await router.handle('app:ping', { nonce: 'x' }, sender)).toMatchObject({
        ok: false,
        error: { code: 'forbidden_sender' },
      });
    }
    expect(ping).not.toHaveBeenCalled();
  });

  it('accepts the browser-mode host origin when configured, case-insensitively', async () => {
    const router = createIpcRouter(handlers(), { allowedOrigins: ['http://127.0.0.1:4321'] });
    expect(await router.handle('app:ping', { nonce: 'a' }, { url: 'HTTP://127.0.0.1:4321/', isMainFrame: true })).toMatchObject({ ok: true });
    expect(await router.handle('app:ping', { nonce: 'a' }, { url: 'http://127.0.0.1:4322/', isMainFrame: true })).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
  });

  it('rejects bad arguments and names the field', async () => {
    const set = vi.fn(() => DEFAULT_SETTINGS);
    const router = createIpcRouter(handlers({ 'settings:set': set }), { allowedOrigins: [APP] });
    const bad = await router.handle('settings:set', { locale: 'fr' }, main);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_args', field: 'locale' } });
    const url = await router.handle('settings:set', { backendUrl: 'file:///etc/passwd' }, main);
    expect(url).toMatchObject({ ok: false, error: { code: 'invalid_args', field: 'backendUrl' } });
    const extra = await router.handle('settings:set', { locale: 'en', isAdmin: true }, main);
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    const notObject = await router.handle('settings:set', 'en', main);
    expect(notObject).toMatchObject({ ok: false, error: { code: 'invalid_args', field: '(request)' } });
    const unexpected = await router.handle('app:info', { anything: 1 }, main);
    expect(unexpected).toMatchObject({ ok: false, error: { code: 'invalid_args', field: '(request)' } });
    expect(set).not.toHaveBeenCalled();
  });

  it('wraps handler errors as {ok: false}, keeping IpcHandlerError codes', async () => {
    const onHandlerError = vi.fn();
    const router = createIpcRouter(
      handlers({
        'settings:get': () => {
          throw new Error('disk on fire');
        },
        'app:ping': () => Promise.reject(new IpcHandlerError('rate_limited', 'Slow down', 'nonce')),
        'connection:get': () => {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- proves non-Error throws are wrapped too
          throw 'a string';
        },
      }),
      { allowedOrigins: [APP], onHandlerError },
    );
    expect(await router.handle('settings:get', undefined, main)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'settings:get failed: disk on fire' },
    });
    expect(await router.handle('app:ping', { nonce: 'x' }, main)).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'Slow down', field: 'nonce' },
    });
    expect(await router.handle('connection:get', undefined, main)).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(onHandlerError).toHaveBeenCalledTimes(3);
  });
});

describe('formatIssuePath', () => {
  it('renders zod paths readably', () => {
    expect(formatIssuePath([])).toBe('(request)');
    expect(formatIssuePath(['locale'])).toBe('locale');
    expect(formatIssuePath(['items', 0, 'sku'])).toBe('items[0].sku');
  });
});
