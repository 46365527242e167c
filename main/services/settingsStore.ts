import path from 'node:path';
import {
  applySettingsPatch,
  DEFAULT_SETTINGS,
  settingsSchema,
  type Settings,
  type settingsPatchSchema,
} from '@common/ipc/settings';
import type { z } from 'zod';
import { readJsonFile, writeJsonFileAtomic, type WriteFs } from './jsonFile';

export type SettingsStore = {
  get(): Promise<Settings>;
  /** Apply a validated patch, persist it, and return the new settings. */
  update(patch: z.output<typeof settingsPatchSchema>): Promise<Settings>;
};

/**
 * Settings in `<dataDir>/settings.json`. An unreadable or invalid file falls back to defaults field by
 * field (a bad `theme` does not cost the user their `locale`), and is rewritten on the next update.
 * Updates are serialised so two quick changes cannot interleave their writes.
 */
export function createSettingsStore(dataDir: string, options: { fs?: WriteFs } = {}): SettingsStore {
  const file = path.join(dataDir, 'settings.json');
  let cached: Settings | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  async function load(): Promise<Settings> {
    if (cached) return cached;
    let raw: unknown;
    try {
      raw = await readJsonFile(file);
    } catch {
      raw = undefined; // corrupt JSON: defaults, overwritten on the next save
    }
    cached = salvage(raw);
    return cached;
  }

  return {
    get: load,
    update(patch) {
      const run = queue.then(async () => {
        const next = applySettingsPatch(await load(), patch);
        // A failed write (a full disk) leaves the file and this copy as they were, and no temp file.
        await writeJsonFileAtomic(file, next, options.fs);
        cached = next;
        return next;
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

function salvage(raw: unknown): Settings {
  const whole = settingsSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const result: Settings = { ...DEFAULT_SETTINGS };
  if (typeof raw !== 'object' || raw === null) return result;
  const fields = raw as Record<string, unknown>;
  const shape = settingsSchema.shape;
  const locale = shape.locale.safeParse(fields.locale);
  if (locale.success) result.locale = locale.data;
  const theme = shape.theme.safeParse(fields.theme);
  if (theme.success) result.theme = theme.data;
  const backendUrl = shape.backendUrl.safeParse(fields.backendUrl);
  if (backendUrl.success && backendUrl.data !== undefined) result.backendUrl = backendUrl.data;
  const updateUrl = shape.updateUrl.safeParse(fields.updateUrl);
  if (updateUrl.success && updateUrl.data !== undefined) result.updateUrl = updateUrl.data;
  return result;
}
