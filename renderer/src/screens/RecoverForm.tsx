import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api/result';
import type { SessionInfo } from '../../../shared/api/app';
import { call } from '../api';
import { ErrorText } from '../components/ErrorText';

/**
 * Issue #3 point 1: "forgot password" with the one-time recovery code. The core checks the code,
 * sets the new password, audits it and returns a new code, shown once here like at first run.
 */
export function RecoverForm({ onCancel, onRecovered }: { onCancel: () => void; onRecovered: (session: SessionInfo) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ session: SessionInfo; recoveryCode: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (newPassword !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setBusy(true);
    const result = await call('auth.recover', { username, recoveryCode, newPassword });
    setBusy(false);
    setRecoveryCode('');
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setNewPassword('');
    setConfirm('');
    const { recoveryCode: nextCode, ...session } = result.value;
    setDone({ session, recoveryCode: nextCode });
  };

  if (done) {
    return (
      <section className="card auth-card" aria-labelledby="new-code-title">
        <h1 id="new-code-title">{t('recover.newCodeTitle')}</h1>
        <p>{t('recover.newCodeIntro')}</p>
        <p className="recovery-code" data-testid="recovery-code">{done.recoveryCode}</p>
        <div className="actions">
          <button type="button" className="button" onClick={() => window.print()}>{t('setup.recoveryPrint')}</button>
          <button type="button" className="button primary" autoFocus onClick={() => onRecovered(done.session)}>{t('setup.recoveryDone')}</button>
        </div>
      </section>
    );
  }

  return (
    <form className="card auth-card" onSubmit={(e) => void submit(e)} aria-labelledby="recover-title">
      <h1 id="recover-title">{t('recover.title')}</h1>
      <p>{t('recover.intro')}</p>
      <label className="field">
        <span>{t('recover.username')}</span>
        <input value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="username" autoFocus />
      </label>
      <div className="field">
        <label htmlFor="recover-code">{t('recover.code')}</label>
        <input id="recover-code" value={recoveryCode} onChange={(e) => setRecoveryCode(e.target.value)} required autoComplete="off" spellCheck={false} aria-describedby="recover-code-hint" />
        <small id="recover-code-hint">{t('recover.codeHint')}</small>
      </div>
      <label className="field">
        <span>{t('recover.newPassword')}</span>
        <input type="password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} required minLength={8} autoComplete="new-password" />
      </label>
      <label className="field">
        <span>{t('recover.newPasswordConfirm')}</span>
        <input type="password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required minLength={8} autoComplete="new-password" aria-invalid={mismatch} />
      </label>
      {mismatch && <p className="form-error" role="alert">{t('recover.mismatch')}</p>}
      <ErrorText error={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>{t('recover.submit')}</button>
        <button type="button" className="button" onClick={onCancel}>{t('recover.back')}</button>
      </div>
    </form>
  );
}
