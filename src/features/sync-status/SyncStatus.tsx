import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOpenConflictCount, usePendingCount } from '../../data/syncQueries';
import { checkoutForOffline, syncNow, useSessionStatus, useSyncState } from '../../sync/syncStore';
import { StatusDot } from '../../ui/StatusDot';

/**
 * Status bar: online or offline, last sync, pending and conflict counts, progress of long work,
 * and the two sync actions. Decisions never wait on this: it only reports.
 */
export function SyncStatus() {
  const { t, i18n } = useTranslation();
  const sync = useSyncState();
  const session = useSessionStatus();
  const pending = usePendingCount();
  const conflicts = useOpenConflictCount();
  const [error, setError] = useState<string | null>(null);
  if (!session?.user) return null;

  const run = (work: () => Promise<unknown>) => {
    setError(null);
    work().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const p = sync.progress;
  const label = sync.busy && !p ? t('sync.syncing') : sync.online ? t('sync.online') : t('sync.offline');
  return (
    <>
      <span className="statusbar__item" data-testid="sync-state" data-online={sync.online} title={sync.lastError ?? error ?? undefined}>
        <StatusDot tone={sync.online ? 'ok' : 'warn'} /> {label}
      </span>
      <span className="statusbar__item" data-testid="sync-last" data-at={sync.lastSyncAt ?? ''}>
        {sync.lastSyncAt ? t('sync.lastSync', { time: new Date(sync.lastSyncAt).toLocaleTimeString(i18n.language) }) : t('sync.never')}
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
