import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkForUpdate, downloadUpdate, exportDiagnostics, installUpdate, useDiagnostics, useUpdateState } from '../../data/ops';
import { updateSettings, useSettings } from '../../data/settings';
import { UrlForm } from './UrlForm';
import { errorWords } from '../../ui/errorWords';
import { formatDateTime } from '../../ui/format';

/**
 * Settings → Updates: where the installed app stands against its feed, and the three steps (check,
 * download, restart to install). The feed can be pointed elsewhere (a staging channel, a mirror).
 */
export function UpdatesSection({ onError }: { onError: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateState();
  const settings = useSettings();
  const [busy, setBusy] = useState(false);
  if (!update) return null;
  const run = (step: () => Promise<void>) => {
    setBusy(true);
    void step().finally(() => setBusy(false));
  };
  const supported = update.status !== 'unsupported';
  const checked = update.checkedAt ? formatDateTime(update.checkedAt, i18n.language) : null;
  return (
    <div className="ops-section" data-testid="settings-updates" data-status={update.status}>
      <p className="setting__status" role="status">
        {t(`updates.status.${update.status}`, { version: update.version ?? '', current: update.currentVersion, percent: update.percent ?? 0 })}
        {update.unsupported && <span className="ops-section__detail"> ({t(`updates.unsupported.${update.unsupported}`)})</span>}
        {update.detail && update.status === 'error' && <span className="ops-section__detail"> ({update.detail})</span>}
      </p>
      {checked && <p className="setting__status">{t('updates.checkedAt', { time: checked })}</p>}
      <div className="ops-section__buttons">
        <button type="button" className="button" disabled={!supported || busy || update.status === 'checking' || update.status === 'downloading'} onClick={() => run(checkForUpdate)} data-testid="update-check">
          {t('updates.check')}
        </button>
        <button type="button" className="button" disabled={!supported || busy || update.status !== 'available'} onClick={() => run(downloadUpdate)} data-testid="update-download">
          {t('updates.download')}
        </button>
        <button type="button" className="button button--primary" disabled={!supported || busy || update.status !== 'downloaded'} onClick={() => run(installUpdate)} data-testid="update-install">
          {t('updates.install')}
        </button>
      </div>
      <UrlForm
        key={settings.updateUrl ?? ''}
        current={settings.updateUrl ?? ''}
        label={t('updates.feed')}
        placeholder={t('updates.feedPlaceholder')}
        submitLabel={t('updates.useFeed')}
        testId="setting-update-url"
        disabled={!supported}
        onSave={(url) => {
          updateSettings({ updateUrl: url === '' ? null : url }).catch((e: unknown) => onError(errorWords(e, t)));
        }}
      />
      <p className="setting__status">{t('updates.feedNow', { url: update.feedUrl ?? t('updates.feedBuiltIn') })}</p>
    </div>
  );
}

/** Settings → Help: Export diagnostics (also Help → Export diagnostics in the desktop app's menu). */
export function DiagnosticsSection() {
  const { t } = useTranslation();
  const diagnostics = useDiagnostics();
  return (
    <div className="ops-section" data-testid="settings-diagnostics" data-status={diagnostics.status}>
      <div className="ops-section__buttons">
        <button type="button" className="button button--primary" disabled={diagnostics.status === 'exporting'} onClick={() => void exportDiagnostics()} data-testid="diagnostics-export">
          {diagnostics.status === 'exporting' ? t('diagnostics.exporting') : t('diagnostics.export')}
        </button>
      </div>
      {diagnostics.status === 'done' && diagnostics.result && (
        <p className="setting__status" role="status" data-testid="diagnostics-result">
          {t('diagnostics.written', { kib: Math.max(1, Math.round(diagnostics.result.bytes / 1024)), ms: diagnostics.result.ms })}
          <br />
          <code className="ops-section__path" data-testid="diagnostics-path" translate="no">
            {diagnostics.result.path}
          </code>
        </p>
      )}
      {diagnostics.status === 'failed' && (
        <p className="form-error" role="alert">
          {t('diagnostics.failed', { message: diagnostics.error ?? '' })}
        </p>
      )}
      <p className="setting__status">{t('diagnostics.what')}</p>
    </div>
  );
}
