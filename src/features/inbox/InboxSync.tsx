import './inbox.css';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { appDb } from '../../data/db';
import { refreshNotices, useUnreadNoticeCount } from '../../data/noticesRepo';
import { openStoreNow } from '../../data/stores';
import { useSyncState } from '../../sync/syncStore';

/**
 * Fetches the inbox after every completed sync round (and when the pair's store opens), so a notice
 * arrives whatever cases the round's pull pages carried. Rendered while a pair's store is open.
 */
export function InboxSync() {
  const lastSyncAt = useSyncState().lastSyncAt;
  useEffect(() => {
    const db = appDb();
    // The answer is the signed-in pair's: written only if that pair's store is still the open one.
    refreshNotices(db, undefined, () => openStoreNow()?.db === db).catch((error: unknown) => console.warn('notices: refresh failed', error));
  }, [lastSyncAt]);
  return null;
}

/** The unread count beside Inbox in the navigation; nothing when all is read. */
export function InboxBadge() {
  const { t } = useTranslation();
  const unread = useUnreadNoticeCount();
  if (unread === 0) return null;
  return (
    <>
      <span className="sidenav__badge" data-testid="inbox-badge" aria-hidden="true">
        {unread}
      </span>
      {/* The link's name says it in words: a bare number would be read as "Inbox 3". */}
      <span className="visually-hidden">{t('inbox.unread', { count: unread })}</span>
    </>
  );
}
