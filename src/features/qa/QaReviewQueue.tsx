import './qa.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { KIND_LABELS } from '@common/domain';
import { setContexts, useCommand } from '../../app/commands/runtime';
import { useQaItems } from '../../data/qaQueries';
import type { QaItemRow } from '../../data/rows';
import { EmptyState } from '../../ui/EmptyState';
import { QaIcon } from '../../ui/icons';
import { formatDateTime } from '../../ui/format';
import { neighbour } from './qaModel';
import { qaUi, useQaSelected } from './qaStore';

/** The blind review queue: open items first. j/k move, Enter or o opens (the queue's keys). */
export function QaReviewQueue() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const items = useQaItems();
  const selected = useQaSelected();
  const ids = (items ?? []).map((i) => i.itemId);
  const listRef = useRef<HTMLTableSectionElement>(null);
  useEffect(() => setContexts(['queue']), []);
  useEffect(() => {
    if (items && items.length && (selected === null || !ids.includes(selected))) qaUi.select(items[0]!.itemId);
    // ids derive from items
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [items, selected]);
  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  useCommand('queue.next', () => qaUi.select(neighbour(ids, qaUi.get().selected, 1)));
  useCommand('queue.prev', () => qaUi.select(neighbour(ids, qaUi.get().selected, -1)));
  useCommand('queue.first', () => qaUi.select(ids[0] ?? null));
  useCommand('queue.last', () => qaUi.select(ids[ids.length - 1] ?? null));
  useCommand('queue.open', () => {
    const id = qaUi.get().selected;
    if (id) qaUi.openItem(id);
  });

  if (items === undefined) return null;
  if (items.length === 0) return <EmptyState icon={<QaIcon size={40} />} title={t('qa.emptyTitle')} body={t('qa.emptyBody')} />;
  const open = items.filter((i) => i.done === 0).length;
  return (
    <div className="qa-queue">
      <p className="muted small" data-testid="qa-counts">
        {t('qa.counts', { open, total: items.length })} · {t('qa.queueKeys')}
      </p>
      <table className="qa-table" data-testid="qa-items">
        <thead>
          <tr>
            <th>{t('qa.columns.case')}</th>
            <th>{t('qa.columns.kind')}</th>
            <th>{t('qa.columns.plan')}</th>
            <th>{t('qa.columns.assigned')}</th>
            <th>{t('qa.columns.state')}</th>
            <th>{t('qa.columns.agreement')}</th>
          </tr>
        </thead>
        <tbody ref={listRef}>
          {items.map((i) => (
            <tr key={i.itemId} aria-selected={i.itemId === selected} className={i.itemId === selected ? 'is-selected' : undefined} onClick={() => qaUi.select(i.itemId)} onDoubleClick={() => qaUi.openItem(i.itemId)} data-testid="qa-item" data-item-id={i.itemId} data-state={i.local}>
              <td className="mono">{i.externalId}</td>
              <td>{KIND_LABELS[i.kind][lang]}</td>
              <td>{i.planName}</td>
              <td>{formatDateTime(i.assignedAt, i18n.language)}</td>
              <td>
                <span className={`qa-state qa-state--${i.local}`}>{t(`qa.states.${i.local}`)}</span>
              </td>
              <td>
                <AgreementCell item={i} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AgreementCell({ item }: { item: QaItemRow }) {
  const { t } = useTranslation();
  const c = item.comparison;
  if (!c) return <span className="muted">—</span>;
  const all = c.verdictAgrees && c.remediesAgree && c.reasonCodesAgree;
  return <span className={all ? 'tone-ok' : c.verdictAgrees ? 'tone-warn' : 'tone-bad'}>{all ? t('qa.agreeAll') : c.verdictAgrees ? t('qa.agreeVerdictOnly') : t('qa.disagreeVerdict')}</span>;
}
