import './settings.css';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IpcCallError } from '../../data/bridge';
import { PendingWorkError, signIn, signOut, useSessionStatus, useStoragePersisted } from '../../sync/syncStore';
import { SwitchPrompt } from './SwitchPrompt';
import { errorWords } from '../../ui/errorWords';

/**
 * Who is signed in, to which backend (standalone only when it is the embedded one), and which local
 * store holds their data; whether this machine's storage is persistent; sign-in, and a sign-out that
 * says what happens to decisions not uploaded yet before it goes ahead.
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
      .catch((e: unknown) => (e instanceof PendingWorkError ? setPendingWarning(e.pending) : setError(errorWords(e, t))));
  };

  return (
    <div className="account" data-testid="account">
      <BackendLine />
      {session?.user ? (
        <>
          <p data-testid="account-user">
            {t('account.signedInAs', { name: session.user.displayName, username: session.user.username, role: t(`account.roles.${session.user.role}`) })}
          </p>
          {session.store && (
            <p className="setting__status" data-testid="account-store" data-store={session.store}>
              {t('account.store', { username: session.user.username, backend: session.standalone ? t('account.standaloneName') : (session.backendUrl ?? '') })}
            </p>
          )}
          {pendingWarning === null ? (
            <button type="button" className="button" data-testid="sign-out" onClick={() => doSignOut(false)}>
              {t('sync.signOut')}
            </button>
          ) : (
            <SwitchPrompt reason="signOut" count={pendingWarning} onConfirm={() => doSignOut(true)} onCancel={() => setPendingWarning(null)} testId="sign-out-warning" confirmTestId="sign-out-force" />
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

/** Which backend the app is on: "standalone" only when it is the embedded one. */
export function BackendLine() {
  const { t } = useTranslation();
  const session = useSessionStatus();
  const url = session?.backendUrl ?? null;
  return (
    <p className="setting__status" data-testid="account-backend" data-standalone={String(session?.standalone ?? false)}>
      {!url ? t('account.backendNone') : session?.standalone ? t('account.backendStandalone', { url }) : t('account.backend', { url })}
    </p>
  );
}

export function SignInForm({ onError }: { onError: (message: string | null) => void }) {
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
      .catch((err: unknown) =>
        onError(err instanceof IpcCallError && err.code === 'disk_full' ? t('errors.diskFull', { what: t('errors.diskFullWhat.signIn') }) : errorWords(err, t)),
      )
      .finally(() => setBusy(false));
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="sign-in">
      <input className="input" autoComplete="username" placeholder={t('account.username')} aria-label={t('account.username')} value={username} onChange={(e) => setUsername(e.target.value)} data-testid="sign-in-username" />
      <input className="input" type="password" autoComplete="current-password" placeholder={t('account.password')} aria-label={t('account.password')} value={password} onChange={(e) => setPassword(e.target.value)} data-testid="sign-in-password" />
      <button className="button button--primary" type="submit" disabled={busy || !username.trim() || !password} data-testid="sign-in-submit">
        {t('account.signIn')}
      </button>
    </form>
  );
}
