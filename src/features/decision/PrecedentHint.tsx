import { useTranslation } from 'react-i18next';
import { precedentHint, VERDICT_LABELS, type PrecedentHint, type Verdict } from '@common/domain';
import { useStoredPrecedents } from '../../data/precedentsRepo';

/**
 * The hint before commit: the chosen verdict goes against at least 80 % of at least 5 close
 * precedents (common/domain/precedents.ts), from the stored set, so it holds offline too. Null
 * while there is no such majority or no verdict; undefined while this machine has no precedents
 * for the case (the decision then does not say whether a hint was shown).
 */
export function usePrecedentHint(caseId: string, verdict: Verdict | null): PrecedentHint | null | undefined {
  const stored = useStoredPrecedents(caseId);
  return stored ? precedentHint(stored.response.distribution, verdict) : undefined;
}

/** The hint in words, among the decision's problems; it never blocks the commit. */
export function PrecedentHintLine({ hint }: { hint: PrecedentHint | null | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  if (!hint) return null;
  return (
    <p className="precedent-hint small" role="status" data-testid="precedent-hint" data-verdict={hint.verdict}>
      {t('precedents.hint', { count: hint.count, total: hint.total, verdict: VERDICT_LABELS[hint.verdict][lang] })}
    </p>
  );
}
