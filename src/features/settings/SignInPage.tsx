import './settings.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/PageHeader';
import { BackendLine, SignInForm } from './AccountSection';

/**
 * What every page but Settings shows while nobody is signed in: no case data and no work, only
 * where the app is pointed and a sign-in form.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="page" aria-labelledby="page-title" data-testid="page-sign-in">
      <PageHeader title={t('account.signedOutTitle')} subtitle={t('account.signedOutBody')} />
      <div className="settings sign-in-page">
        <div className="setting">
          <div className="setting__text">
            <h2 className="setting__title">{t('account.title')}</h2>
            <BackendLine />
          </div>
          <div className="setting__control">
            <SignInForm onError={setError} />
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}
