/** Supervisor QA, loaded as its own chunk when the page is opened (see shell/AppShell). */
export { QaPage } from './QaPage';
