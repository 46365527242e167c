import type { TFunction } from 'i18next';

const FIELDS = ['backendUrl', 'mediaHosts', 'updateUrl'] as const;

/**
 * What main's refusal of a setting means, in the UI's language. Main names the field
 * (`backendUrl`, `mediaHosts[2]`); each field here has one rule, so the field says the reason.
 */
export function settingsFieldWords(field: string, t: TFunction): string {
  const root = field.replace(/[[.].*$/, '');
  const known = FIELDS.find((f) => f === root);
  return t(`errors.settingsField.${known ?? 'other'}`);
}
