import './settings.css';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES, THEMES, type Locale, type ThemePreference } from '@common/ipc/settings';
import { useAppInfo } from '../../data/appInfo';
import { IpcCallError } from '../../data/bridge';
import { errorWords } from '../../ui/errorWords';
import { updateSettings, useSettings } from '../../data/settings';
import { PendingWorkError, switchBackend, useSessionStatus } from '../../sync/syncStore';
import { PageHeader } from '../../ui/PageHeader';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { ConnectionSentence } from '../sync-status';
import { KeymapEditor } from '../../app/commands/KeymapEditor';
import { AccountSection } from './AccountSection';
import { DiagnosticsSection, UpdatesSection } from './OpsSections';
import { settingsFieldWords } from './settingsFieldWords';
import { SnippetsSection } from './SnippetsSection';
import { MacrosSection } from './MacrosSection';
import { SwitchPrompt } from './SwitchPrompt';
import { UrlForm } from './UrlForm';

/** Language names are shown in their own language, so a user lost in the wrong one can find theirs. */
const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

export function SettingsPage() {
  const { t } = useTranslation();
  const settings = useSettings();
  const info = useAppInfo();
  const role = useSessionStatus()?.user?.role;
  const [error, setError] = useState<string | null>(null);
  /** A backend change waiting for the arbitrator to confirm (decisions not uploaded yet). */
  const [pendingSwitch, setPendingSwitch] = useState<{ url: string | null; count: number } | null>(null);

  const explain = (e: unknown): string =>
    e instanceof IpcCallError && e.code === 'disk_full'
      ? t('errors.diskFull', { what: t('errors.diskFullWhat.settings') })
      : e instanceof IpcCallError && e.field
        ? settingsFieldWords(e.field, t)
        : errorWords(e, t);

  const save = (patch: Parameters<typeof updateSettings>[0]) => {
    setError(null);
    updateSettings(patch).catch((e: unknown) => setError(explain(e)));
  };

  /** The backend address belongs to the session: changing it leaves the pair, asking first if work waits. */
  const changeBackend = (url: string | null, force = false) => {
    setError(null);
    switchBackend(url, force, (next) => updateSettings({ backendUrl: next }))
      .then(() => setPendingSwitch(null))
      .catch((e: unknown) => {
        if (e instanceof PendingWorkError) setPendingSwitch({ url, count: e.pending });
        else {
          setPendingSwitch(null);
          setError(explain(e));
        }
      });
  };

  return (
    <section className="page" aria-labelledby="page-title" data-testid="page-settings">
      <PageHeader title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <div className="settings">
        <SettingRow title={t('settings.language')} hint={t('settings.languageHint')}>
          <SegmentedControl<Locale>
            label={t('settings.language')}
            value={settings.locale}
            options={LOCALES.map((value) => ({ value, label: LOCALE_NAMES[value] }))}
            onChange={(locale) => save({ locale })}
            testId="setting-locale"
          />
        </SettingRow>
        <SettingRow title={t('settings.theme')} hint={t('settings.themeHint')}>
          <SegmentedControl<ThemePreference>
            label={t('settings.theme')}
            value={settings.theme}
            options={THEMES.map((value) => ({ value, label: t(`settings.themes.${value}`) }))}
            onChange={(theme) => save({ theme })}
            testId="setting-theme"
          />
        </SettingRow>
        <SettingRow title={t('settings.backend')} hint={t('settings.backendHint')}>
          <UrlForm
            key={settings.backendUrl ?? ''}
            current={settings.backendUrl ?? ''}
            label={t('settings.backend')}
            placeholder={t('settings.backendPlaceholder')}
            submitLabel={t('settings.save')}
            testId="setting-backend-url"
            primary
            onSave={(url) => changeBackend(url === '' ? null : url)}
          />
          {pendingSwitch && (
            <SwitchPrompt
              reason="backend"
              count={pendingSwitch.count}
              onConfirm={() => changeBackend(pendingSwitch.url, true)}
              onCancel={() => setPendingSwitch(null)}
              testId="backend-switch-warning"
              confirmTestId="backend-switch-force"
            />
          )}
          <p className="setting__status">
            <ConnectionSentence />
          </p>
        </SettingRow>
        <SettingRow title={t('settings.mediaHosts')} hint={t('settings.mediaHostsHint')}>
          <MediaHostsForm
            key={(settings.mediaHosts ?? []).join(' ')}
            current={(settings.mediaHosts ?? []).join(' ')}
            onSave={(hosts) => save({ mediaHosts: hosts })}
          />
        </SettingRow>
        <SettingRow title={t('account.title')} hint={t('account.hint')}>
          <AccountSection />
        </SettingRow>
        {(role === 'supervisor' || role === 'admin') && (
          <SettingRow title={t('snippets.title')} hint={t('snippets.hint')}>
            <SnippetsSection />
          </SettingRow>
        )}
        {role && (
          <SettingRow title={t('macros.title')} hint={t(role === 'supervisor' || role === 'admin' ? 'macros.hintSupervisor' : 'macros.hint')}>
            <MacrosSection canShare={role === 'supervisor' || role === 'admin'} />
          </SettingRow>
        )}
        <SettingRow title={t('settings.keyboard')} hint={t('settings.keyboardHint')}>
          <KeymapEditor />
        </SettingRow>
        <SettingRow title={t('updates.title')} hint={t('updates.hint')}>
          <UpdatesSection onError={setError} />
        </SettingRow>
        <SettingRow title={t('diagnostics.title')} hint={t('diagnostics.hint')}>
          <DiagnosticsSection />
        </SettingRow>
        {error && (
          <p className="form-error" role="alert" data-testid="settings-error">
            {error}
          </p>
        )}
        {info && (
          <section className="about" aria-label={t('settings.about')}>
            <h2 className="section-title">{t('settings.about')}</h2>
            <dl className="about__list">
              <dt>{t('settings.version')}</dt>
              <dd>
                {info.name} {info.version}
              </dd>
              <dt>{t('settings.runtime')}</dt>
              <dd>{t(`mode.${info.mode}`)}</dd>
              <dt>{t('settings.platform')}</dt>
              <dd>{info.platform}</dd>
              <dt>{t('settings.tokens')}</dt>
              <dd data-testid="token-storage" data-kind={info.tokenStorage.kind}>
                {t(info.tokenStorage.kind === 'os_keychain' ? 'settings.tokensKeychain' : 'settings.tokensFile')}{' '}
                <code translate="no">{info.tokenStorage.path}</code>
                {info.tokenStorage.reason === 'basic_text' && (
                  <p className="form-error" role="note" data-testid="token-storage-warning">
                    {t('settings.tokensBasicText')}
                  </p>
                )}
              </dd>
            </dl>
          </section>
        )}
      </div>
    </section>
  );
}

function SettingRow({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  return (
    <div className="setting">
      <div className="setting__text">
        <h2 className="setting__title">{title}</h2>
        <p className="setting__hint">{hint}</p>
      </div>
      <div className="setting__control">{children}</div>
    </div>
  );
}

function MediaHostsForm({ current, onSave }: { current: string; onSave: (hosts: string[]) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(current);
  const hosts = value.split(/[\s,]+/).filter(Boolean);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave(hosts);
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <input
        className="input"
        type="text"
        spellCheck={false}
        value={value}
        placeholder={t('settings.mediaHostsPlaceholder')}
        aria-label={t('settings.mediaHosts')}
        onChange={(e) => setValue(e.target.value)}
        data-testid="setting-media-hosts"
      />
      <button className="button button--primary" type="submit" disabled={hosts.join(' ') === current}>
        {t('settings.save')}
      </button>
    </form>
  );
}
