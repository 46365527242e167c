import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { showPolicyNav, showQaNav } from '../app/access';
import { applyLocale } from '../app/i18n';
import { hrefFor, useRoute, type Route } from '../app/router';
import { useThemeEffect } from '../app/theme';
import { useAppInfo, useConnection } from '../data/appInfo';
import { useLocale, useThemePreference } from '../data/settings';
import { ConflictsPage } from '../features/conflicts';
import { SettingsPage } from '../features/settings';
import { ConnectionIndicator, ConnectionSentence, SyncStatus } from '../features/sync-status';
import { WorkstationPage } from '../features/workstation';
import { useSessionStatus } from '../sync/syncStore';
import { GavelMark, InboxIcon, PolicyIcon, QaIcon, QueueIcon, SettingsIcon, UserIcon } from '../ui/icons';

/**
 * The QA page (plans, blind review, the dashboard and its chart library) is a separate chunk, loaded
 * when a supervisor opens it: arbitrators never pay for it at start-up.
 */
const QaPage = lazy(() => import('../features/qa').then((m) => ({ default: m.QaPage })));
/** The policy page (versions, what-if, publication): its own chunk, for supervisors and admins. */
const PolicyPage = lazy(() => import('../features/policy').then((m) => ({ default: m.PolicyPage })));

const NAV: readonly { route: Route; icon: () => React.JSX.Element }[] = [
  { route: 'queue', icon: () => <QueueIcon /> },
  { route: 'conflicts', icon: () => <InboxIcon size={18} /> },
  { route: 'qa', icon: () => <QaIcon /> },
  { route: 'policy', icon: () => <PolicyIcon /> },
  { route: 'settings', icon: () => <SettingsIcon /> },
];

/**
 * Header, left navigation, the current page and a status bar: the one place that knows every
 * page, above the features (which import app/, never this).
 */
export function AppShell() {
  const { t } = useTranslation();
  const route = useRoute();
  const locale = useLocale();
  const session = useSessionStatus();
  useThemeEffect(useThemePreference());
  useEffect(() => {
    void applyLocale(locale);
  }, [locale]);

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <span className="brand__mark">
            <GavelMark />
          </span>
          <span className="brand__name" data-testid="app-name">
            {t('app.name')}
          </span>
          <span className="brand__latin">{t('app.latinName')}</span>
        </div>
        <div className="topbar__right">
          <ModeBadge />
          <ConnectionIndicator />
          <UserChip />
        </div>
      </header>
      <nav className="sidenav" aria-label={t('nav.label')}>
        <ul>
          {NAV.filter(({ route: r }) => (r !== 'qa' || showQaNav(session?.user?.role)) && (r !== 'policy' || showPolicyNav(session?.user?.role))).map(({ route: r, icon }) => (
            <li key={r}>
              <a
                className="sidenav__link"
                href={hrefFor(r)}
                aria-current={r === route ? 'page' : undefined}
                data-testid={`nav-${r}`}
              >
                {icon()}
                <span>{t(`nav.${r}`)}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        {route === 'queue' && <WorkstationPage />}
        {route === 'qa' && (
          <Suspense fallback={<p className="page muted" role="status">{t('qa.loading')}</p>}>
            <QaPage />
          </Suspense>
        )}
        {route === 'policy' && (
          <Suspense fallback={<p className="page muted" role="status">{t('qa.loading')}</p>}>
            <PolicyPage />
          </Suspense>
        )}
        {route === 'conflicts' && <ConflictsPage />}
        {route === 'settings' && <SettingsPage />}
      </main>
      <StatusBar />
    </div>
  );
}

function ModeBadge() {
  const { t } = useTranslation();
  const info = useAppInfo();
  if (info?.mode !== 'browser') return null;
  return (
    <span className="badge" data-testid="mode-badge">
      {t('mode.browser')}
    </span>
  );
}

function UserChip() {
  const { t } = useTranslation();
  const info = useAppInfo();
  const name = info?.user?.displayName;
  return (
    <div
      className="chip chip--user"
      data-testid="user"
      title={info ? t('user.osAccount', { name: info.osUser }) : undefined}
    >
      <UserIcon />
      <span>{name ?? t('user.notSignedIn')}</span>
    </div>
  );
}

function StatusBar() {
  const { t, i18n } = useTranslation();
  const info = useAppInfo();
  const connection = useConnection();
  const checkedAt = connection?.checkedAt ? new Date(connection.checkedAt) : null;
  return (
    <footer className="statusbar" data-testid="statusbar">
      <span className="statusbar__item statusbar__grow">
        <ConnectionSentence />
      </span>
      <SyncStatus />
      {checkedAt && (
        <span className="statusbar__item">
          {t('status.lastChecked', { time: checkedAt.toLocaleTimeString(i18n.language) })}
        </span>
      )}
      {info && (
        <span className="statusbar__item" data-testid="app-version">
          {info.name} {info.version}
        </span>
      )}
      <span className="statusbar__item">{i18n.language}</span>
    </footer>
  );
}
