import '../../../ui/panel.css';
import '../qa.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { qaBackend } from '../../../data/qaQueries';
import type { QaItemRow } from '../../../data/rows';
import { errorWords } from '../../../ui/errorWords';

/** A reviewed case can become a golden case, with this review as its known answer. */
export function GoldenForm({ item }: { item: QaItemRow }) {
  const { t } = useTranslation();
  const [rate, setRate] = useState('0.05');
  const [state, setState] = useState<{ busy: boolean; done: string | null; error: string | null }>({ busy: false, done: null, error: null });
  const c = item.comparison!;
  const submit = async () => {
    if (state.busy) return;
    setState({ busy: true, done: null, error: null });
    try {
      const g = await qaBackend.registerGolden({ caseId: item.caseId, answer: c.review, rate: Number(rate) });
      setState({ busy: false, done: t('qa.golden.registered', { pct: Math.round(g.rate * 1000) / 10 }), error: null });
    } catch (e) {
      setState({ busy: false, done: null, error: errorWords(e, t) });
    }
  };
  return (
    <div className="decision__section" data-testid="qa-golden-form">
      <div className="legend">{t('qa.golden.title')}</div>
      <p className="muted small">{t('qa.golden.hint')}</p>
      <label className="qa-field">
        <span>{t('qa.golden.rate')}</span>
        <input className="input qa-count" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} disabled={state.done !== null} />
      </label>
      <button type="button" className="button button--small" disabled={state.busy || state.done !== null} onClick={() => void submit()} data-testid="qa-golden-submit">
        {t('qa.golden.submit')}
      </button>
      {state.done && (
        <p className="decision__message" role="status">
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
