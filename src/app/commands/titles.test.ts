// @vitest-environment jsdom
import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../i18n';
import { loadPinyin, type PinyinFn } from './pinyin';
import { searchCommands, type Translate } from './titles';

let t: Translate;
let pinyin: PinyinFn;
beforeAll(async () => {
  t = (await initI18n('zh-CN')).t;
  pinyin = await loadPinyin();
});
const all = () => true;
const ids = (q: string, lng = 'zh-CN', runnable: (id: string) => boolean = all) =>
  searchCommands(t, q, runnable, pinyin, lng).map((r) => r.c.id);

describe('the palette search', () => {
  it('finds a command by its Chinese title, its English title, its pinyin and its initials', () => {
    for (const q of ['同步', 'sync', 'tongbu', 'tb']) expect(ids(q), q).toContain('app.syncNow');
    for (const q of ['设置', 'settings', 'shezhi']) expect(ids(q)[0], q).toBe('nav.settings');
  });
  it('finds nothing for a query no spelling holds, and every runnable command for an empty one', () => {
    expect(ids('zz-no-such')).toEqual([]);
    expect(ids('')).not.toContain('app.palette');
    expect(ids('').length).toBeGreaterThan(20);
  });
  it('leaves out commands that cannot run here', () => {
    expect(ids('sync', 'zh-CN', (id) => id !== 'app.syncNow')).not.toContain('app.syncNow');
  });
  it('shows titles in the UI language, whichever language found them', () => {
    const en = searchCommands(t, 'shezhi', all, pinyin, 'en').find((r) => r.c.id === 'nav.settings');
    const zh = searchCommands(t, 'settings', all, pinyin, 'zh-CN').find((r) => r.c.id === 'nav.settings');
    expect(en?.title).toMatch(/settings/i);
    expect(zh?.title).toMatch(/设置/);
  });
});
