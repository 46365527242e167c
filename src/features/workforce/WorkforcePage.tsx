import './workforce.css';
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Queue, WorkforceActionResponse, WorkforceView } from '@common/api';
import { KIND_LABELS, type ComplaintKind } from '@common/domain';
import { canUseWorkforce } from '../../app/access';
import { workforceBackend } from '../../data/workforceQueries';
import { useSessionStatus } from '../../sync/syncStore';
import { EmptyState } from '../../ui/EmptyState';
import { TeamIcon } from '../../ui/icons';
import { errorWords } from '../../ui/errorWords';
import { compactSpan, formatTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { memberRows, outcomeCounts, reassignTargets, type MemberRow } from './workforceModel';

/** The figures are a snapshot: the page asks again every minute, and on demand. */
const REFRESH_MS = 60_000;

const features = tableFeatures({});
const col = createColumnHelper<typeof features, MemberRow>();
const columns = col.columns([
  col.accessor('displayName', { id: 'name', header: () => <H k="name" />, cell: (c) => <span className="wf-name">{c.row.original.displayName}</span> }),
  col.accessor('held', { id: 'held', header: () => <H k="held" />, cell: (c) => <HeldCell row={c.row.original} /> }),
  col.accessor('leftMs', { id: 'left', header: () => <H k="left" />, cell: (c) => <LeftCell row={c.row.original} /> }),
  col.accessor('decidedToday', { id: 'today', header: () => <H k="today" />, cell: (c) => <TodayCell row={c.row.original} /> }),
]);

function H({ k }: { k: string }) {
  const { t } = useTranslation();
  return <>{t(`workforce.columns.${k}`)}</>;
}
function HeldCell({ row }: { row: MemberRow }) {
  const { t } = useTranslation();
  return (
    <span data-testid="wf-held" data-count={row.held}>
      <strong>{row.held}</strong> <span className="muted">{t('workforce.heldSplit', { online: row.online, offline: row.offline })}</span>
    </span>
  );
}
function LeftCell({ row }: { row: MemberRow }) {
  const { t, i18n } = useTranslation();
  if (row.leftMs === null) return <span className="muted">{t('workforce.nothingHeld')}</span>;
  return (
    <span className="wf-bar-cell">
      <span className="wf-bar" aria-hidden="true">
        <span className={`wf-bar__fill${row.leftMs < 5 * 60_000 ? ' is-short' : ''}`} style={{ width: `${Math.max(4, row.leftShare * 100)}%` }} />
      </span>
      <span>{t('workforce.leftIn', { span: compactSpan(row.leftMs, i18n.language) })}</span>
    </span>
  );
}
function TodayCell({ row }: { row: MemberRow }) {
  return (
    <span className="wf-bar-cell" data-testid="wf-today" data-count={row.decidedToday}>
      <span className="wf-bar wf-bar--done" aria-hidden="true">
        <span className="wf-bar__fill" style={{ width: `${row.doneShare * 100}%` }} />
      </span>
      <span>{row.decidedToday}</span>
    </span>
  );
}

type Action = { type: 'release' } | { type: 'reassign'; to: string; toName: string };
type Done = { action: Action; response: WorkforceActionResponse };

/** The workforce view, for supervisors; anyone else who lands on its address is told whose it is. */
export function WorkforcePage() {
  const { t } = useTranslation();
  const role = useSessionStatus()?.user?.role;
  if (!canUseWorkforce(role))
    return (
      <section className="page" aria-labelledby="page-title" data-testid="workforce-page">
        <PageHeader title={t('workforce.title')} subtitle={t('workforce.subtitle')} />
        <EmptyState icon={<TeamIcon size={40} />} title={t('workforce.supervisorsOnly')} body={t('workforce.supervisorsOnlyBody')} />
      </section>
    );
  return <WorkforceBoard />;
}

/**
 * The supervisor's workforce view: who holds what with the time left on their leases, decisions
 * today, open cases whose SLA is at risk by queue and kind, lapsed leases and evidence waits; and
 * holdings released or reassigned after a confirmation, with a result per case in words.
 */
function WorkforceBoard() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const [view, setView] = useState<WorkforceView | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [target, setTarget] = useState('');
  const [confirming, setConfirming] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Done | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const v = await workforceBackend.view({ withinHours: 24 });
      setView(v);
      setNow(Date.now());
      setError(null);
    } catch (e) {
      setError(errorWords(e, t));
    } finally {
      setLoading(false);
    }
  }, [t]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const rows = useMemo(() => (view ? memberRows(view, now) : []), [view, now]);
  const table = useTable({ features, columns, data: rows, getRowId: (r: MemberRow) => r.userId });
  const targets = useMemo(() => (view ? reassignTargets(view, selected) : []), [view, selected]);
  // A chosen arbitrator who now holds one of the selection is no longer offered.
  const chosen = targets.find((m) => m.userId === target) ?? null;
  const kind = (k: ComplaintKind) => KIND_LABELS[k][lang];
  const queue = (q: Queue) => t(`workforce.queues.${q}`);

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const run = async (action: Action) => {
    setBusy(true);
    const caseIds = [...selected];
    try {
      const response = action.type === 'release' ? await workforceBackend.release({ caseIds }) : await workforceBackend.reassign({ caseIds, toUserId: action.to });
      setDone({ action, response });
      setSelected(new Set());
      setTarget('');
      setConfirming(null);
      await load();
    } catch (e) {
      setError(errorWords(e, t));
      setConfirming(null);
    } finally {
      setBusy(false);
    }
  };

  const holders = view ? view.members.filter((m) => m.holdings.length > 0) : [];
  return (
    <section className="page wf" aria-labelledby="page-title" data-testid="workforce-page" aria-busy={loading}>
      <PageHeader title={t('workforce.title')} subtitle={t('workforce.subtitle')} />
      <div className="wf-toolbar">
        <button type="button" className="button button--small" onClick={() => void load()} disabled={loading} data-testid="wf-refresh">
          {t('workforce.refresh')}
        </button>
        {loading && (
          <span className="wf-loading" role="status" data-testid="wf-loading">
            <span className="wf-spinner" aria-hidden="true" />
            {t('workforce.loading')}
          </span>
        )}
        {view && !loading && (
          <span className="muted" data-testid="wf-asof">
            {t('workforce.asOf', { time: formatTime(view.at, i18n.language), since: formatTime(view.dayStartsAt, i18n.language) })}
          </span>
        )}
      </div>
      {error && (
        <p className="wf-error" role="alert" data-testid="wf-error">
          {error}
        </p>
      )}
      {view && (
        <>
          <table className="wf-table" data-testid="wf-members">
            <caption className="wf-caption">{t('workforce.membersCaption')}</caption>
            <thead>
              {table.getHeaderGroups().map((g) => (
                <tr key={g.id}>
                  {g.headers.map((h) => (
                    <th key={h.id} scope="col">
                      <table.FlexRender header={h} />
                    </th>
                  ))}
                </tr>
              ))}
            </thead>
            <tbody>
              {table.getRowModel().rows.map((row) => (
                <tr key={row.id} data-testid="wf-member" data-name={row.original.displayName}>
                  {row.getAllCells().map((cell) => (
                    <td key={cell.id}>
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>

          <section className="wf-holdings" aria-labelledby="wf-holdings-title">
            <h2 id="wf-holdings-title">{t('workforce.holdingsTitle')}</h2>
            {holders.length === 0 && <EmptyState icon={<TeamIcon size={40} />} title={t('workforce.noHoldingsTitle')} body={t('workforce.noHoldingsBody')} />}
            {holders.map((m) => (
              <fieldset key={m.userId} className="wf-group" data-testid="wf-group" data-name={m.displayName}>
                <legend>
                  {m.displayName}
                  {m.holdings.length < m.online + m.offline && <span className="muted"> {t('workforce.firstOf', { shown: m.holdings.length, total: m.online + m.offline })}</span>}
                </legend>
                <ul>
                  {m.holdings.map((h) => (
                    <li key={h.caseId}>
                      <label className="wf-holding" data-testid="wf-holding" data-external-id={h.externalId}>
                        <input type="checkbox" checked={selected.has(h.caseId)} onChange={() => toggle(h.caseId)} />
                        <span className="mono">{h.externalId}</span>
                        <span>{kind(h.kind)}</span>
                        <span className="muted">{queue(h.queue)}</span>
                        <span className={`wf-mode wf-mode--${h.offline ? 'offline' : 'online'}`}>{t(h.offline ? 'workforce.offline' : 'workforce.online')}</span>
                        <span className="muted">{h.leaseExpiresAt ? t('workforce.leftIn', { span: compactSpan(Date.parse(h.leaseExpiresAt) - now, i18n.language) }) : ''}</span>
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
            ))}
          </section>

          <div className="wf-actions" data-testid="wf-actions">
            <span data-testid="wf-selected" data-count={selected.size}>
              {t('workforce.selected', { count: selected.size })}
            </span>
            <button type="button" className="button button--small" disabled={selected.size === 0 || busy} onClick={() => setConfirming({ type: 'release' })} data-testid="wf-release">
              {t('workforce.release')}
            </button>
            <label className="wf-target">
              <span>{t('workforce.reassignTo')}</span>
              <select value={chosen?.userId ?? ''} onChange={(e) => setTarget(e.target.value)} data-testid="wf-target" disabled={selected.size === 0 || busy}>
                <option value="">{t('workforce.chooseArbitrator')}</option>
                {targets.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.displayName}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="button button--small button--primary"
              disabled={selected.size === 0 || !chosen || busy}
              onClick={() => chosen && setConfirming({ type: 'reassign', to: chosen.userId, toName: chosen.displayName })}
              data-testid="wf-reassign"
            >
              {t('workforce.reassign')}
            </button>
          </div>
          {confirming && (
            <div className="wf-confirm" role="alertdialog" aria-labelledby="wf-confirm-text" data-testid="wf-confirm">
              <p id="wf-confirm-text">
                {confirming.type === 'release' ? t('workforce.confirmRelease', { count: selected.size }) : t('workforce.confirmReassign', { count: selected.size, name: confirming.toName })}
              </p>
              <button type="button" className="button button--small button--primary" disabled={busy} onClick={() => void run(confirming)} data-testid="wf-confirm-yes">
                {t('workforce.confirm')}
              </button>
              <button type="button" className="button button--small" disabled={busy} onClick={() => setConfirming(null)} data-testid="wf-confirm-no">
                {t('workforce.cancel')}
              </button>
            </div>
          )}
          {done && <Results done={done} />}

          <div className="wf-panels">
            <section className="wf-panel" aria-labelledby="wf-sla-title" data-testid="wf-sla">
              <h2 id="wf-sla-title">{t('workforce.slaTitle', { hours: view.withinHours })}</h2>
              {view.sla.length === 0 ? (
                <p className="muted">{t('workforce.slaNone')}</p>
              ) : (
                <table className="wf-table wf-table--compact">
                  <thead>
                    <tr>
                      <th scope="col">{t('workforce.columns.queue')}</th>
                      <th scope="col">{t('workforce.columns.kind')}</th>
                      <th scope="col">{t('workforce.columns.atRisk')}</th>
                      <th scope="col">{t('workforce.columns.overdue')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.sla.map((r) => (
                      <tr key={`${r.queue}|${r.kind}`} data-testid="wf-sla-row">
                        <td>{queue(r.queue)}</td>
                        <td>{kind(r.kind)}</td>
                        <td>{r.atRisk}</td>
                        <td className={r.overdue > 0 ? 'tone-bad' : undefined}>{r.overdue}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section className="wf-panel" aria-labelledby="wf-lapsed-title" data-testid="wf-lapsed">
              <h2 id="wf-lapsed-title">{t('workforce.lapsedTitle', { count: view.lapsed.total })}</h2>
              {view.lapsed.total === 0 && <p className="muted">{t('workforce.lapsedNone')}</p>}
              <ul>
                {view.lapsed.cases.map((c) => (
                  <li key={c.caseId}>
                    <label className="wf-holding" data-testid="wf-lapsed-case" data-external-id={c.externalId}>
                      <input type="checkbox" checked={selected.has(c.caseId)} onChange={() => toggle(c.caseId)} />
                      <span className="mono">{c.externalId}</span>
                      <span>{kind(c.kind)}</span>
                      <span>{c.holderName}</span>
                      <span className="muted">
                        {c.leaseExpiredAt ? t('workforce.lapsedAgo', { span: compactSpan(now - Date.parse(c.leaseExpiredAt), i18n.language) }) : t('workforce.lapsedUnknown')}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </section>
            <section className="wf-panel" aria-labelledby="wf-evidence-title" data-testid="wf-evidence">
              <h2 id="wf-evidence-title">{t('workforce.evidenceTitle')}</h2>
              <p className="muted">{t('workforce.evidenceCounts', { overdue: view.evidence.overdue, soon: view.evidence.dueSoon, hours: view.withinHours })}</p>
              <ul>
                {view.evidence.cases.map((c) => {
                  const ms = Date.parse(c.evidenceDueAt) - now;
                  return (
                    <li key={c.caseId} className="wf-evidence" data-testid="wf-evidence-case">
                      <span className="mono">{c.externalId}</span>
                      <span>{kind(c.kind)}</span>
                      <span>{c.holderName ?? t('workforce.nobody')}</span>
                      <span className={c.overdue ? 'tone-bad' : 'muted'}>
                        {c.overdue ? t('workforce.evidenceOverdue', { span: compactSpan(-ms, i18n.language) }) : t('workforce.evidenceDueIn', { span: compactSpan(ms, i18n.language) })}
                      </span>
                    </li>
                  );
                })}
              </ul>
            </section>
          </div>
        </>
      )}
    </section>
  );
}

function Results({ done }: { done: Done }) {
  const { t } = useTranslation();
  const to = done.action.type === 'reassign' ? done.action.toName : '';
  return (
    <section className="wf-results" aria-live="polite" data-testid="wf-results">
      <h2>{t(done.action.type === 'release' ? 'workforce.resultsRelease' : 'workforce.resultsReassign', { name: to })}</h2>
      <p>{outcomeCounts(done.response).map(([o, n]) => t(`workforce.outcomeCount.${o}`, { count: n })).join(t('workforce.separator'))}</p>
      <ul>
        {done.response.results.map((r) => (
          <li key={r.caseId} data-testid="wf-result" data-outcome={r.outcome}>
            <span className="mono">{r.externalId ?? t('workforce.unknownCase')}</span>{' '}
            {t(`workforce.outcome.${done.action.type}.${r.outcome}`, { from: r.fromName ?? t('workforce.someone'), to })}
          </li>
        ))}
      </ul>
    </section>
  );
}
