import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api/result';
import type { SessionInfo } from '../../../shared/api/app';
import { call } from '../api';
import { ErrorText } from '../components/ErrorText';
import { FieldProblem } from '../components/FieldProblem';
import { RecoveryCode } from '../components/RecoveryCode';
import { focusFirstProblem, hasProblems, passwordProblem, requiredProblem, type FieldProblems } from '../components/form-rules';

/**
 * Issue #3 point 1: "forgot password" with the one-time recovery code. The core checks the code,
 * sets the new password, audits it and returns a new code, shown once here like at first run.
 */
export function RecoverForm({ centerName, onCancel, onRecovered }: { centerName: string; onCancel: () => void; onRecovered: (session: SessionInfo) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ session: SessionInfo; recoveryCode: string } | null>(null);

  const [problems, setProblems] = useState<FieldProblems>({});

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldProblems = {
      username: requiredProblem(t, username, t('recover.username')) ?? undefined,
      code: requiredProblem(t, recoveryCode, t('recover.code')) ?? undefined,
      password: passwordProblem(t, newPassword, t('recover.newPassword')) ?? undefined,
    };
    setProblems(found);
    if (hasProblems(found)) return focusFirstProblem(found, 'recover', ['username', 'code', 'password']);
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
        <RecoveryCode code={done.recoveryCode} centerName={centerName} username={done.session.user?.username ?? username} />
        <div className="actions">
          <button type="button" className="button" onClick={() => window.print()}>{t('setup.recoveryPrint')}</button>
          <button type="button" className="button primary" autoFocus onClick={() => onRecovered(done.session)}>{t('setup.recoveryDone')}</button>
        </div>
      </section>
    );
  }

  return (
    <form className="card auth-card" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="recover-title">
      <h1 id="recover-title">{t('recover.title')}</h1>
      <p>{t('recover.intro')}</p>
      <div className="field">
        <label htmlFor="recover-username">{t('recover.username')}</label>
        <input id="recover-username" value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="username" autoFocus aria-invalid={problems.username ? true : undefined} aria-describedby={problems.username ? 'recover-username-problem' : undefined} />
        <FieldProblem id="recover-username-problem" message={problems.username} />
      </div>
      <div className="field">
        <label htmlFor="recover-code">{t('recover.code')}</label>
        <input id="recover-code" value={recoveryCode} onChange={(e) => setRecoveryCode(e.target.value)} required autoComplete="off" spellCheck={false} aria-invalid={problems.code ? true : undefined} aria-describedby={problems.code ? 'recover-code-problem recover-code-hint' : 'recover-code-hint'} />
        <small id="recover-code-hint">{t('recover.codeHint')}</small>
        <FieldProblem id="recover-code-problem" message={problems.code} />
      </div>
      <div className="field">
        <label htmlFor="recover-password">{t('recover.newPassword')}</label>
        <input id="recover-password" type="password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} required minLength={8} autoComplete="new-password" aria-invalid={problems.password ? true : undefined} aria-describedby={problems.password ? 'recover-password-problem' : undefined} />
        <FieldProblem id="recover-password-problem" message={problems.password} />
      </div>
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
