// @vitest-environment jsdom
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../app/i18n';
import { IpcCallError } from '../data/bridge';
import { ERROR_CODES, errorWords } from './errorWords';

let i18n: Awaited<ReturnType<typeof initI18n>>;
beforeAll(async () => {
  i18n = await initI18n('zh-CN');
});

describe('errorWords', () => {
  it('words every code main, the backend client and the media cache send, in both languages', () => {
    for (const lng of ['zh-CN', 'en'] as const) {
      const t = i18n.getFixedT(lng);
      for (const code of ERROR_CODES) {
        const words = errorWords({ code }, t);
        expect(words, `${lng} ${code}`).not.toContain('errors.code');
        if (lng === 'zh-CN') expect(words, code).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('never shows the socket error main logged beside the code', () => {
    const offline = new IpcCallError({ code: 'offline', message: 'The backend cannot be reached: connect ECONNREFUSED 127.0.0.1:4000' });
    const words = errorWords(offline, i18n.getFixedT('zh-CN'));
    expect(words).toContain('连不上服务器');
    expect(words).not.toMatch(/ECONNREFUSED|backend/);
    const media = new IpcCallError({ code: 'invalid_ref', message: 'Media URI scheme media: is not allowed.' });
    expect(errorWords(media, i18n.getFixedT('zh-CN'))).not.toMatch(/URI|scheme/);
  });

  it('says an error without a code is unexpected, and logs it for the diagnostics bundle', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(errorWords(new TypeError('x is undefined'), i18n.getFixedT('zh-CN'))).toContain('意外');
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('names the request field a refusal points at', () => {
    expect(errorWords({ code: 'bad_request', field: 'to' }, i18n.getFixedT('en'))).toBe('The server refused the request: its content is not acceptable. (field: to)');
  });
});
