import { useTranslation } from 'react-i18next';
import { navRoutes } from '../app/access';
import { keyFeedback, useCommand } from '../app/commands/runtime';
import { hrefFor, type Route } from '../app/router';
import { updateSettings, useSettings } from '../data/settings';
import { checkoutForOffline, PendingWorkError, signOut, syncNow, useSessionStatus } from '../sync/syncStore';

const THEMES = ['light', 'dark', 'system'] as const;

/**
 * The commands that belong to the whole app rather than one page: go to a page (g q, g i, g c,
 * g a, g w, g s), sync now, take a batch, switch language or theme, sign out. Mounted once by the shell,
 * so they work from every page and the palette offers them everywhere.
 */
export function useShellCommands(): void {
  const { t } = useTranslation();
  const session = useSessionStatus();
  const settings = useSettings();
  const signedIn = Boolean(session?.user);
  const go = (route: Route) => () => {
    window.location.hash = hrefFor(route);
  };
  const report = (e: unknown) => keyFeedback('failed', { message: e instanceof Error ? e.message : String(e) }, 5000);
  useCommand('nav.queue', go('queue'));
  useCommand('nav.inbox', go('inbox'), navRoutes(session?.user?.role).includes('inbox'));
  useCommand('nav.conflicts', go('conflicts'));
  useCommand('nav.settings', go('settings'));
  useCommand('nav.qa', go('qa'), navRoutes(session?.user?.role).includes('qa'));
  useCommand('nav.workforce', go('workforce'), navRoutes(session?.user?.role).includes('workforce'));
  useCommand('nav.routing', go('routing'), navRoutes(session?.user?.role).includes('routing'));
  useCommand('app.syncNow', () => void syncNow().then(() => keyFeedback('synced'), report), signedIn);
  useCommand('app.takeBatch', () => void checkoutForOffline(50).then((count) => keyFeedback('tookBatch', { count }), report), signedIn);
  useCommand('app.language', () => void updateSettings({ locale: settings.locale === 'en' ? 'zh-CN' : 'en' }).catch(report));
  useCommand('app.theme', () => {
    const next = THEMES[(THEMES.indexOf(settings.theme) + 1) % THEMES.length]!;
    void updateSettings({ theme: next }).then(() => keyFeedback('theme', { theme: t(`settings.themes.${next}`) }), report);
  });
  useCommand(
    'app.signOut',
    () =>
      void signOut(false).catch((e: unknown) => {
        // Decisions still waiting: Settings says how many and offers to sign out anyway.
        if (e instanceof PendingWorkError) {
          go('settings')();
          keyFeedback('signOutPending', { count: e.pending }, 5000);
        } else report(e);
      }),
    signedIn,
  );
}
