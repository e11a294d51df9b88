import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api/result';
import type { AppInfo, SessionInfo } from '../../../shared/api/app';
import { call } from '../api';
import { ErrorText } from '../components/ErrorText';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { RecoverForm } from './RecoverForm';

/** Sign-in, and the lock screen when `lockedBy` is given (no personal field is shown there). */
export function LoginScreen({ info, lockedBy, onSignedIn }: { info: AppInfo; lockedBy?: string; onSignedIn: (session: SessionInfo) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState(lockedBy ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [recovering, setRecovering] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await call('auth.login', { username, password });
    setBusy(false);
    setPassword('');
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    onSignedIn(result.value);
  };

  if (recovering) {
    return (
      <main className="auth-page">
        <div className="auth-top"><LanguageSwitch /></div>
        <RecoverForm onCancel={() => setRecovering(false)} onRecovered={onSignedIn} />
      </main>
    );
  }

  return (
    <main className="auth-page">
      <div className="auth-top"><LanguageSwitch /></div>
      <form className="card auth-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <p className="brand">{t('common.appName')}</p>
        <p className="muted">{info.centerName}</p>
        <h1 id="login-title">{lockedBy ? t('login.lockedTitle') : t('login.title')}</h1>
        {lockedBy && <p>{t('login.lockedIntro', { name: lockedBy })}</p>}
        <label className="field">
          <span>{t('login.username')}</span>
          <input value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="username" autoFocus={!lockedBy} />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="current-password" autoFocus={Boolean(lockedBy)} />
        </label>
        <ErrorText error={error} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>{t('login.submit')}</button>
          <button type="button" className="button link" onClick={() => setRecovering(true)}>{t('recover.link')}</button>
        </div>
      </form>
    </main>
  );
}
