import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api/result';
import type { AppInfo, SessionInfo } from '../../../shared/api/app';
import { call } from '../api';
import { ErrorText } from '../components/ErrorText';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { FieldProblem } from '../components/FieldProblem';
import { requiredProblem, type FieldProblems } from '../components/form-rules';
import { RecoverForm } from './RecoverForm';

type LockInfo = { attemptsLeft: number; maxAttempts: number; admins: string[]; reason: 'manual' | 'idle' };

/** Sign-in, and the lock screen when `lockedBy` is given (no personal field is shown there). */
export function LoginScreen({ info, lockedBy, onSignedIn }: { info: AppInfo; lockedBy?: string; onSignedIn: (session: SessionInfo) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState(lockedBy ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [recovering, setRecovering] = useState(false);
  const [problems, setProblems] = useState<FieldProblems>({});
  const [lockInfo, setLockInfo] = useState<LockInfo | null>(null);

  // Issue #20: only the lock screen of a signed-in user learns the attempts left (the core
  // answers nothing to a sign-in screen).
  const loadLockInfo = useCallback(async () => {
    if (!lockedBy) return setLockInfo(null);
    const result = await call('auth.lockInfo', {});
    setLockInfo(result.ok ? result.value : null);
  }, [lockedBy]);
  useEffect(() => {
    void loadLockInfo();
  }, [loadLockInfo]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldProblems = {
      username: requiredProblem(t, username, t('login.username')) ?? undefined,
      password: requiredProblem(t, password, t('login.password')) ?? undefined,
    };
    setProblems(found);
    if (found.username || found.password) {
      document.getElementById(found.username ? 'login-username' : 'login-password')?.focus();
      return;
    }
    setBusy(true);
    const result = await call('auth.login', { username, password });
    setBusy(false);
    setPassword('');
    if (!result.ok) {
      setError(result.error);
      // Still the same user's locked screen: say how many tries remain.
      if (lockedBy && username.trim().toLowerCase() === lockedBy) await loadLockInfo();
      else setLockInfo(null);
      return;
    }
    setError(null);
    onSignedIn(result.value);
  };

  if (recovering) {
    return (
      <main className="auth-page">
        <div className="auth-top"><LanguageSwitch /></div>
        <RecoverForm centerName={info.centerName} onCancel={() => setRecovering(false)} onRecovered={onSignedIn} />
      </main>
    );
  }

  return (
    <main className="auth-page">
      <div className="auth-top"><LanguageSwitch /></div>
      <form className="card auth-card" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <p className="brand">{t('common.appName')}</p>
        <p className="muted">{info.centerName}</p>
        <h1 id="login-title">{lockedBy ? t('login.lockedTitle') : t('login.title')}</h1>
        {lockedBy && <p>{t(lockInfo?.reason === 'idle' ? 'login.lockedIdleIntro' : 'login.lockedIntro', { name: lockedBy })}</p>}
        <div className="field">
          <label htmlFor="login-username">{t('login.username')}</label>
          <input id="login-username" value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="username" autoFocus={!lockedBy} aria-invalid={problems.username ? true : undefined} aria-describedby={problems.username ? 'login-username-problem' : undefined} />
          <FieldProblem id="login-username-problem" message={problems.username} />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input id="login-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="current-password" autoFocus={Boolean(lockedBy)} aria-invalid={problems.password ? true : undefined} aria-describedby={problems.password ? 'login-password-problem' : undefined} />
          <FieldProblem id="login-password-problem" message={problems.password} />
        </div>
        <ErrorText error={error} />
        {lockedBy && lockInfo && error && (
          <p className="lock-attempts" data-testid="lock-attempts">
            {t('login.attemptsLeft', { count: lockInfo.attemptsLeft, max: lockInfo.maxAttempts })}{' '}
            {lockInfo.admins.length > 0 ? t('login.callAdmin', { names: lockInfo.admins.join(', ') }) : t('login.callAdminNone')}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>{t('login.submit')}</button>
          <button type="button" className="button link" onClick={() => setRecovering(true)}>{t('recover.link')}</button>
        </div>
      </form>
    </main>
  );
}
