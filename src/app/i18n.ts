import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '@common/ipc/settings';
import { en } from './locales/en';
import { zhCN } from './locales/zhCN';

/** i18next with both catalogues bundled (they are small, and the app must work offline). */
export async function initI18n(locale: Locale): Promise<i18n> {
  await i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: locale,
    fallbackLng: 'zh-CN',
    // React escapes text; i18next escaping on top would double-escape user-visible strings.
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = locale;
  return i18next;
}

export async function applyLocale(locale: Locale): Promise<void> {
  if (i18next.language !== locale) await i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
}
