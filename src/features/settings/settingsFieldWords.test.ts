// @vitest-environment jsdom
import { beforeAll, describe, expect, it } from 'vitest';
import type { i18n as I18n } from 'i18next';
import { initI18n } from '../../app/i18n';
import { settingsFieldWords } from './settingsFieldWords';

let i18n: I18n;
beforeAll(async () => {
  i18n = await initI18n('zh-CN');
});

describe('a refused setting, in words', () => {
  it('names the field and its rule in Chinese, with no field code', () => {
    const zh = i18n.getFixedT('zh-CN');
    expect(settingsFieldWords('backendUrl', zh)).toContain('后端地址');
    expect(settingsFieldWords('mediaHosts[1]', zh)).toContain('媒体主机');
    expect(settingsFieldWords('updateUrl', zh)).toContain('更新地址');
    for (const f of ['backendUrl', 'mediaHosts[1]', 'updateUrl', 'theme'])
      expect(settingsFieldWords(f, zh)).not.toMatch(/[A-Za-z]+Url|mediaHosts|theme/);
  });
  it('says the same in English', () => {
    const en = i18n.getFixedT('en');
    expect(settingsFieldWords('backendUrl', en)).toMatch(/backend address/i);
    expect(settingsFieldWords('mediaHosts.0', en)).toMatch(/media hosts/i);
  });
});
