import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConnection } from '../../data/appInfo';
import { useOpenConflictCount, usePendingCount } from '../../data/syncQueries';
import { checkoutForOffline, syncNow, useSessionStatus, useSyncState } from '../../sync/syncStore';
import { errorWords } from '../../ui/errorWords';
import { StatusDot } from '../../ui/StatusDot';
import { syncLabel } from './statusModel';
import { formatClock } from '../../ui/format';

/**
 * Status bar: where sync stands (see statusModel.ts: connectivity from main's probe, "synced" only
 * when nothing waits and the last pull succeeded), last sync, pending and conflict counts, progress
 * of long work, and the two sync actions. Decisions never wait on this: it only reports.
 */
export function SyncStatus() {
  const { t, i18n } = useTranslation();
  const sync = useSyncState();
  const session = useSessionStatus();
  const connection = useConnection();
  const pending = usePendingCount();
  const conflicts = useOpenConflictCount();
  const [error, setError] = useState<string | null>(null);
  // A failed "Sync now" is reported until a later round succeeds, not for ever.
  useEffect(() => setError(null), [sync.lastSyncAt]);
  if (!session?.user) return null;

  const run = (work: () => Promise<unknown>) => {
    setError(null);
    work().catch((e: unknown) => setError(errorWords(e, t)));
  };
  const p = sync.progress;
  const { label, tone } = syncLabel(connection?.status, sync, pending);
  const title = label === 'storageFull' ? t('sync.storageFullDetail') : label === 'failed' ? t('sync.failedDetail', { reason: errorWords({ code: sync.lastErrorCode }, t) }) : (error ?? undefined);
  return (
    <>
      <span className="statusbar__item" data-testid="sync-state" data-state={label} data-online={connection?.status === 'online'} title={title}>
        <StatusDot tone={tone} /> {t(`sync.state.${label}`)}
      </span>
      {label === 'storageFull' && (
        <span className="statusbar__item statusbar__item--alert" role="alert" data-testid="sync-storage-full">
          {t('sync.storageFullDetail')}
        </span>
      )}
      <span className="statusbar__item" data-testid="sync-last" data-at={sync.lastSyncAt ?? ''}>
        {sync.lastSyncAt ? t('sync.lastSync', { time: formatClock(sync.lastSyncAt, i18n.language) }) : t('sync.never')}
      </span>
      <span className="statusbar__item" data-testid="sync-pending" data-count={pending ?? ''} aria-busy={pending === undefined}>
        {pending === undefined ? '…' : t('sync.pending', { count: pending })}
      </span>
      {conflicts > 0 && (
        <a className="statusbar__item statusbar__item--alert" href="#/conflicts" data-testid="sync-conflicts" data-count={conflicts}>
          {t('sync.conflicts', { count: conflicts })}
        </a>
      )}
      {p && (
        <span className="statusbar__item" data-testid="sync-progress" role="status">
          {p.total === null
            ? t('sync.progressOpen', { label: t(`sync.labels.${p.label}`), done: p.done })
            : t('sync.progress', { label: t(`sync.labels.${p.label}`), done: p.done, total: p.total })}
          {p.etaMs !== null && p.etaMs > 0 && <> · {t('sync.eta', { seconds: Math.ceil(p.etaMs / 1000) })}</>}
        </span>
      )}
      <button type="button" className="statusbar__button" data-testid="sync-now" disabled={sync.busy} onClick={() => run(syncNow)}>
        {t('sync.syncNow')}
      </button>
      <button type="button" className="statusbar__button" data-testid="sync-checkout" disabled={sync.busy} onClick={() => run(() => checkoutForOffline(50))}>
        {t('sync.checkout', { count: 50 })}
      </button>
    </>
  );
}
