import './qa.css';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { canUseQa } from '../../app/access';
import { setContexts, useKeyboardDispatcher } from '../../app/commands/runtime';
import { useSessionStatus } from '../../sync/syncStore';
import { EmptyState } from '../../ui/EmptyState';
import { QaIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/PageHeader';
import { PaneBoundary } from '../../ui/PaneBoundary';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { PlanBuilder } from './PlanBuilder';
import { QaRecordsView } from './QaRecordsView';
import { QaReviewQueue } from './QaReviewQueue';
import { qaUi, useQaOpen, useQaView, type QaView } from './qaStore';
import { QaReview } from './review';


/** Supervisor QA: blind re-review queue, sampling plans, and the agreement records. */
export function QaPage() {
  const { t } = useTranslation();
  const session = useSessionStatus();
  const view = useQaView();
  const open = useQaOpen();
  // The page's own key listener (the queue page mounts one too; never both at once).
  useKeyboardDispatcher();
  useEffect(() => () => setContexts([]), []);
  if (!canUseQa(session?.user?.role)) {
    return (
      <section className="page" aria-labelledby="page-title" data-testid="page-qa">
        <PageHeader title={t('qa.title')} subtitle={t('qa.subtitle')} />
        <EmptyState icon={<QaIcon size={40} />} title={t('qa.supervisorsOnly')} body={t('qa.supervisorsOnlyBody')} />
      </section>
    );
  }
  if (view === 'review' && open)
    return (
      <PaneBoundary pane="qa" resetKey={open}>
        <QaReview itemId={open} />
      </PaneBoundary>
    );
  const views: { value: QaView; label: string }[] = [
    { value: 'review', label: t('qa.views.review') },
    { value: 'plans', label: t('qa.views.plans') },
    { value: 'dashboard', label: t('qa.views.dashboard') },
  ];
  return (
    <section className="page page--wide qa" aria-labelledby="page-title" data-testid="page-qa">
      <PageHeader title={t('qa.title')} subtitle={t('qa.subtitle')} />
      <SegmentedControl label={t('qa.views.label')} value={view} options={views} onChange={qaUi.setView} testId="qa-views" />
      <PaneBoundary pane="qa" resetKey={view}>
        {view === 'review' && <QaReviewQueue />}
        {view === 'plans' && <PlanBuilder />}
        {view === 'dashboard' && <QaRecordsView />}
      </PaneBoundary>
    </section>
  );
}
