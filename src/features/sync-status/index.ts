export { ConnectionIndicator, ConnectionSentence } from './ConnectionIndicator';
export { SyncStatus } from './SyncStatus';
export { AppErrorNotice } from './AppErrorNotice';
export { StartupProgress } from './StartupProgress';
