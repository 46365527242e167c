import './workstation.css';
import { useTranslation } from 'react-i18next';
import { CommandPalette } from '../../app/commands/CommandPalette';
import { CheatSheet } from '../../app/commands/CheatSheet';
import { useKeyboardDispatcher } from '../../app/commands/runtime';
import { useQueueRows } from '../../data/queries';
import { EmptyState } from '../../ui/EmptyState';
import { InboxIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/PageHeader';
import { CaseView } from '../case/CaseView';
import { useUndoCommand } from '../decision/useUndo';
import { useOpenCaseId } from '../../app/router';
import { QueueTable } from './QueueTable';

/** The arbitrator's checked-out cases, and (under #/queue/case/<id>) the case being decided. */
export function QueuePage() {
  useKeyboardDispatcher();
  useUndoCommand();
  const caseId = useOpenCaseId();
  return (
    <>
      {caseId ? <CaseView caseId={caseId} /> : <QueueList />}
      <CheatSheet />
      <CommandPalette />
    </>
  );
}

function QueueList() {
  const { t } = useTranslation();
  const result = useQueueRows();
  return (
    <section className="page page--wide" aria-labelledby="page-title" data-testid="page-queue">
      <PageHeader title={t('queue.title')} subtitle={t('queue.subtitle')} />
      {result === undefined ? null : result.total === 0 ? (
        <EmptyState icon={<InboxIcon />} title={t('queue.emptyTitle')} body={t('queue.emptyBody')} />
      ) : (
        <QueueTable rows={result.rows} total={result.total} complete={result.complete} />
      )}
    </section>
  );
}
