import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api/result';
import type { SessionInfo } from '../../../shared/api/app';
import { call } from '../api';
import { ErrorText } from '../components/ErrorText';
import { LanguageSwitch } from '../components/LanguageSwitch';

/** Issue #3 point 1: on an empty database nothing else is reachable until setup is done. */
export function SetupScreen({ onDone }: { onDone: (session: SessionInfo) => void }) {
  const { t } = useTranslation();
  const [centerName, setCenterName] = useState('Trung tâm phục vụ Hành chính công phường Tân Lập');
  const [ward, setWard] = useState('Tân Lập');
  const [fullName, setFullName] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [passwordConfirm, setPasswordConfirm] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ session: SessionInfo; recoveryCode: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== passwordConfirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setBusy(true);
    const result = await call('setup.complete', { centerName, ward, admin: { fullName, username, password } });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    const { recoveryCode, ...session } = result.value;
    setDone({ session, recoveryCode });
  };

  if (done) {
    return (
      <main className="auth-page">
        <section className="card auth-card" aria-labelledby="recovery-title">
          <h1 id="recovery-title">{t('setup.recoveryTitle')}</h1>
          <p>{t('setup.recoveryIntro')}</p>
          <p className="recovery-code" data-testid="recovery-code">{done.recoveryCode}</p>
          <div className="actions">
            <button type="button" className="button" onClick={() => window.print()}>{t('setup.recoveryPrint')}</button>
            <button type="button" className="button primary" autoFocus onClick={() => onDone(done.session)}>{t('setup.recoveryDone')}</button>
          </div>
        </section>
      </main>
    );
  }

  const fieldError = (path: string) => error?.fields?.some((f) => f.path === path);
  return (
    <main className="auth-page">
      <div className="auth-top"><LanguageSwitch /></div>
      <form className="card auth-card wide" onSubmit={(e) => void submit(e)} aria-labelledby="setup-title">
        <h1 id="setup-title">{t('setup.title')}</h1>
        <p>{t('setup.intro')}</p>
        <label className="field">
          <span>{t('setup.centerName')}</span>
          <input value={centerName} onChange={(e) => setCenterName(e.target.value)} required maxLength={200} aria-invalid={fieldError('centerName')} />
        </label>
        <label className="field">
          <span>{t('setup.ward')}</span>
          <input value={ward} onChange={(e) => setWard(e.target.value)} required maxLength={120} />
        </label>
        <h2>{t('setup.adminSection')}</h2>
        <label className="field">
          <span>{t('setup.fullName')}</span>
          <input value={fullName} onChange={(e) => setFullName(e.target.value)} required maxLength={120} autoFocus />
        </label>
        <div className="field">
          <label htmlFor="setup-username">{t('setup.username')}</label>
          <input id="setup-username" value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="username" aria-invalid={fieldError('admin.username')} aria-describedby="username-hint" />
          <small id="username-hint">{t('setup.usernameHint')}</small>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="setup-password">{t('setup.password')}</label>
            <input id="setup-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={8} autoComplete="new-password" aria-invalid={fieldError('admin.password')} aria-describedby="password-hint" />
            <small id="password-hint">{t('setup.passwordHint')}</small>
          </div>
          <label className="field">
            <span>{t('setup.passwordConfirm')}</span>
            <input type="password" value={passwordConfirm} onChange={(e) => setPasswordConfirm(e.target.value)} required minLength={8} autoComplete="new-password" aria-invalid={mismatch} />
          </label>
        </div>
        {mismatch && <p className="form-error" role="alert">{t('setup.passwordMismatch')}</p>}
        <ErrorText error={error} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>{t('setup.submit')}</button>
        </div>
        <p className="muted">{t('setup.restoreInstead')}</p>
      </form>
    </main>
  );
}
