import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/EmptyState';
import { QaIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/PageHeader';

/** Supervisors' sample re-reviews; empty until QA sampling exists (a later issue). */
export function QaPage() {
  const { t } = useTranslation();
  return (
    <section className="page" aria-labelledby="page-title" data-testid="page-qa">
      <PageHeader title={t('qa.title')} subtitle={t('qa.subtitle')} />
      <EmptyState icon={<QaIcon size={40} />} title={t('qa.emptyTitle')} body={t('qa.emptyBody')} />
    </section>
  );
}
