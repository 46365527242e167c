import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QA_RECORDS_FIRST_PAGE, QA_RECORDS_PAGE, type QaRecordsResponse } from '@common/api';
import type { DecisionFact, ReviewPair } from '@common/qa';
import { findQaItemByCase, qaBackend } from '../../data/qaQueries';
import { openCase } from '../../app/router';
import { QaDashboard } from './dashboard';
import { qaUi } from './qaStore';
import { errorWords } from '../../ui/errorWords';

/** The charts are rebuilt from what has arrived at most this often while pages come in. */
const REPAINT_MS = 500;

type Loaded = { pairs: ReviewPair[]; decisions: DecisionFact[]; total: number; done: boolean; pairsTruncated: boolean };

/**
 * The agreement dashboard over the server's QA records (review pairs and decision facts), fetched
 * through main each time the tab opens, so a review just synced shows at once. The decisions come
 * a keyset page at a time: the dashboard shows what has arrived, with a progress bar (loaded of
 * total), and stays usable while the rest load. A case opens as its QA item when this supervisor
 * has one (blind until reviewed), otherwise in the case view.
 */
export function QaRecordsView() {
  const { t, i18n } = useTranslation();
  const [records, setRecords] = useState<Loaded | null>(null);
  const [error, setError] = useState<{ error: unknown } | null>(null);
  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      const first: QaRecordsResponse = await qaBackend.records({ limit: QA_RECORDS_FIRST_PAGE });
      const decisions = [...first.decisions];
      const pairs = first.pairs;
      const total = first.total ?? decisions.length;
      const pairsTruncated = first.truncated && !first.nextCursor;
      let cursor = first.nextCursor ?? null;
      if (cancelled) return;
      setRecords({ pairs, decisions: [...decisions], total, done: !cursor, pairsTruncated });
      let painted = performance.now();
      while (cursor && !cancelled) {
        const page: QaRecordsResponse = await qaBackend.records({ limit: QA_RECORDS_PAGE, cursor });
        if (cancelled) return;
        for (const d of page.decisions) decisions.push(d);
        cursor = page.nextCursor ?? null;
        if (!cursor || performance.now() - painted >= REPAINT_MS) {
          setRecords({ pairs, decisions: [...decisions], total: Math.max(total, decisions.length), done: !cursor, pairsTruncated });
          painted = performance.now();
        }
      }
    };
    load().catch((e: unknown) => {
      if (!cancelled) setError({ error: e });
    });
    return () => {
      cancelled = true;
    };
  }, []);
  const onOpenCase = (caseId: string) => {
    void findQaItemByCase(caseId).then((item) => {
      if (item) {
        qaUi.setView('review');
        qaUi.openItem(item.itemId);
      } else openCase(caseId);
    });
  };
  if (error && !records)
    return (
      <p className="form-error" role="alert" data-testid="qa-records-error">
        {errorWords(error.error, t)}
      </p>
    );
  if (!records) return <p className="muted">{t('qa.loading')}</p>;
  const n = (x: number) => x.toLocaleString(i18n.language);
  return (
    <div className="qa-records" data-testid="qa-records" data-complete={records.done} data-loaded={records.decisions.length}>
      {!records.done && (
        <div className="qa-records-progress" data-testid="qa-records-progress">
          <progress value={records.decisions.length} max={Math.max(1, records.total)} aria-label={t('qa.recordsProgressLabel')} />
          <span className="muted small">{t('qa.recordsProgress', { loaded: n(records.decisions.length), total: n(records.total) })}</span>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="qa-records-error">
          {t('qa.recordsStopped', { loaded: n(records.decisions.length), total: n(records.total) })} {errorWords(error.error, t)}
        </p>
      )}
      {records.pairsTruncated && <p className="muted small">{t('qa.pairsTruncated', { count: records.pairs.length })}</p>}
      <QaDashboard pairs={records.pairs} decisions={records.decisions} onOpenCase={onOpenCase} />
    </div>
  );
}
