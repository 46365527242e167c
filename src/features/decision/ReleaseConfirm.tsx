import { useTranslation } from 'react-i18next';
import { useModalDialog } from '../../ui/modalDialog';
import { decisionUi, useConfirmingRelease } from './decisionStore';

/**
 * Releasing hands the case back to the shared queue and cannot be taken back, so it asks first:
 * Enter (on the focused button) releases, Esc keeps the case.
 */
export function ReleaseConfirm({ externalId, onConfirm }: { externalId: string; onConfirm: () => void }) {
  const { t } = useTranslation();
  const open = useConfirmingRelease();
  const dialog = useModalDialog(open, decisionUi.setConfirmingRelease);
  return (
    <dialog {...dialog} className="dialog confirm" aria-labelledby="release-title" data-testid="release-confirm">
      <header className="dialog__head">
        <h2 id="release-title">{t('decision.releaseConfirm.title', { id: externalId })}</h2>
      </header>
      <p className="confirm__body">{t('decision.releaseConfirm.body')}</p>
      <footer className="confirm__actions">
        <button type="button" className="button button--danger" autoFocus onClick={onConfirm} data-testid="release-yes">
          {t('decision.releaseConfirm.yes')}
        </button>
        <button type="button" className="button" onClick={() => decisionUi.setConfirmingRelease(false)} data-testid="release-no">
          {t('decision.releaseConfirm.no')}
        </button>
      </footer>
    </dialog>
  );
}
