import { useTranslation } from 'react-i18next';
import { REMEDY_LABELS, VERDICT_LABELS } from '@common/domain';
import { useAppInfo } from '../../data/appInfo';
import { useGoverningPolicy } from '../../data/policies';
import { useLocalDecision } from '../../data/queries';
import type { BundleRow, CaseRow } from '../../data/rows';
import { formatDateTime } from '../../ui/format';

/**
 * A decided case shows what was decided, by whom and when: the decision made on this machine (with
 * whether it has reached the server), or the one the server holds (an override shows the
 * supervisor's). Codes by label; me by name.
 */
export function RecordedDecision({ caseRow, bundleRow }: { caseRow: CaseRow; bundleRow: BundleRow }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const local = useLocalDecision(caseRow.id);
  const me = useAppInfo()?.user;
  const server = bundleRow.serverDecision;
  const governing = useGoverningPolicy(caseRow);
  const policy = governing && 'policy' in governing ? governing.policy : null;
  // The server's copy is the newer truth once it exists (a supervisor may have overridden ours).
  const d = server ?? local?.decision ?? null;
  if (local === undefined) return null;
  if (!d)
    return (
      <p className="decision__done" role="status" data-testid="decision-done">
        {t(`workstation.locals.${caseRow.local}`)} · {t('decision.alreadyDecided')}
      </p>
    );
  // The server's view does not name other people yet: anyone but me is "another arbitrator".
  const who = (id: string) => (me && me.id === id ? me.displayName : t('decision.recorded.someone'));
  const reason = (code: string) => {
    const rc = policy?.reasonCodes[caseRow.kind].find((r) => r.code === code);
    return rc ? rc[lang] : code;
  };
  return (
    <section className="recorded" role="status" aria-label={t('decision.recorded.title')} data-testid="decision-done">
      <p className="recorded__head">
        <strong className={`verdict-tag verdict-tag--${d.verdict}`}>{VERDICT_LABELS[d.verdict][lang]}</strong>{' '}
        {t('decision.recorded.by', { who: who(d.decidedBy), when: formatDateTime(d.decidedAt, i18n.language) })}
        {!server && local && <span className="muted"> · {t(`decision.recorded.state.${local.state}`)}</span>}
      </p>
      <dl className="recorded__facts">
        <div>
          <dt>{t('decision.reasons')}</dt>
          <dd>{d.reasonCodes.map(reason).join(t('keys.listSeparator')) || '—'}</dd>
        </div>
        <div>
          <dt>{t('decision.remedies')}</dt>
          <dd>{d.remedies.map((r) => REMEDY_LABELS[r][lang]).join(t('keys.listSeparator')) || '—'}</dd>
        </div>
        {d.note && (
          <div>
            <dt>{t('decision.note')}</dt>
            <dd className="recorded__note">{d.note}</dd>
          </div>
        )}
        {d.eligibilityOverride && (
          <div>
            <dt>{t('decision.override.title')}</dt>
            <dd className="recorded__note">{d.eligibilityOverride.reason}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
