import './app/zodConfig';
import { createRoot } from 'react-dom/client';
import './app/styles.css';
import { AppShell } from './shell/AppShell';
import { initI18n } from './app/i18n';
import { Providers } from './app/Providers';
import { StartupError } from './app/StartupError';
import { loadSession } from './data/appInfo';
import { loadOps } from './data/ops';
import { loadSettings } from './data/settings';
import { startSync } from './sync/syncStore';

/** Load settings first so the first paint is already in the user's language and theme. */
async function start(root: HTMLElement): Promise<void> {
  const reactRoot = createRoot(root);
  try {
    const settings = await loadSettings();
    const [i18n] = await Promise.all([initI18n(settings.locale), loadSession(), loadOps()]);
    reactRoot.render(
      <Providers i18n={i18n}>
        <AppShell />
      </Providers>,
    );
  } catch (error) {
    reactRoot.render(<StartupError message={error instanceof Error ? error.message : String(error)} />);
  }
}

const root = document.getElementById('root');
if (root) {
  // After the first paint: the queue shows what Dexie already has while sync catches up. A sync
  // failure is shown in the status bar; it must never take the workstation down with it.
  void start(root).then(() => startSync().catch((error: unknown) => console.error('sync did not start', error)));
}
