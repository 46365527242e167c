import './paneError.css';
import { Component, useState, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Props = {
  /** Which pane, for the card and the copied details: `queue`, `viewer.chat`, `decision`, `qaCard`, … */
  pane: string;
  /** A change (another case, another tab) gives the pane a fresh start. */
  resetKey?: string;
  children: ReactNode;
};
type State = { error: Error | null; componentStack: string; key: string | undefined };

/**
 * One pane's failure stays in that pane: a viewer that throws on odd evidence shows a card with what
 * happened and a "copy details" button, while the queue, the other viewers and the decision panel keep
 * working. Every pane of the workstation and each QA card sits inside one.
 */
export class PaneBoundary extends Component<Props, State> {
  override state: State = { error: null, componentStack: '', key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { key: props.resetKey, error: null, componentStack: '' } : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    this.setState({ componentStack: info.componentStack ?? '' });
    console.error(`pane ${this.props.pane} failed`, error);
  }

  override render(): ReactNode {
    const { error, componentStack } = this.state;
    if (!error) return this.props.children;
    return <PaneErrorCard pane={this.props.pane} error={error} componentStack={componentStack} onRetry={() => this.setState({ error: null, componentStack: '' })} />;
  }
}

/** The text "copy details" puts on the clipboard: enough for a bug report, from this machine only. */
export function paneErrorDetails(pane: string, error: Error, componentStack: string): string {
  return [
    `pane: ${pane}`,
    `time: ${new Date().toISOString()}`,
    `location: ${window.location.hash || '/'}`,
    `error: ${error.name}: ${error.message}`,
    `stack:\n${(error.stack ?? '').split('\n').slice(0, 12).join('\n')}`,
    `components:${componentStack.split('\n').slice(0, 12).join('\n')}`,
  ].join('\n');
}

/** navigator.clipboard needs a permission Electron's handler refuses; a selected textarea and copy do not. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

function PaneErrorCard({ pane, error, componentStack, onRetry }: { pane: string; error: Error; componentStack: string; onRetry: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const details = paneErrorDetails(pane, error, componentStack);
  const name = t(`paneError.panes.${pane.split('.')[0]}`, { defaultValue: t('paneError.panes.other') });
  return (
    <div className="pane-error" role="alert" data-testid="pane-error" data-pane={pane}>
      <p className="pane-error__title">{t('paneError.title', { pane: name })}</p>
      <p className="pane-error__body">{t('paneError.body')}</p>
      <p className="pane-error__message mono">{error.message}</p>
      <div className="pane-error__actions">
        <button
          type="button"
          className="button button--small"
          data-testid="pane-error-copy"
          onClick={() => void copyText(details).then((ok) => setCopied(ok ? 'copied' : 'failed'))}
        >
          {t('paneError.copy')}
        </button>
        <button type="button" className="button button--small" onClick={onRetry} data-testid="pane-error-retry">
          {t('paneError.retry')}
        </button>
        <span className="pane-error__copied" role="status">
          {copied === 'copied' ? t('paneError.copied') : copied === 'failed' ? t('paneError.copyFailed') : ''}
        </span>
      </div>
      <details className="pane-error__details">
        <summary>{t('paneError.details')}</summary>
        <pre data-testid="pane-error-details">{details}</pre>
      </details>
    </div>
  );
}
