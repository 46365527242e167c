import { z } from 'zod';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const THEMES = ['system', 'light', 'dark'] as const;
export type ThemePreference = (typeof THEMES)[number];

/** Only http(s): the backend URL is fetched by main, and any other scheme there is a mistake or an attack. */
const backendUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

/**
 * A media host: `media.example.com`, or `*.example.com` for its subdomains. Evidence media are
 * fetched only from these (and from the backend itself); see main/services/mediaPolicy.ts.
 */
const mediaHost = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/, 'must be a host name, or *.domain for its subdomains');
const mediaHosts = z.array(mediaHost).max(50);
/** Updates are fetched by main; https only, since what arrives there is installed. */
const updateUrl = z.url({ protocol: /^https$/, message: 'must be an https URL' });

/** User preferences persisted by main (window bounds are kept separately, by main alone). */
export const settingsSchema = z.object({
  locale: z.enum(LOCALES),
  theme: z.enum(THEMES),
  backendUrl: backendUrl.optional(),
  mediaHosts: mediaHosts.optional(),
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
  mediaHosts: mediaHosts.optional(),
  updateUrl: updateUrl.nullable().optional(),
});
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

export function applySettingsPatch(current: Settings, patch: z.output<typeof settingsPatchSchema>): Settings {
  const next: Settings = { locale: patch.locale ?? current.locale, theme: patch.theme ?? current.theme };
  const url = patch.backendUrl === undefined ? current.backendUrl : patch.backendUrl;
  if (url !== null && url !== undefined) next.backendUrl = url;
  const hosts = patch.mediaHosts ?? current.mediaHosts;
  if (hosts && hosts.length > 0) next.mediaHosts = [...new Set(hosts)];
  const feed = patch.updateUrl === undefined ? current.updateUrl : patch.updateUrl;
  if (feed !== null && feed !== undefined) next.updateUrl = feed;
  return next;
}
