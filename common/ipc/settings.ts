import { z } from 'zod';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const THEMES = ['system', 'light', 'dark'] as const;
export type ThemePreference = (typeof THEMES)[number];

/** Only http(s): the backend URL is fetched by main, and any other scheme there is a mistake or an attack. */
const backendUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

/** Updates are fetched by main; https only, since what arrives there is installed. */
const updateUrl = z.url({ protocol: /^https$/, message: 'must be an https URL' });

/** User preferences persisted by main (window bounds are kept separately, by main alone). */
export const settingsSchema = z.object({
  locale: z.enum(LOCALES),
  theme: z.enum(THEMES),
  backendUrl: backendUrl.optional(),
  /** The desktop update feed (electron-updater's generic provider); empty means the one built in. */
  updateUrl: updateUrl.optional(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = { locale: 'zh-CN', theme: 'system' };

/** A partial update; `backendUrl: null` clears it. Unknown keys are refused rather than silently dropped. */
export const settingsPatchSchema = z.strictObject({
  locale: z.enum(LOCALES).optional(),
  theme: z.enum(THEMES).optional(),
  backendUrl: backendUrl.nullable().optional(),
  updateUrl: updateUrl.nullable().optional(),
});
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

export function applySettingsPatch(current: Settings, patch: z.output<typeof settingsPatchSchema>): Settings {
  const next: Settings = { locale: patch.locale ?? current.locale, theme: patch.theme ?? current.theme };
  const url = patch.backendUrl === undefined ? current.backendUrl : patch.backendUrl;
  if (url !== null && url !== undefined) next.backendUrl = url;
  const feed = patch.updateUrl === undefined ? current.updateUrl : patch.updateUrl;
  if (feed !== null && feed !== undefined) next.updateUrl = feed;
  return next;
}
