import { createColumnHelper, FlexRender, tableFeatures, useTable } from '@tanstack/react-table';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseLinksResponse, LinkReason } from '@common/api';
import { KIND_LABELS, REMEDY_LABELS, VERDICTS, VERDICT_LABELS, type ComplaintKind, type Remedy, type Verdict } from '@common/domain';
import type { Policy } from '@common/policy';
import { CODE_LABELS, type FindingCode } from '@common/rules';
import { caseOrder, openNextOpen } from '../../../app/caseOrder';
import { useAppInfo, useConnection } from '../../../data/appInfo';
import { appDb } from '../../../data/db';
import { localCases } from '../../../data/links';
import { recordDecisions } from '../../../data/outboxRepo';
import { governingPolicy, usePolicySource } from '../../../data/policies';
import { useCaseRow } from '../../../data/queries';
import { snippetsFor, useAllSnippets } from '../../../data/snippets';
import { errorWords } from '../../../ui/errorWords';
import { formatFen } from '../../../ui/format';
import { problemText } from '../../../ui/problemWords';
import { withItem, withRemedy } from '../../decision';
import { planCluster, type ClusterCase, type ClusterDraft, type ClusterOutcome } from './clusterModel';
import { useWhyWords } from './whyWords';

/** Marked when a cluster decision's mutations are all on disk (the e2e and the bench read it). */
export const CLUSTER_DURABLE_MEASURE = 'gavel:cluster-durable';

type Member = {
  caseId: string;
  externalId: string;
  kind: ComplaintKind;
  holder: { id: string; name: string } | null;
  findingCodes: readonly string[];
  amountFen: number;
  why: readonly LinkReason[] | null;
};

const features = tableFeatures({});
const col = createColumnHelper<typeof features, Member>();

type Result = { caseId: string; externalId: string; text: string; ok: boolean };

/**
 * The cluster view (docs/clusters.md): the open case and every open linked case side by side with
 * their key findings; tick some, fill one decision, and each ticked case is judged on its own and
 * recorded as its own mutation. Results are listed per case, in words.
 */
