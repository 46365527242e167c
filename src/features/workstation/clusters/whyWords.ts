import { useTranslation } from 'react-i18next';
import type { LinkReason } from '@common/api';

/** A link's reason in words: the kind of key and the key itself. */
export function useWhyWords(): (why: readonly LinkReason[]) => string {
  const { t } = useTranslation();
  return (why) => why.map((w) => t(`clusters.why.${w.type}`, { label: w.label })).join(t('keys.listSeparator'));
}
