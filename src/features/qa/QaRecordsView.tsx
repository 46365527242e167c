import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QaRecordsResponse } from '@common/api';
import { findQaItemByCase, qaBackend } from '../../data/qaQueries';
import { openCase } from '../../app/router';
import { QaDashboard } from './dashboard';
import { qaUi } from './qaStore';
import { errorWords } from '../../ui/errorWords';

/**
 * The agreement dashboard over the server's QA records (review pairs and decision facts), fetched
 * through main each time the tab opens, so a review just synced shows at once. A case opens as its
 * QA item when this supervisor has one (blind until reviewed), otherwise in the case view.
 */
export function QaRecordsView() {
  const { t } = useTranslation();
  const [records, setRecords] = useState<QaRecordsResponse | null>(null);
  const [error, setError] = useState<{ error: unknown } | null>(null);
  useEffect(() => {
    qaBackend.records({ limit: 20_000 }).then(setRecords, (e: unknown) => setError({ error: e }));
  }, []);
  const onOpenCase = (caseId: string) => {
    void findQaItemByCase(caseId).then((item) => {
      if (item) {
        qaUi.setView('review');
        qaUi.openItem(item.itemId);
      } else openCase(caseId);
    });
  };
  if (error)
    return (
      <p className="form-error" role="alert" data-testid="qa-records-error">
        {errorWords(error.error, t)}
      </p>
    );
  if (!records) return <p className="muted">{t('qa.loading')}</p>;
  return (
    <div className="qa-records" data-testid="qa-records">
      {records.truncated && <p className="muted small">{t('qa.truncated', { count: records.decisions.length })}</p>}
      <QaDashboard pairs={records.pairs} decisions={records.decisions} onOpenCase={onOpenCase} />
    </div>
  );
}
