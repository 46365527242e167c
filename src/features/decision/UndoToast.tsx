import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyHint } from '../../app/commands/KeyHint';
import type { UndoableDecision } from '../../data/queries';
import { UNDO_WINDOW_MS } from '../../sync/engine';
import { useNow } from '../../ui/clock';

/**
 * The undo window, visible: for the newest decision still on this machine, which case it was, the
 * seconds left before the background sync sends it, and the undo button with its live key. Gone
 * when the window ends or the decision leaves (a "sync now" sends it at once).
 */
export function UndoToast({ undoable, undo }: { undoable: UndoableDecision[] | undefined; undo: () => void }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const last = undoable?.[0];
  if (!last) return null;
  const leftMs = Date.parse(last.createdAt) + UNDO_WINDOW_MS - now;
  if (leftMs <= 0) return null;
  const seconds = Math.ceil(leftMs / 1000);
  return (
    <div className="undo-toast" role="status" aria-live="polite" data-testid="undo-toast" key={last.mutationId}>
      <span className="undo-toast__text">{t('decision.undoToast.decided', { id: last.externalId })}</span>
      <button type="button" className="undo-toast__button" onClick={undo} data-testid="undo-toast-undo">
        {t('decision.undoToast.undo')} <KeyHint command="app.undo" />
      </button>
      <span className="undo-toast__left" data-testid="undo-toast-left">
        {t('decision.undoToast.left', { count: seconds })}
      </span>
      <DrainingBar key={last.mutationId} createdAt={last.createdAt} />
    </div>
  );
}

/** Drains once over the window; its timing is fixed when it appears, so the seconds' re-renders do not restart it. */
function DrainingBar({ createdAt }: { createdAt: string }) {
  const [elapsed] = useState(() => Math.max(0, Date.now() - Date.parse(createdAt)));
  return <span className="undo-toast__bar" style={{ animationDuration: `${UNDO_WINDOW_MS}ms`, animationDelay: `-${elapsed}ms` }} aria-hidden="true" />;
}
