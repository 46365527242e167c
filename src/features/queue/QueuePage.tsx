import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/EmptyState';
import { InboxIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/PageHeader';

/** The arbitrator's checked-out cases. Until claiming exists (a later issue) there are honestly none. */
export function QueuePage() {
  const { t } = useTranslation();
  return (
    <section className="page" aria-labelledby="page-title" data-testid="page-queue">
      <PageHeader title={t('queue.title')} subtitle={t('queue.subtitle')} />
      <EmptyState icon={<InboxIcon />} title={t('queue.emptyTitle')} body={t('queue.emptyBody')} />
    </section>
  );
}
