import { create } from 'zustand';
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '@common/ipc/settings';
import { gavel, unwrap } from './bridge';

type SettingsState = {
  settings: Settings;
  loaded: boolean;
};

/** Settings as main persisted them; main is the source of truth, this is the renderer's copy. */
const useSettingsStore = create<SettingsState>(() => ({ settings: DEFAULT_SETTINGS, loaded: false }));

export const useSettings = (): Settings => useSettingsStore((s) => s.settings);
export const useLocale = (): Settings['locale'] => useSettingsStore((s) => s.settings.locale);
export const useThemePreference = (): Settings['theme'] => useSettingsStore((s) => s.settings.theme);

/** Fetch once at startup and follow `settings:changed` (another window, or main itself). */
export async function loadSettings(): Promise<Settings> {
  const settings = await unwrap(gavel().settings.get());
  useSettingsStore.setState({ settings, loaded: true });
  gavel().on('settings:changed', (next) => useSettingsStore.setState({ settings: next }));
  return settings;
}

/**
 * Persist through main. Shown optimistically (controls must not snap back while the call is in flight),
 * then replaced by main's validated result, or reverted if main refuses the change.
 */
export async function updateSettings(patch: SettingsPatch): Promise<Settings> {
  const before = useSettingsStore.getState().settings;
  const { backendUrl, updateUrl, ...rest } = patch;
  const optimistic: Settings = { ...before, ...rest };
  if (backendUrl === null) delete optimistic.backendUrl;
  else if (backendUrl !== undefined) optimistic.backendUrl = backendUrl;
  if (updateUrl === null) delete optimistic.updateUrl;
  else if (updateUrl !== undefined) optimistic.updateUrl = updateUrl;
  useSettingsStore.setState({ settings: optimistic });
  try {
    const settings = await unwrap(gavel().settings.set(patch));
    useSettingsStore.setState({ settings });
    return settings;
  } catch (error) {
    useSettingsStore.setState({ settings: before });
    throw error;
  }
}
