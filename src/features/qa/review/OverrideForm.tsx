import '../../../ui/panel.css';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { qaBackend } from '../../../data/qaQueries';
import type { QaItemRow } from '../../../data/rows';
import { errorWords } from '../../../ui/errorWords';

/** Where the review disagrees: the supervisor may override the decision, with a reason. */
export function OverrideForm({ item }: { item: QaItemRow }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{ busy: boolean; done: string | null; error: string | null }>({ busy: false, done: null, error: null });
  const clientId = useRef(crypto.randomUUID());
  const c = item.comparison!;
  if (c.verdictAgrees && c.remediesAgree && c.reasonCodesAgree) return null;
  const submit = async () => {
    if (!reason.trim() || state.busy) return;
    setState({ busy: true, done: null, error: null });
    try {
      const res = await qaBackend.override({ clientId: clientId.current, caseId: item.caseId, itemId: item.itemId, decision: { ...c.review, note: '' }, reason: reason.trim() });
      setState({ busy: false, done: t('qa.overridden', { id: item.externalId, version: res.caseVersion }), error: null });
    } catch (e) {
      setState({ busy: false, done: null, error: errorWords(e, t) });
    }
  };
  return (
    <div className="decision__section" data-testid="qa-override">
      <div className="legend">{t('qa.override')}</div>
      <p className="muted small">{t('qa.overrideHint')}</p>
      <textarea className="textarea" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('qa.overrideReason')} disabled={state.done !== null} data-testid="qa-override-reason" maxLength={4000} />
      <button type="button" className="button button--danger" disabled={!reason.trim() || state.busy || state.done !== null} onClick={() => void submit()} data-testid="qa-override-submit">
        {t('qa.overrideSubmit')}
      </button>
      {state.done && (
        <p className="decision__message" role="status" data-testid="qa-override-done">
          {state.done}
        </p>
      )}
      {state.error && (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      )}
    </div>
  );
}
