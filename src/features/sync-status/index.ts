export { ConnectionIndicator, ConnectionSentence } from './ConnectionIndicator';
export { SyncStatus } from './SyncStatus';
