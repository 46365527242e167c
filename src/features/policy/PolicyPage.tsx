import './policy.css';
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COMPLAINT_KINDS, KIND_LABELS, type ComplaintKind } from '@common/domain';
import { CODE_LABELS, type FindingCode, type WhatIfFlip } from '@common/rules';
import { canPublishPolicy, canUsePolicy } from '../../app/access';
import { caseHref } from '../../app/router';
import { usePolicySource, type PolicySource } from '../../data/policies';
import { policyBackend } from '../../data/policiesRepo';
import { syncNow, useSessionStatus } from '../../sync/syncStore';
import { EmptyState } from '../../ui/EmptyState';
import { formatDateTime } from '../../ui/format';
import { QaIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/PageHeader';
import { PAGE, useDecidedLimit, useDraftCheck, useDraftText, useDrill, useRun, whatIf, type FlipFilter } from './whatIfStore';
import { errorWords } from '../../ui/errorWords';

/**
 * Policy versions and the what-if for the people who own the policy (supervisors and admins): a
 * draft is run over the open cases and the most recent decisions (judged by the server, slice by
 * slice, with progress here), showing what its findings, eligibility and decision validations would
 * flip, by kind and case by case. Nothing is published until an admin presses Publish, with an
 * effective date in the future.
 */
export function PolicyPage() {
  const { t } = useTranslation();
  const role = useSessionStatus()?.user?.role;
  if (!canUsePolicy(role))
    return (
      <section className="page" aria-labelledby="page-title" data-testid="page-policy">
        <PageHeader title={t('policy.title')} subtitle={t('policy.subtitle')} />
        <EmptyState icon={<QaIcon size={40} />} title={t('policy.ownersOnly')} body={t('policy.ownersOnlyBody')} />
      </section>
    );
  return (
    <section className="page page--wide policy" aria-labelledby="page-title" data-testid="page-policy">
      <PageHeader title={t('policy.title')} subtitle={t('policy.subtitle')} />
      <div className="policy__top">
        <Versions />
        <Draft />
      </div>
      <Results />
      <Publish canPublish={canPublishPolicy(role)} />
    </section>
  );
}

function inForce(source: PolicySource | undefined): string | null {
  if (!source) return null;
  if ('builtIn' in source) return source.builtIn.version;
  return source.versions.governing(Date.now())?.version ?? null;
}

function Versions() {
  const { t, i18n } = useTranslation();
  const source = usePolicySource();
  const current = inForce(source);
  const rows = source && 'versions' in source ? source.versions.list() : [];
  return (
    <section className="card policy__versions" aria-labelledby="policy-versions">
      <h2 id="policy-versions" className="card__title">
        {t('policy.versions')}
      </h2>
      {rows.length === 0 ? (
        <p className="muted">{t('policy.noVersions', { version: current ?? '' })}</p>
      ) : (
        <table className="policy-table" data-testid="policy-versions">
          <thead>
            <tr>
              <th scope="col">{t('policy.version')}</th>
              <th scope="col">{t('policy.effectiveFrom')}</th>
              <th scope="col">{t('policy.published')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((v) => (
              <tr key={v.version}>
                <td className="mono">
                  {v.version} {v.version === current && <span className="tag">{t('policy.inForce')}</span>}
                </td>
                <td>{formatDateTime(v.effectiveFrom, i18n.language)}</td>
                <td>{formatDateTime(v.publishedAt, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted small">{t('policy.nonRetroactive')}</p>
    </section>
  );
}

function Draft() {
  const { t, i18n } = useTranslation();
  const text = useDraftText();
  const check = useDraftCheck();
  const decidedLimit = useDecidedLimit();
  const run = useRun();
  const source = usePolicySource();
  const running = run.state === 'running';

  const startFromCurrent = () => {
    if (!source) return;
    const current = 'builtIn' in source ? source.builtIn : (source.versions.governing(Date.now())?.policy ?? null);
    if (!current) return;
    whatIf.setText(JSON.stringify({ ...current, version: `${current.version}-draft`, description: t('policy.draftDescription', { from: current.version }) }, null, 2));
  };
  const load = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) whatIf.setText(await file.text());
    e.target.value = '';
  };
  const pct = run.state === 'running' && run.progress.total > 0 ? Math.floor((100 * run.progress.done) / run.progress.total) : 0;
  return (
    <section className="card policy__draft" aria-labelledby="policy-draft">
      <h2 id="policy-draft" className="card__title">
        {t('policy.draft')}
      </h2>
      <div className="policy__actions">
        <button type="button" className="button button--small" onClick={startFromCurrent} disabled={!source || running} data-testid="policy-start-from-current">
          {t('policy.startFromCurrent')}
        </button>
        <label className="button button--small policy__file">
          {t('policy.loadFile')}
          <input type="file" accept="application/json,.json" onChange={(e) => void load(e)} disabled={running} data-testid="policy-file" />
        </label>
      </div>
      <textarea
        className="textarea mono policy__json"
        rows={12}
        spellCheck={false}
        value={text}
        onChange={(e) => whatIf.setText(e.target.value)}
        aria-label={t('policy.draftJson')}
        placeholder={t('policy.draftPlaceholder')}
        data-testid="policy-draft"
        disabled={running}
      />
      {check.policy && (
        <p className="tone-ok small" role="status" data-testid="policy-draft-ok">
          {t('policy.draftValid', { version: check.policy.version })}
        </p>
      )}
      {check.issues.length > 0 && (
        <ul className="form-error small" role="alert" data-testid="policy-draft-issues">
          {check.issues.slice(0, 8).map((i, n) => (
            <li key={n}>
              <span className="mono">{i.path}</span>: {i.message}
            </li>
          ))}
        </ul>
      )}
      <div className="policy__run">
        <label className="policy__field">
          <span>{t('policy.decidedLimit')}</span>
          <input type="number" className="input input--small" min={0} max={100000} value={decidedLimit} onChange={(e) => whatIf.setDecidedLimit(Number(e.target.value))} disabled={running} data-testid="policy-decided-limit" />
        </label>
        {running ? (
          <button type="button" className="button" onClick={whatIf.cancel} data-testid="policy-cancel">
            {t('policy.cancel')}
          </button>
        ) : (
          <button type="button" className="button button--primary" onClick={whatIf.start} disabled={!check.policy} data-testid="policy-run">
            {t('policy.run')}
          </button>
        )}
      </div>
      {run.state === 'running' && (
        <div className="policy__progress" data-testid="policy-progress">
          <progress max={Math.max(1, run.progress.total)} value={run.progress.done} aria-label={t('policy.progressLabel')} />
          <span className="small" role="status">
            {t('policy.progress', { done: run.progress.done.toLocaleString(i18n.language), total: run.progress.total.toLocaleString(i18n.language), pct })}
          </span>
        </div>
      )}
      {run.state === 'failed' && (
        <p className="form-error" role="alert">
          {run.message}
        </p>
      )}
      {run.state === 'cancelled' && <p className="muted small">{t('policy.cancelled')}</p>}
    </section>
  );
}

const FILTERS: readonly FlipFilter[] = ['all', 'raised', 'dropped', 'eligibility', 'validation'];
const matches = (f: WhatIfFlip, filter: FlipFilter): boolean =>
  filter === 'all' ? true : filter === 'raised' ? f.raised.length > 0 : filter === 'dropped' ? f.dropped.length > 0 : filter === 'eligibility' ? f.eligible.from !== f.eligible.to : f.validation !== null;

function Results() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const run = useRun();
  const drill = useDrill();
  if (run.state !== 'done') return null;
  const { summary, flips, ms } = run.result;
  const kinds = COMPLAINT_KINDS.filter((k) => summary.byKind[k]);
  const codeList = (counts: Partial<Record<FindingCode, number>>) =>
    (Object.entries(counts) as [FindingCode, number][])
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => (
        <li key={code}>
          {CODE_LABELS[code][lang]} <span className="mono muted">{code}</span> <strong className="num">{n.toLocaleString(i18n.language)}</strong>
        </li>
      ));
  const filtered = flips.filter((f) => (drill.kind === null || f.kind === drill.kind) && matches(f, drill.filter));
  return (
    <section className="card policy__results" aria-labelledby="policy-results" data-testid="policy-results">
      <h2 id="policy-results" className="card__title">
        {t('policy.results')}
      </h2>
      <p data-testid="policy-summary">
        {t('policy.summary', {
          open: summary.examined.open.toLocaleString(i18n.language),
          decided: summary.examined.decided.toLocaleString(i18n.language),
          changed: summary.changed.toLocaleString(i18n.language),
          seconds: (ms / 1000).toFixed(1),
        })}
      </p>
      <table className="policy-table policy-table--kinds" data-testid="policy-by-kind">
        <thead>
          <tr>
            <th scope="col">{t('policy.kind')}</th>
            <th scope="col" className="num">{t('policy.cases')}</th>
            <th scope="col" className="num">{t('policy.changed')}</th>
            <th scope="col" className="num">{t('policy.filters.raised')}</th>
            <th scope="col" className="num">{t('policy.filters.dropped')}</th>
            <th scope="col" className="num">{t('policy.filters.eligibility')}</th>
            <th scope="col" className="num">{t('policy.filters.validation')}</th>
          </tr>
        </thead>
        <tbody>
          {kinds.map((k: ComplaintKind) => {
            const c = summary.byKind[k]!;
            return (
              <tr key={k} className={drill.kind === k ? 'is-selected' : undefined}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => whatIf.setKind(drill.kind === k ? null : k)} aria-pressed={drill.kind === k} data-testid={`policy-kind-${k}`}>
                    {KIND_LABELS[k][lang]}
                  </button>
                </th>
                <td className="num">{c.cases.toLocaleString(i18n.language)}</td>
                <td className="num">{c.changed.toLocaleString(i18n.language)}</td>
                <td className="num">{c.raised}</td>
                <td className="num">{c.dropped}</td>
                <td className="num">{c.eligibility}</td>
                <td className="num">{c.validation}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="policy__codes">
        <div>
          <h3 className="policy__h3">{t('policy.raisedCodes')}</h3>
          <ul data-testid="policy-raised-codes">{codeList(summary.raisedByCode)}</ul>
        </div>
        <div>
          <h3 className="policy__h3">{t('policy.droppedCodes')}</h3>
          <ul data-testid="policy-dropped-codes">{codeList(summary.droppedByCode)}</ul>
        </div>
      </div>
      <div className="policy__drill" role="group" aria-label={t('policy.drill')}>
        {FILTERS.map((f) => (
          <button key={f} type="button" className="fchip" aria-pressed={drill.filter === f} onClick={() => whatIf.setFilter(f)} data-testid={`policy-filter-${f}`}>
            {t(`policy.filters.${f}`)}
          </button>
        ))}
        {drill.kind && (
          <button type="button" className="fchip" aria-pressed onClick={() => whatIf.setKind(null)}>
            {KIND_LABELS[drill.kind][lang]} ×
          </button>
        )}
        <span className="muted small" data-testid="policy-drill-count">
          {t('policy.showing', { shown: Math.min(drill.shown, filtered.length), total: filtered.length })}
        </span>
      </div>
      <table className="policy-table" data-testid="policy-drill">
        <thead>
          <tr>
            <th scope="col">{t('policy.case')}</th>
            <th scope="col">{t('policy.kind')}</th>
            <th scope="col">{t('policy.filters.raised')}</th>
            <th scope="col">{t('policy.filters.dropped')}</th>
            <th scope="col">{t('policy.filters.eligibility')}</th>
            <th scope="col">{t('policy.filters.validation')}</th>
          </tr>
        </thead>
        <tbody>
          {filtered.slice(0, drill.shown).map((f) => (
            <tr key={f.caseId} data-testid="policy-flip">
              <td>
                <a className="mono" href={caseHref(f.caseId)}>
                  {f.externalId}
                </a>{' '}
                <span className="muted small">{t(f.decided ? 'policy.decided' : 'policy.open')}</span>
              </td>
              <td>{KIND_LABELS[f.kind][lang]}</td>
              <td>{f.raised.map((c) => CODE_LABELS[c][lang]).join('、') || '—'}</td>
              <td>{f.dropped.map((c) => CODE_LABELS[c][lang]).join('、') || '—'}</td>
              <td>{f.eligible.from === f.eligible.to ? '—' : `${t(f.eligible.from ? 'policy.eligible' : 'policy.ineligible')} → ${t(f.eligible.to ? 'policy.eligible' : 'policy.ineligible')}`}</td>
              <td>{f.validation ? `${t(f.validation.from.length ? 'policy.invalid' : 'policy.valid')} → ${t(f.validation.to.length ? 'policy.invalid' : 'policy.valid')}${f.validation.to.length ? ` (${f.validation.to.join(', ')})` : ''}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {filtered.length > drill.shown && (
        <button type="button" className="button button--small" onClick={whatIf.showMore}>
          {t('policy.showMore', { n: PAGE })}
        </button>
      )}
    </section>
  );
}

/** A datetime-local value for one day from now, as the default effective date (always in the future). */
function tomorrowLocal(): string {
  const d = new Date(Date.now() + 86_400_000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function Publish({ canPublish }: { canPublish: boolean }) {
  const { t, i18n } = useTranslation();
  const check = useDraftCheck();
  const source = usePolicySource();
  const [when, setWhen] = useState(tomorrowLocal);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const draft = check.policy;
  const at = Date.parse(when);
  const future = Number.isFinite(at) && at > Date.now();
  const taken = draft !== null && source !== undefined && 'versions' in source && source.versions.get(draft.version) !== undefined;
  const publish = async () => {
    if (!draft || !future || taken || busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const v = await policyBackend.publish({ ...draft, effectiveFrom: new Date(at).toISOString() });
      setMessage({ ok: true, text: t('policy.publishedOk', { version: v.version, at: formatDateTime(v.effectiveFrom, i18n.language) }) });
      // The new version reaches this machine's store (and every other) through pull.
      void syncNow().catch(() => undefined);
    } catch (e) {
      setMessage({ ok: false, text: errorWords(e, t) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card policy__publish" aria-labelledby="policy-publish">
      <h2 id="policy-publish" className="card__title">
        {t('policy.publish')}
      </h2>
      <p className="muted small">{t('policy.publishExplain')}</p>
      {!canPublish ? (
        <p className="muted" data-testid="policy-publish-admins">
          {t('policy.adminsOnly')}
        </p>
      ) : (
        <div className="policy__run">
          <label className="policy__field">
            <span>{t('policy.effectiveFrom')}</span>
            <input type="datetime-local" className="input input--small" value={when} onChange={(e) => setWhen(e.target.value)} data-testid="policy-effective-from" aria-invalid={!future} />
          </label>
          <button type="button" className="button button--primary" disabled={!draft || !future || taken || busy} onClick={() => void publish()} data-testid="policy-publish">
            {draft ? t('policy.publishVersion', { version: draft.version }) : t('policy.publish')}
          </button>
        </div>
      )}
      {canPublish && !future && <p className="form-error small">{t('policy.mustBeFuture')}</p>}
      {canPublish && taken && <p className="form-error small">{t('policy.versionTaken', { version: draft?.version ?? '' })}</p>}
      {message && (
        <p className={message.ok ? 'tone-ok' : 'form-error'} role="status" data-testid="policy-publish-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
