import { CommandPalette } from '../../app/commands/CommandPalette';
import { CheatSheet } from '../../app/commands/CheatSheet';
import { useKeyboardDispatcher } from '../../app/commands/runtime';
import { useOpenCaseId } from '../../app/router';
import { useUndoCommand } from '../decision';
import { QueueList } from '../queue';
import { CaseView } from './CaseView';

/** The arbitrator's workstation: the queue, and (under #/queue/case/<id>) the case being decided. */
export function WorkstationPage() {
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
