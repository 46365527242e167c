import './settings.css';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PendingWorkError, signIn, signOut, useSessionStatus, useStoragePersisted } from '../../sync/syncStore';

/**
 * Who is signed in, to which backend, and whether this machine's storage is persistent; sign-in to
 * a configured backend, and a sign-out that will not strand decisions without a warning.
 */
export function AccountSection() {
  const { t } = useTranslation();
  const session = useSessionStatus();
  const persisted = useStoragePersisted();
  const [pendingWarning, setPendingWarning] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const doSignOut = (force: boolean) => {
    setError(null);
    signOut(force)
      .then(() => setPendingWarning(null))
      .catch((e: unknown) => (e instanceof PendingWorkError ? setPendingWarning(e.pending) : setError(String(e instanceof Error ? e.message : e))));
  };

  return (
    <div className="account" data-testid="account">
      {session?.user ? (
        <>
          <p>
            {t('account.signedInAs', { name: session.user.displayName, username: session.user.username, role: t(`account.roles.${session.user.role}`) })}
          </p>
          <p className="setting__status">{session.standalone ? t('sync.standalone') : t('account.backend', { url: session.backendUrl ?? '' })}</p>
          {pendingWarning === null ? (
            <button type="button" className="button" data-testid="sign-out" onClick={() => doSignOut(false)}>
              {t('sync.signOut')}
            </button>
          ) : (
            <div className="account__warning" role="alert" data-testid="sign-out-warning">
              <p>{t('sync.signOutPending', { count: pendingWarning })}</p>
              <button type="button" className="button button--danger" data-testid="sign-out-force" onClick={() => doSignOut(true)}>
                {t('account.signOutAnyway')}
              </button>
              <button type="button" className="button" onClick={() => setPendingWarning(null)}>
                {t('account.keepSignedIn')}
              </button>
            </div>
          )}
        </>
      ) : (
        <SignInForm onError={setError} />
      )}
      <p className="setting__status" data-testid="storage-persisted" data-persisted={String(persisted)}>
        {persisted === null ? t('account.storageUnknown') : persisted ? t('account.storagePersistent') : t('account.storageBestEffort')}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function SignInForm({ onError }: { onError: (message: string | null) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onError(null);
    setBusy(true);
    signIn(username.trim(), password)
      .then(() => setPassword(''))
      .catch((err: unknown) => onError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="sign-in">
      <input className="input" autoComplete="username" placeholder={t('account.username')} aria-label={t('account.username')} value={username} onChange={(e) => setUsername(e.target.value)} />
      <input className="input" type="password" autoComplete="current-password" placeholder={t('account.password')} aria-label={t('account.password')} value={password} onChange={(e) => setPassword(e.target.value)} />
      <button className="button button--primary" type="submit" disabled={busy || !username.trim() || !password}>
        {t('account.signIn')}
      </button>
    </form>
  );
}
