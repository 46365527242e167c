import '../../ui/panel.css';
import './qa.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KIND_LABELS, VERDICT_LABELS, type ComplaintKind, type Verdict } from '@common/domain';
import type { QaGoldenView, QaPlanList, QaPreviewResponse } from '@common/api';
import { qaBackend } from '../../data/qaQueries';
import { syncNow } from '../../sync/syncStore';
import { formatDateTime, formatDay } from '../../ui/format';
import { planFromForm, type Form, type MethodType } from './qaModel';
import { qaUi } from './qaStore';
import { errorWords } from '../../ui/errorWords';

const INITIAL: Form = { name: '', type: 'stratified', size: '30', by: 'arbitrator', allocation: 'proportional', counts: {}, target: 'fast', maxSeconds: '20', seed: '', from: '', to: '' };

/** Build a sampling plan, preview what it draws, then draw it (recorded with its seed). */
export function PlanBuilder() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const [form, setForm] = useState<Form>(INITIAL);
  const [preview, setPreview] = useState<QaPreviewResponse | null>(null);
  const [plans, setPlans] = useState<QaPlanList['plans'] | null>(null);
  const [golden, setGolden] = useState<QaGoldenView[] | null>(null);
  const [status, setStatus] = useState<{ busy: boolean; error: unknown; done: string | null }>({ busy: false, error: null, done: null });
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const loadPlans = () => {
    qaBackend.plans().then((p) => setPlans(p.plans), (e: unknown) => setStatus((s) => ({ ...s, error: e })));
  };
  useEffect(loadPlans, []);
  useEffect(() => {
    qaBackend.golden().then((g) => setGolden(g.golden), () => setGolden(null));
  }, []);
  const fallbackName = t('qa.plan.defaultName', { date: formatDay(Date.now(), i18n.language) });
  const stratumLabel = (key: string) => {
    const named = preview?.strata.find((s) => s.key === key)?.label;
    if (named) return named;
    if (key === 'all') return t('qa.plan.methods.random');
    if (key === 'fast' || key === 'against_critical' || key === 'overturned_on_appeal') return t(`qa.plan.targets.${key}`);
    if (form.type === 'stratified' && form.by === 'kind' && key in KIND_LABELS) return KIND_LABELS[key as ComplaintKind][lang];
    if (form.type === 'stratified' && form.by === 'verdict' && key in VERDICT_LABELS) return VERDICT_LABELS[key as Verdict][lang];
    return key;
  };

  const run = async (draw: boolean) => {
    setStatus({ busy: true, error: null, done: null });
    try {
      const plan = planFromForm(form, fallbackName);
      if (!draw) {
        const p = await qaBackend.preview(plan);
        setPreview(p);
        // Keep the seed so Draw takes exactly what was previewed.
        setForm((f) => ({ ...f, seed: String(p.seed) }));
        setStatus({ busy: false, error: null, done: null });
        return;
      }
      const created = await qaBackend.createPlan(plan);
      setStatus({ busy: false, error: null, done: t('qa.plan.drawn', { count: created.drawn, seed: created.seed }) });
      setPreview(null);
      setForm((f) => ({ ...f, seed: '' }));
      loadPlans();
      // The drawn items reach the review queue through sync (blind).
      await syncNow().catch(() => undefined);
    } catch (e) {
      setStatus({ busy: false, error: e, done: null });
    }
  };

  return (
    <div className="qa-plans">
      <form
        className="qa-form"
        data-testid="qa-plan-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(false);
        }}
      >
        <label className="qa-field">
          <span>{t('qa.plan.name')}</span>
          <input className="input" value={form.name} placeholder={fallbackName} onChange={(e) => set('name', e.target.value)} data-testid="qa-plan-name" maxLength={200} />
        </label>
        <label className="qa-field">
          <span>{t('qa.plan.method')}</span>
          <select className="input" value={form.type} onChange={(e) => set('type', e.target.value as MethodType)} data-testid="qa-plan-method">
            {(['random', 'stratified', 'targeted'] as const).map((m) => (
              <option key={m} value={m}>
                {t(`qa.plan.methods.${m}`)}
              </option>
            ))}
          </select>
        </label>
        {form.type === 'stratified' && (
          <>
            <label className="qa-field">
              <span>{t('qa.plan.by')}</span>
              <select className="input" value={form.by} onChange={(e) => set('by', e.target.value as Form['by'])} data-testid="qa-plan-by">
                {(['arbitrator', 'kind', 'verdict'] as const).map((m) => (
                  <option key={m} value={m}>
                    {t(`qa.plan.strata.${m}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="qa-field">
              <span>{t('qa.plan.allocation')}</span>
              <select className="input" value={form.allocation} onChange={(e) => set('allocation', e.target.value as Form['allocation'])} data-testid="qa-plan-allocation">
                {(['proportional', 'equal', 'explicit'] as const).map((m) => (
                  <option key={m} value={m}>
                    {t(`qa.plan.allocations.${m}`)}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        {form.type === 'targeted' && (
          <>
            <label className="qa-field">
              <span>{t('qa.plan.target')}</span>
              <select className="input" value={form.target} onChange={(e) => set('target', e.target.value as Form['target'])} data-testid="qa-plan-target">
                {(['fast', 'against_critical', 'overturned_on_appeal'] as const).map((m) => (
                  <option key={m} value={m}>
                    {t(`qa.plan.targets.${m}`)}
                  </option>
                ))}
              </select>
            </label>
            {form.target === 'fast' && (
              <label className="qa-field">
                <span>{t('qa.plan.maxSeconds')}</span>
                <input className="input" inputMode="numeric" value={form.maxSeconds} onChange={(e) => set('maxSeconds', e.target.value)} data-testid="qa-plan-max-seconds" />
              </label>
            )}
          </>
        )}
        {!(form.type === 'stratified' && form.allocation === 'explicit') && (
          <label className="qa-field">
            <span>{t('qa.plan.size')}</span>
            <input className="input" inputMode="numeric" value={form.size} onChange={(e) => set('size', e.target.value)} data-testid="qa-plan-size" />
          </label>
        )}
        <label className="qa-field">
          <span>{t('qa.plan.from')}</span>
          <input className="input" type="date" value={form.from} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label className="qa-field">
          <span>{t('qa.plan.to')}</span>
          <input className="input" type="date" value={form.to} onChange={(e) => set('to', e.target.value)} />
        </label>
        <label className="qa-field">
          <span>{t('qa.plan.seed')}</span>
          <input className="input mono" inputMode="numeric" value={form.seed} placeholder={t('qa.plan.seedAuto')} onChange={(e) => set('seed', e.target.value)} data-testid="qa-plan-seed" />
        </label>
        <div className="qa-form__actions">
          <button type="submit" className="button" disabled={status.busy} data-testid="qa-plan-preview">
            {t('qa.plan.preview')}
          </button>
          <button type="button" className="button button--primary" disabled={status.busy} onClick={() => void run(true)} data-testid="qa-plan-draw">
            {t('qa.plan.draw')}
          </button>
        </div>
      </form>
      {status.error != null && (
        <p className="form-error" role="alert" data-testid="qa-plan-error">
          {errorWords(status.error, t)}
        </p>
      )}
      {status.done && (
        <p className="decision__message" role="status" data-testid="qa-plan-done">
          {status.done}{' '}
          <button type="button" className="button button--small" onClick={() => qaUi.setView('review')}>
            {t('qa.plan.goReview')}
          </button>
        </p>
      )}
      {preview && (
        <div className="qa-preview" data-testid="qa-preview">
          <h2 className="qa-h2">{t('qa.plan.previewTitle', { total: preview.total, population: preview.population, seed: preview.seed })}</h2>
          <table className="qa-table" data-testid="qa-strata">
            <thead>
              <tr>
                <th>{t('qa.plan.stratum')}</th>
                <th className="num">{t('qa.plan.population')}</th>
                <th className="num">{t('qa.plan.allocated')}</th>
                {form.type === 'stratified' && form.allocation === 'explicit' && <th>{t('qa.plan.explicitCount')}</th>}
              </tr>
            </thead>
            <tbody>
              {preview.strata.map((s) => (
                <tr key={s.key} data-testid="qa-stratum">
                  <td>{stratumLabel(s.key)}</td>
                  <td className="num">{s.population}</td>
                  <td className="num">{s.allocated}</td>
                  {form.type === 'stratified' && form.allocation === 'explicit' && (
                    <td>
                      <input className="input qa-count" inputMode="numeric" aria-label={t('qa.plan.explicitFor', { stratum: stratumLabel(s.key) })} value={form.counts[s.key] ?? ''} onChange={(e) => set('counts', { ...form.counts, [s.key]: e.target.value })} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <h3 className="qa-h3">{t('qa.plan.firstItems')}</h3>
          <table className="qa-table">
            <thead>
              <tr>
                <th>{t('qa.columns.case')}</th>
                <th>{t('qa.columns.kind')}</th>
                <th>{t('qa.plan.stratum')}</th>
                <th>{t('qa.plan.decidedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.items.slice(0, 10).map((i) => (
                <tr key={i.decisionKey}>
                  <td className="mono">{i.externalId}</td>
                  <td>{KIND_LABELS[i.kind][lang]}</td>
                  <td>{stratumLabel(i.stratum)}</td>
                  <td>{formatDateTime(i.decidedAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 className="qa-h2">{t('qa.plan.recorded')}</h2>
      {plans === null ? null : plans.length === 0 ? (
        <p className="muted">{t('qa.plan.none')}</p>
      ) : (
        <table className="qa-table" data-testid="qa-plan-list">
          <thead>
            <tr>
              <th>{t('qa.plan.name')}</th>
              <th>{t('qa.plan.method')}</th>
              <th className="num">{t('qa.plan.seed')}</th>
              <th className="num">{t('qa.plan.drawnCol')}</th>
              <th className="num">{t('qa.plan.reviewedCol')}</th>
              <th>{t('qa.plan.created')}</th>
            </tr>
          </thead>
          <tbody>
            {plans.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{t(`qa.plan.methods.${p.method.type}`)}</td>
                <td className="num mono">{p.seed}</td>
                <td className="num">{p.drawn}</td>
                <td className="num">{p.reviewed}</td>
                <td>{formatDateTime(p.createdAt, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 className="qa-h2">{t('qa.golden.listTitle')}</h2>
      {golden === null || golden.length === 0 ? (
        <p className="muted">{t('qa.golden.none')}</p>
      ) : (
        <table className="qa-table" data-testid="qa-golden-list">
          <thead>
            <tr>
              <th>{t('qa.columns.kind')}</th>
              <th>{t('qa.golden.answer')}</th>
              <th className="num">{t('qa.golden.rate')}</th>
              <th className="num">{t('qa.golden.inserted')}</th>
              <th className="num">{t('qa.golden.accuracy')}</th>
            </tr>
          </thead>
          <tbody>
            {golden.map((g) => (
              <tr key={g.id}>
                <td>{KIND_LABELS[g.kind][lang]}</td>
                <td>{VERDICT_LABELS[g.answer.verdict][lang]}</td>
                <td className="num">{Math.round(g.rate * 1000) / 10}%</td>
                <td className="num">{g.inserted}</td>
                <td className="num">{g.decided ? `${g.correct}/${g.decided}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
