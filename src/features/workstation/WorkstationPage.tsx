import { useOpenCaseId } from '../../app/router';
import { UndoToast, useUndoCommand } from '../decision';
import { PaneBoundary } from '../../ui/PaneBoundary';
import { QueueList } from '../queue';
import { StartupProgress } from '../sync-status';
import { CaseView } from './CaseView';

/** The arbitrator's workstation: the queue, and (under #/queue/case/<id>) the case being decided. */
export function WorkstationPage() {
  const { undoable, undo } = useUndoCommand();
  const caseId = useOpenCaseId();
  return (
    <>
      {caseId ? (
        <PaneBoundary pane="case" resetKey={caseId}>
          <CaseView caseId={caseId} />
        </PaneBoundary>
      ) : (
        <PaneBoundary pane="queue">
          <QueueList whileEmpty={<StartupProgress />} />
        </PaneBoundary>
      )}
      <UndoToast undoable={undoable} undo={undo} />
    </>
  );
}
