import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QaRecordsResponse } from '@common/api';
import { qaBackend } from '../../data/qaQueries';

/**
 * The records the dashboard is computed from (review pairs and decision facts), fetched through
 * main. Shows the raw verdict agreement until the dashboard charts are wired in.
 */
export function QaRecordsView() {
  const { t } = useTranslation();
  const [records, setRecords] = useState<QaRecordsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    qaBackend.records({ limit: 20_000 }).then(setRecords, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  if (error)
    return (
      <p className="form-error" role="alert">
        {error}
      </p>
    );
  if (!records) return <p className="muted">{t('qa.loading')}</p>;
  const reviewed = records.pairs.filter((p) => !p.golden);
  const agree = reviewed.filter((p) => p.original.verdict === p.review.verdict).length;
  return (
    <div className="qa-records" data-testid="qa-records">
      <p>{t('qa.recordsSummary', { pairs: reviewed.length, golden: records.pairs.length - reviewed.length, decisions: records.decisions.length })}</p>
      <p data-testid="qa-raw-agreement">{reviewed.length ? t('qa.rawAgreement', { pct: Math.round((100 * agree) / reviewed.length) }) : t('qa.noPairs')}</p>
    </div>
  );
}
