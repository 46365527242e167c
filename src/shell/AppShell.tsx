import { Fragment, lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { navRoutes } from '../app/access';
import { caseOrder } from '../app/caseOrder';
import { CheatSheet } from '../app/commands/CheatSheet';
import { CommandPalette } from '../app/commands/CommandPalette';
import { KeyFeedback } from '../app/commands/KeyFeedback';
import { useKeyboardDispatcher } from '../app/commands/runtime';
import { applyLocale } from '../app/i18n';
import { closeCase, hrefFor, openCaseIdNow, useRoute, type Route } from '../app/router';
import { useThemeEffect } from '../app/theme';
import { useAppInfo, useConnection } from '../data/appInfo';
import { useDiagnosticsRequested, useStartup } from '../data/ops';
import { useLocale, useThemePreference } from '../data/settings';
import { onStoreClosed, useOpenStore } from '../data/stores';
import { ConflictsPage } from '../features/conflicts';
import { InboxBadge, InboxPage, InboxSync } from '../features/inbox';
import { decisionUi } from '../features/decision';
import { queueActions } from '../features/queue';
import { SettingsPage, SignInPage } from '../features/settings';
import { AppErrorNotice, ConnectionIndicator, ConnectionSentence, StartupProgress, SyncStatus } from '../features/sync-status';
import { WorkstationPage } from '../features/workstation';
import { useSessionStatus } from '../sync/syncStore';
import { BellIcon, GavelMark, InboxIcon, PolicyIcon, QaIcon, QueueIcon, RoutingIcon, SettingsIcon, TeamIcon, UserIcon } from '../ui/icons';
import { PaneBoundary } from '../ui/PaneBoundary';
import { useShellCommands } from './shellCommands';

/**
 * The QA page (plans, blind review, the dashboard and its chart library) is a separate chunk, loaded
 * when a supervisor opens it: arbitrators never pay for it at start-up.
 */
const QaPage = lazy(() => import('../features/qa').then((m) => ({ default: m.QaPage })));
/** The policy page (versions, what-if, publication): its own chunk, for supervisors and admins. */
const PolicyPage = lazy(() => import('../features/policy').then((m) => ({ default: m.PolicyPage })));
/** The supervisor's workforce view: its own chunk too. */
const WorkforcePage = lazy(() => import('../features/workforce').then((m) => ({ default: m.WorkforcePage })));
/** The admin's routing page (skills, rules, the tester): its own chunk. */
const RoutingPage = lazy(() => import('../features/routing').then((m) => ({ default: m.RoutingPage })));

const NAV: readonly { route: Route; icon: () => React.JSX.Element }[] = [
  { route: 'queue', icon: () => <QueueIcon /> },
  { route: 'inbox', icon: () => <BellIcon /> },
  { route: 'conflicts', icon: () => <InboxIcon size={18} /> },
  { route: 'qa', icon: () => <QaIcon /> },
  { route: 'workforce', icon: () => <TeamIcon /> },
  { route: 'policy', icon: () => <PolicyIcon /> },
  { route: 'routing', icon: () => <RoutingIcon /> },
  { route: 'settings', icon: () => <SettingsIcon /> },
];

// When the signed-in pair changes, the UI state that named the old pair's cases goes with its
// store: the open case, the walk order, the selection and the decision draft.
onStoreClosed(() => {
  if (openCaseIdNow()) closeCase();
  caseOrder.setOrder([]);
  queueActions.select(null);
  decisionUi.openCase('');
});

/**
 * Header, left navigation, the current page and a status bar: the one place that knows every
 * page, above the features (which import app/, never this). Pages that show an account's data are
 * rendered only while that account's store is the open one, and are remounted (keyed by the store)
 * when another pair signs in, so nothing of one pair is on screen for another, not for one frame.
 * Signed out, only Settings and a sign-in page are offered.
 */
export function AppShell() {
  const { t } = useTranslation();
  const route = useRoute();
  const locale = useLocale();
  const session = useSessionStatus();
  const store = useOpenStore();
  useThemeEffect(useThemePreference());
  // One key listener and the app-wide commands for every page, so g q, the palette and ? work everywhere.
  useKeyboardDispatcher();
  useShellCommands();
  useEffect(() => {
    void applyLocale(locale);
  }, [locale]);
  // Help → Export diagnostics in the native menu: the export runs (data/ops.ts); show where it went.
  const diagnosticsRequested = useDiagnosticsRequested();
  useEffect(() => {
    if (diagnosticsRequested > 0) window.location.hash = hrefFor('settings');
  }, [diagnosticsRequested]);
  const signedIn = session?.user != null;
  // Standalone's first start: the embedded backend opens (and seeds the demo) before anyone can sign
  // in to it, so the page says how far it got instead of offering a sign-in that cannot work yet.
  const startup = useStartup();
  const starting = startup !== null && startup.phase !== 'ready' && startup.phase !== 'failed';
  const workspace = signedIn && store !== null && store.id === session.store ? store.id : null;

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
          {NAV.filter(({ route: r }) => navRoutes(session?.user?.role).includes(r)).map(({ route: r, icon }) => (
            <li key={r}>
              <a
                className="sidenav__link"
                href={hrefFor(r)}
                aria-current={r === route ? 'page' : undefined}
                data-testid={`nav-${r}`}
              >
                {icon()}
                <span>{t(`nav.${r}`)}</span>
                {r === 'inbox' && workspace !== null && <InboxBadge key={workspace} />}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content" data-scroll-root="">
        <AppErrorNotice />
        {/* The last line of defence: a page that fails leaves the navigation and the status bar working. */}
        <PaneBoundary pane="page" resetKey={route}>
          {route === 'settings' ? (
            <SettingsPage />
          ) : !signedIn && starting ? (
            <section className="page" data-testid="page-starting">
              <StartupProgress />
            </section>
          ) : session === null ? (
            <p className="page muted" role="status" data-testid="page-starting">
              {t('connection.checking')}
            </p>
          ) : !signedIn ? (
            <>
              {startup?.phase === 'failed' && <StartupProgress />}
              <SignInPage />
            </>
          ) : workspace === null ? (
            <p className="page muted" role="status" data-testid="page-opening">
              {t('account.opening', { name: session.user?.displayName ?? '' })}
            </p>
          ) : (
            <Fragment key={workspace}>
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
              {route === 'workforce' && (
                <Suspense fallback={<p className="page muted" role="status">{t('workforce.loading')}</p>}>
                  <WorkforcePage />
                </Suspense>
              )}
              {route === 'routing' && (
                <Suspense fallback={<p className="page muted" role="status">{t('routing.loading')}</p>}>
                  <RoutingPage />
                </Suspense>
              )}
              {route === 'conflicts' && <ConflictsPage />}
              {route === 'inbox' && <InboxPage />}
            </Fragment>
          )}
        </PaneBoundary>
      </main>
      <StatusBar workspace={workspace} />
      {workspace !== null && navRoutes(session?.user?.role).includes('inbox') && <InboxSync key={workspace} />}
      <KeyFeedback />
      <CheatSheet />
      <CommandPalette />
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
  // The session (not app info, fetched after it) names the user, so the chip and the rows shown
  // change in the same render.
  const name = useSessionStatus()?.user?.displayName;
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

function StatusBar({ workspace }: { workspace: string | null }) {
  const { t, i18n } = useTranslation();
  const info = useAppInfo();
  const connection = useConnection();
  const checkedAt = connection?.checkedAt ? new Date(connection.checkedAt) : null;
  return (
    <footer className="statusbar" data-testid="statusbar">
      <span className="statusbar__item statusbar__grow" title={checkedAt ? t('status.since', { time: checkedAt.toLocaleTimeString(i18n.language) }) : undefined}>
        <ConnectionSentence />
      </span>
      {workspace !== null && <SyncStatus key={workspace} />}
      {info && (
        <span className="statusbar__item" data-testid="app-version">
          {info.name} {info.version}
        </span>
      )}
      <span className="statusbar__item">{i18n.language}</span>
    </footer>
  );
}