export function ClusterDialog({ caseId, kind, externalId, links, onClose }: { caseId: string; kind: ComplaintKind; externalId: string; links: CaseLinksResponse; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const ref = useRef<HTMLDialogElement>(null);
  const userId = useAppInfo()?.user?.id ?? null;
  const online = useConnection()?.status === 'online';
  const source = usePolicySource();
  const own = useCaseRow(caseId);
  const allSnippets = useAllSnippets();
  const whyWords = useWhyWords();

  const members: Member[] = useMemo(
    () => [
      {
        caseId,
        externalId,
        kind,
        holder: own?.claimedBy ? { id: own.claimedBy, name: '' } : null,
        findingCodes: own?.findingCodes ?? [],
        amountFen: own?.amountFen ?? 0,
        why: null,
      },
      ...links.links.filter((l) => l.open).map((l) => ({ caseId: l.caseId, externalId: l.externalId, kind: l.kind, holder: l.holder, findingCodes: l.findingCodes, amountFen: l.amountFen, why: l.why })),
    ],
    [caseId, externalId, kind, own, links],
  );
  const mine = (m: Member) => m.holder !== null && m.holder.id === userId;
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set(members.filter(mine).map((m) => m.caseId)));
  const [draft, setDraft] = useState<ClusterDraft>({ verdict: null, reasonCodes: [], remedies: [], note: '' });
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<Result[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // Whether the open case itself was recorded: closing the dialog then moves on, as committing one does.
  const openDecided = useRef(false);
  // "Apply" is disabled while it works, which drops the keyboard focus to the page: Esc would then
  // reach the case view's "back to queue" too and unmount the dialog before its close could move on.
  // With the results shown, the keyboard is put back in the dialog, on "close".
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (results && !busy) closeButton.current?.focus();
  }, [results, busy]);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  // The open case's policy labels the form; each ticked case is still judged under its own.
  const governing = source && own ? governingPolicy(source, own) : null;
  const policy: Policy | null = governing && 'policy' in governing ? governing.policy : null;
  // The form offers the reasons and remedies of every kind ticked (a case of another kind reports one it has not).
  const kinds = [...new Set(members.filter((m) => selected.has(m.caseId)).map((m) => m.kind))];
  const reasons = policy ? [...new Map(kinds.flatMap((k) => policy.reasonCodes[k]).filter((r) => draft.verdict === null || r.verdicts.includes(draft.verdict)).map((r) => [r.code, r])).values()] : [];
  const remedies = policy ? [...new Set(kinds.flatMap((k) => policy.remediesByKind[k]))] : [];

  const columns = useMemo(
    () =>
      col.columns([
        col.display({
          id: 'select',
          header: () => t('clusters.dialog.select'),
          cell: (c) => (
            <input
              type="checkbox"
              aria-label={c.row.original.externalId}
              checked={selected.has(c.row.original.caseId)}
              onChange={(e) => setSelected((s) => {
                const next = new Set(s);
                if (e.target.checked) next.add(c.row.original.caseId);
                else next.delete(c.row.original.caseId);
                return next;
              })}
              data-testid="cluster-select"
            />
          ),
        }),
        col.display({
          id: 'case',
          header: () => t('clusters.dialog.columns.case'),
          cell: (c) => (
            <span className="cluster__case">
              <span className="kind-pill">{KIND_LABELS[c.row.original.kind][lang]}</span> <span className="mono small">{c.row.original.externalId}</span>
            </span>
          ),
        }),
        col.display({
          id: 'holder',
          header: () => t('clusters.dialog.columns.holder'),
          cell: (c) => {
            const h = c.row.original.holder;
            return <span className="small">{!h ? t('clusters.holder.nobody') : h.id === userId ? t('clusters.holder.you') : t('clusters.holder.other', { name: h.name })}</span>;
          },
        }),
        col.display({
          id: 'findings',
          header: () => t('clusters.dialog.columns.findings'),
          cell: (c) => {
            const words = c.row.original.findingCodes.slice(0, 3).map((code) => CODE_LABELS[code as FindingCode]?.[lang]).filter(Boolean);
            return <span className="small">{words.join(t('keys.listSeparator')) || t('clusters.dialog.noFindings')}</span>;
          },
        }),
        col.display({ id: 'amount', header: () => t('clusters.dialog.columns.amount'), cell: (c) => <span className="num small">{c.row.original.amountFen > 0 ? formatFen(c.row.original.amountFen) : '—'}</span> }),
        col.display({
          id: 'why',
          header: () => t('clusters.dialog.columns.why'),
          cell: (c) => (
            <span className="small" translate="no">
              {c.row.original.why ? whyWords(c.row.original.why) : t('clusters.dialog.thisCase')}
            </span>
          ),
        }),
      ]),
    [t, lang, selected, userId, whyWords],
  );
  const table = useTable({ features, columns, data: members, getRowId: (m) => m.caseId });
  const resultOf = new Map((results ?? []).map((r) => [r.caseId, r]));

  const apply = async () => {
    if (busy) return;
    const ids = members.filter((m) => selected.has(m.caseId)).map((m) => m.caseId);
    if (ids.length === 0) return setMessage(t('clusters.dialog.nothing'));
    setBusy(true);
    setMessage(null);
    try {
      const t0 = performance.now();
      const db = appDb();
      const local = await localCases(db, ids);
      const byId = new Map(members.map((m) => [m.caseId, m]));
      const cases: ClusterCase[] = ids.map((id) => {
        const l = local.get(id);
        const g = l?.row && source ? governingPolicy(source, l.row) : null;
        return { caseId: id, externalId: byId.get(id)!.externalId, row: l?.row ?? null, bundle: l?.bundle ?? null, policy: g && 'policy' in g ? g.policy : null };
      });
      const outcomes = planCluster(draft, cases, {
        userId,
        now: new Date(),
        newId: () => crypto.randomUUID(),
        snippets: (c) => snippetsFor(allSnippets ?? [], c.row!.kind, null).map((s) => s.text),
      });
      const ready = outcomes.flatMap((o) => (o.status === 'ready' ? [{ caseId: o.caseId, decision: o.decision }] : []));
      const recorded = ready.length > 0 ? await recordDecisions(db, ready) : [];
      performance.measure(CLUSTER_DURABLE_MEASURE, { start: t0, end: performance.now(), detail: { cases: ready.length } });
      const failed = new Map(recorded.flatMap((r) => (r.ok ? [] : [[r.caseId, r.error] as const])));
      // "Commit and next" and the walk after closing skip what this decided (the queue's order is a snapshot).
      for (const r of recorded) if (r.ok) caseOrder.markDecided(r.caseId);
      if (recorded.some((r) => r.ok && r.caseId === caseId)) openDecided.current = true;
      setResults(outcomes.map((o) => describe(o, failed.get(o.caseId))));
    } catch (e) {
      setMessage(errorWords(e, t));
    } finally {
      setBusy(false);
    }
  };

  const describe = (o: ClusterOutcome, failed: unknown): Result => {
    const base = { caseId: o.caseId, externalId: o.externalId };
    if (o.status === 'ready') return failed ? { ...base, ok: false, text: t('clusters.result.failed', { error: errorWords(failed, t) }) } : { ...base, ok: true, text: t('clusters.result.ready') };
    if (o.status === 'not_held') return { ...base, ok: false, text: t(`clusters.result.${o.reason}`) };
    return { ...base, ok: false, text: t('clusters.result.invalid', { problems: o.problems.map((p) => problemText(p, t, lang, policy)).join(t('keys.listSeparator')) }) };
  };

  const done = (results ?? []).filter((r) => r.ok).length;
  return (
    <dialog ref={ref} className="dialog cluster-dialog" aria-labelledby="cluster-title" onClose={() => {
        onClose();
        if (openDecided.current) openNextOpen(caseId);
      }} data-testid="cluster-dialog">
      <header className="dialog__head">
        <h2 id="cluster-title">{t('clusters.dialog.title', { count: members.length })}</h2>
      </header>
      <p className="muted small">{t('clusters.dialog.intro')}</p>
      {!online && <p className="small cluster__offline" data-testid="cluster-offline">{t('clusters.dialog.offline')}</p>}
      <div className="cluster__table" role="table" aria-labelledby="cluster-title">
        <div role="row" className="cluster__row cluster__row--head">
          {table.getHeaderGroups()[0]?.headers.map((h) => (
            <div key={h.id} role="columnheader" className={`cluster__cell cluster__cell--${h.column.id}`}>
              <table.FlexRender header={h} />
            </div>
          ))}
        </div>
        {table.getRowModel().rows.map((row) => {
          const r = resultOf.get(row.id);
          return (
            <div key={row.id} role="row" className="cluster__row" data-testid="cluster-row" data-case-id={row.id} data-result={r ? (r.ok ? 'ok' : 'refused') : undefined}>
              {row.getAllCells().map((cell) => (
                <div key={cell.id} role="cell" className={`cluster__cell cluster__cell--${cell.column.id}`}>
                  <FlexRender cell={cell} />
                </div>
              ))}
              {r && (
                <div role="cell" className={`cluster__result small${r.ok ? '' : ' cluster__result--refused'}`} data-testid="cluster-result">
                  {r.text}
                </div>
              )}
            </div>
          );
        })}
      </div>
      <button type="button" className="button button--small" onClick={() => setSelected(new Set(members.filter(mine).map((m) => m.caseId)))} data-testid="cluster-select-held">
        {t('clusters.dialog.selectAll')}
      </button>
      <form
        className="cluster__form"
        onSubmit={(e) => {
          e.preventDefault();
          void apply();
        }}
      >
        <fieldset>
          <legend>{t('clusters.dialog.verdict')}</legend>
          {VERDICTS.map((v: Verdict) => (
            <label key={v} className="cluster__choice">
              <input type="radio" name="cluster-verdict" checked={draft.verdict === v} onChange={() => setDraft((d) => ({ ...d, verdict: v, reasonCodes: [] }))} data-testid={`cluster-verdict-${v}`} />
              {VERDICT_LABELS[v][lang]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('clusters.dialog.reasons')}</legend>
          {reasons.map((r) => (
            <label key={r.code} className="cluster__choice">
              <input type="checkbox" checked={draft.reasonCodes.includes(r.code)} onChange={(e) => setDraft((d) => ({ ...d, reasonCodes: withItem(d.reasonCodes, r.code, e.target.checked) }))} data-testid="cluster-reason" data-code={r.code} />
              {r[lang]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('clusters.dialog.remedies')}</legend>
          {remedies.map((r: Remedy) => (
            <label key={r} className="cluster__choice">
              <input type="checkbox" checked={draft.remedies.includes(r)} onChange={(e) => setDraft((d) => ({ ...d, remedies: withRemedy(d.remedies, r, e.target.checked) }))} data-testid="cluster-remedy" data-remedy={r} />
              {REMEDY_LABELS[r][lang]}
            </label>
          ))}
        </fieldset>
        <label className="cluster__note">
          {t('clusters.dialog.note')}
          <textarea value={draft.note} placeholder={t('clusters.dialog.notePlaceholder')} onChange={(e) => setDraft((d) => ({ ...d, note: e.target.value }))} rows={2} data-testid="cluster-note" />
        </label>
        {message && (
          <p className="form-error" role="alert">
            {message}
          </p>
        )}
        {results && (
          <p role="status" className="small" data-testid="cluster-summary" data-done={done}>
            {t('clusters.dialog.summary', { done, left: results.length - done })}
          </p>
        )}
        <footer className="confirm__actions">
          <button type="submit" className="button button--primary" disabled={busy} data-testid="cluster-apply">
            {busy ? t('clusters.dialog.applying') : t('clusters.dialog.apply', { count: selected.size })}
          </button>
          <button type="button" ref={closeButton} className="button" onClick={() => ref.current?.close()} data-testid="cluster-close">
            {t('clusters.dialog.close')}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
