import { useTranslation } from 'react-i18next';
import { useSessionStatus } from '../../sync/syncStore';

/**
 * Asked before leaving a pair (signing out, changing the backend) while its decisions have not all
 * reached the server: says what happens to them (kept in this pair's store, sent at its next
 * sign-in, never by or to anyone else), then either goes ahead or stays.
 */
export function SwitchPrompt({ reason, count, onConfirm, onCancel, testId, confirmTestId }: { reason: 'signOut' | 'backend'; count: number; onConfirm: () => void; onCancel: () => void; testId: string; confirmTestId: string }) {
  const { t } = useTranslation();
  const session = useSessionStatus();
  const name = session?.user?.displayName ?? '';
  const backend = session?.standalone ? t('account.standaloneName') : (session?.backendUrl ?? '');
  const titleId = `${testId}-title`;
  return (
    <div className="account__warning" role="alertdialog" aria-labelledby={titleId} aria-describedby={`${testId}-body`} data-testid={testId} data-count={count}>
      <p id={titleId} className="account__warning-title">
        <strong>{t('switchPrompt.title', { count })}</strong>
      </p>
      <p id={`${testId}-body`}>{t(reason === 'signOut' ? 'switchPrompt.signOut' : 'switchPrompt.backend', { count, name, backend })}</p>
      <button type="button" className="button button--danger" data-testid={confirmTestId} onClick={onConfirm}>
        {t(reason === 'signOut' ? 'switchPrompt.confirmSignOut' : 'switchPrompt.confirmBackend', { count })}
      </button>
      <button type="button" className="button" onClick={onCancel} autoFocus>
        {t('switchPrompt.cancel')}
      </button>
    </div>
  );
}
