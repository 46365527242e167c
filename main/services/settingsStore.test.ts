import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsPatchSchema } from '@common/ipc/settings';
import { isDiskFull } from './diskErrors';
import { removeTempFiles } from './jsonFile';
import { createSettingsStore } from './settingsStore';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'gavel-settings-'));

describe('settings store', () => {
  it('starts from defaults and persists updates', async () => {
    const dir = tmp();
    const store = createSettingsStore(dir);
    expect(await store.get()).toEqual(DEFAULT_SETTINGS);
    await store.update({ locale: 'en', backendUrl: 'http://127.0.0.1:3000' });
    expect(await createSettingsStore(dir).get()).toEqual({ locale: 'en', theme: 'system', backendUrl: 'http://127.0.0.1:3000' });
    await store.update({ backendUrl: null });
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toEqual({ locale: 'en', theme: 'system' });
  });

  it('keeps the media allowlist, normalised, and refuses what is not a host name (L3)', async () => {
    const store = createSettingsStore(tmp());
    await store.update(settingsPatchSchema.parse({ mediaHosts: [' Media.Platform.example', '*.cdn.platform.example', 'media.platform.example'] }));
    expect((await store.get()).mediaHosts).toEqual(['media.platform.example', '*.cdn.platform.example']);
    for (const bad of ['http://x.example', 'x.example/path', '*', 'a b', 'user@x.example']) {
      expect(settingsPatchSchema.safeParse({ mediaHosts: [bad] }).success, bad).toBe(false);
    }
    await store.update(settingsPatchSchema.parse({ mediaHosts: [] }));
    expect((await store.get()).mediaHosts).toBeUndefined();
  });

  it('salvages valid fields from a damaged file and survives corrupt JSON', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ locale: 'en', theme: 'purple' }));
    expect(await createSettingsStore(dir).get()).toEqual({ locale: 'en', theme: 'system' });
    writeFileSync(path.join(dir, 'settings.json'), '{not json');
    expect(await createSettingsStore(dir).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('serialises concurrent updates', async () => {
    const store = createSettingsStore(tmp());
    await Promise.all([store.update({ locale: 'en' }), store.update({ theme: 'dark' })]);
    expect(await store.get()).toEqual({ locale: 'en', theme: 'dark' });
  });

  it('a full disk leaves the old settings, no temp file, and an error that says so', async () => {
    const dir = tmp();
    await createSettingsStore(dir).update({ locale: 'en' });
    // The disk fills up half-way through the temp file.
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const filling = {
      mkdir,
      rm,
      rename,
      writeFile: (async (file: string, data: string) => {
        await writeFile(file, data.slice(0, 5));
        throw full;
      }) as unknown as typeof writeFile,
    };
    const store = createSettingsStore(dir, { fs: filling });
    const failure = await store.update({ theme: 'dark' }).catch((e: unknown) => e);
    expect(isDiskFull(failure)).toBe(true);
    expect(readdirSync(dir)).toEqual(['settings.json']);
    expect(await store.get()).toEqual({ locale: 'en', theme: 'system' });
    expect(await createSettingsStore(dir).get()).toEqual({ locale: 'en', theme: 'system' });
  });

  it('temp files a crashed run left behind are removed at start, and nothing else', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'settings.json'), '{}');
    writeFileSync(path.join(dir, 'settings.json.4242.1700000000000.tmp'), '{"loc');
    expect(await removeTempFiles(dir)).toEqual(['settings.json.4242.1700000000000.tmp']);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });
});
