export { InboxPage } from './InboxPage';
export { InboxBadge, InboxSync } from './InboxSync';
