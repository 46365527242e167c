import './precedents.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Precedent } from '@common/api';
import { VERDICT_LABELS, type ComplaintKind } from '@common/domain';
import type { Policy } from '@common/policy';
import { CODE_LABELS, type FindingCode } from '@common/rules';
import { KeyHint } from '../../app/commands/KeyHint';
import { useCommand } from '../../app/commands/runtime';
import { appDb } from '../../data/db';
import { refreshPrecedents, useStoredPrecedents } from '../../data/precedentsRepo';
import { formatDateTime, formatFen } from '../../ui/format';
import { useModalDialog } from '../../ui/modalDialog';

type Fetch = 'loading' | 'fresh' | 'failed';

/**
 * The open case's precedents (docs/precedents.md): how the close ones were decided, as a bar, and
 * the most similar decided cases with their reasons, the note's first line and why they count as
 * similar. Fetched from the server when the case opens; the stored set (with its time) otherwise.
 * A click, or the precedent key, opens one read-only.
 */
export function PrecedentsPanel({ caseId, kind, policy }: { caseId: string; kind: ComplaintKind; policy: Policy | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const stored = useStoredPrecedents(caseId);
  const [fetch, setFetch] = useState<Fetch>('loading');
  const [opened, setOpened] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    refreshPrecedents(appDb(), caseId).then(
      () => live && setFetch('fresh'),
      () => live && setFetch('failed'),
    );
    return () => {
      live = false;
    };
  }, [caseId]);
  const list = stored?.response.precedents ?? [];
  useCommand('case.precedent', () => {
    if (list.length > 0) setOpened(0);
  });

  if (stored === undefined || (stored === null && fetch === 'loading'))
    return (
      <section className="precedents" aria-label={t('precedents.title')} data-testid="precedents" data-state="loading">
        <h2 className="legend">{t('precedents.title')}</h2>
        <p className="muted small">{t('precedents.loading')}</p>
      </section>
    );
  if (stored === null)
    return (
      <section className="precedents" aria-label={t('precedents.title')} data-testid="precedents" data-state="unavailable">
        <h2 className="legend">{t('precedents.title')}</h2>
        <p className="muted small">{t('precedents.unavailable')}</p>
      </section>
    );

  const r = stored.response;
  const total = r.distribution.reduce((s, d) => s + d.count, 0);
  const score = (x: number) => `${Math.round(x * 100)}%`;
  const parts = r.distribution.map((d) => t('precedents.part', { verdict: VERDICT_LABELS[d.verdict][lang], count: d.count })).join(t('keys.listSeparator'));
  return (
    <section className="precedents" aria-label={t('precedents.title')} data-testid="precedents" data-case-id={stored.caseId} data-state={fetch === 'failed' ? 'cached' : 'fresh'}>
      <div className="precedents__head">
        <h2 className="legend">
          {t('precedents.title')} <KeyHint command="case.precedent" />
        </h2>
        <span className="muted small">
          {t('precedents.asOf', { when: formatDateTime(r.computedAt, i18n.language), scanned: r.scanned })}
          {fetch === 'failed' && <> · {t('precedents.cached')}</>}
        </span>
      </div>
      {list.length === 0 ? (
        <p className="muted small">{t('precedents.none')}</p>
      ) : (
        <>
          {total > 0 ? (
            <div className="precedents__dist">
              <div className="precedents__bar" role="img" aria-label={t('precedents.barLabel', { parts })} data-testid="precedents-bar">
                {r.distribution.map((d) => (
                  <span key={d.verdict} className={`precedents__seg precedents__seg--${d.verdict}`} style={{ flexGrow: d.count }} data-verdict={d.verdict} data-count={d.count} />
                ))}
              </div>
              <span className="small">
                {t('precedents.close', { count: total, score: score(r.closeScore) })}: {parts}
              </span>
            </div>
          ) : (
            <p className="muted small">{t('precedents.noClose', { score: score(r.closeScore) })}</p>
          )}
          <ol className="precedents__list" data-testid="precedents-list">
            {list.map((p, i) => (
              <li key={p.caseId}>
                <button type="button" className="precedents__item" onClick={() => setOpened(i)} data-testid="precedent">
                  <strong className={`verdict-pill verdict-pill--${p.verdict}`}>{VERDICT_LABELS[p.verdict][lang]}</strong>
                  <span className="mono muted small">{p.externalId}</span>
                  <span className="small">{t('precedents.score', { score: score(p.score) })}</span>
                  <span className="precedents__note small" translate="no">
                    {p.noteFirstLine || t('precedents.noNote')}
                  </span>
                  <span className="muted small">{p.why.map((w) => t(`precedents.whyWords.${w}`)).join(t('keys.listSeparator'))}</span>
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
      <PrecedentDialog list={list} index={opened} onIndex={setOpened} kind={kind} policy={policy} />
    </section>
  );
}

/** One precedent, read-only: what was decided, why, and why it counts as similar. Esc closes. */
function PrecedentDialog({ list, index, onIndex, kind, policy }: { list: readonly Precedent[]; index: number | null; onIndex: (i: number | null) => void; kind: ComplaintKind; policy: Policy | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const p = index === null ? undefined : list[index];
  const dialog = useModalDialog(p !== undefined, (open) => !open && onIndex(null));
  const reason = (code: string) => policy?.reasonCodes[kind].find((r) => r.code === code)?.[lang] ?? t('precedents.otherReason');
  const sep = t('keys.listSeparator');
  return (
    <dialog {...dialog} className="dialog precedent-dialog" aria-labelledby="precedent-title" data-testid="precedent-dialog">
      {p && index !== null && (
        <>
          <header className="dialog__head">
            <h2 id="precedent-title">
              <strong className={`verdict-pill verdict-pill--${p.verdict}`}>{VERDICT_LABELS[p.verdict][lang]}</strong>{' '}
              <span translate="no">{p.title ?? p.externalId}</span>
            </h2>
            <span className="muted small">{t('precedents.position', { n: index + 1, total: list.length })}</span>
          </header>
          <p className="muted small">{t('precedents.readOnly')}</p>
          <dl className="precedent-dialog__facts">
            <div>
              <dt>{t('precedents.decidedLabel')}</dt>
              <dd>
                <span className="mono">{p.externalId}</span> · {formatDateTime(p.decidedAt, i18n.language)}
              </dd>
            </div>
            <div>
              <dt>{t('precedents.why')}</dt>
              <dd>
                {t('precedents.score', { score: `${Math.round(p.score * 100)}%` })} · {p.why.map((w) => t(`precedents.whyWords.${w}`)).join(sep)}
              </dd>
            </div>
            <div>
              <dt>{t('precedents.reasons')}</dt>
              <dd>{p.reasonCodes.map(reason).join(sep) || '—'}</dd>
            </div>
            <div>
              <dt>{t('precedents.note')}</dt>
              <dd translate="no">{p.noteFirstLine || t('precedents.noNote')}</dd>
            </div>
            <div>
              <dt>{t('precedents.findings')}</dt>
              <dd>{p.findingCodes.map((c) => CODE_LABELS[c as FindingCode]?.[lang] ?? '').filter(Boolean).join(sep) || t('precedents.noFindings')}</dd>
            </div>
            {p.amountFen > 0 && (
              <div>
                <dt>{t('precedents.amount')}</dt>
                <dd className="num">{formatFen(p.amountFen)}</dd>
              </div>
            )}
            <div>
              <dt>{t('precedents.policy')}</dt>
              <dd className="mono">{p.policyVersion}</dd>
            </div>
          </dl>
          <footer className="confirm__actions">
            <button type="button" className="button" disabled={index === 0} onClick={() => onIndex(index - 1)}>
              {t('precedents.prev')}
            </button>
            <button type="button" className="button" disabled={index >= list.length - 1} onClick={() => onIndex(index + 1)}>
              {t('precedents.next')}
            </button>
            <button type="button" className="button" autoFocus onClick={() => onIndex(null)} data-testid="precedent-close">
              {t('precedents.close')}
            </button>
          </footer>
        </>
      )}
    </dialog>
  );
}
