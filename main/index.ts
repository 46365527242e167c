import { runElectronApp } from './electron/app';

// Lifecycle only: the Electron shell lives in ./electron, the services it hosts in ./services.
runElectronApp().catch((error: unknown) => {
  console.error('Gavel failed to start:', error);
  process.exit(1);
});
