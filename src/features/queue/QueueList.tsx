import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStartup } from '../../data/ops';
import { useQueueRows } from '../../data/queries';
import { EmptyState } from '../../ui/EmptyState';
import { InboxIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/PageHeader';
import { QueueTable } from './QueueTable';

/**
 * The arbitrator's checked-out cases: filters, saved views and the virtualised table. `whileEmpty` is
 * shown while there are none (the workstation passes the start-up progress).
 */
export function QueueList({ whileEmpty }: { whileEmpty?: ReactNode } = {}) {
  const { t } = useTranslation();
  const result = useQueueRows();
  // While the embedded backend starts (and seeds, on the first run), say so instead of "no cases".
  const startup = useStartup();
  const starting = startup !== null && startup.phase !== 'ready' && startup.phase !== 'failed';
  return (
    <section className="page page--wide" aria-labelledby="page-title" data-testid="page-queue">
      <PageHeader title={t('queue.title')} subtitle={t('queue.subtitle')} />
      {result === undefined ? null : result.total === 0 ? (
        <>
          {whileEmpty}
          {!starting && <EmptyState icon={<InboxIcon />} title={t('queue.emptyTitle')} body={t('queue.emptyBody')} />}
        </>
      ) : (
        <QueueTable rows={result.rows} total={result.total} complete={result.complete} />
      )}
    </section>
  );
}
