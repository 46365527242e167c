import { useTranslation } from 'react-i18next';
import { useKeyFeedback } from './runtime';

/**
 * The keyboard's brief word (a key nothing uses, a key that acts on the list while focus is
 * elsewhere, the first key of a sequence): a polite live region, so screen readers hear it too.
 */
export function KeyFeedback() {
  const { t } = useTranslation();
  const message = useKeyFeedback();
  const params = message ? { ...message.params } : {};
  if (message && typeof params.command === 'string')
    params.command = t(`keys.commands.${params.command}`, { n: '' });
  return (
    <div
      className="key-feedback"
      role="status"
      aria-live="polite"
      data-testid="key-feedback"
      data-kind={message?.key ?? ''}
    >
      {message && <span className="key-feedback__text">{t(`keys.feedback.${message.key}`, params)}</span>}
    </div>
  );
}
