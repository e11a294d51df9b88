import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api/result';
import type { SessionInfo } from '../../../shared/api/app';
import { call } from '../api';
import { ErrorText } from '../components/ErrorText';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { FieldProblem } from '../components/FieldProblem';
import { RecoveryCode } from '../components/RecoveryCode';
import { focusFirstProblem, hasProblems, passwordProblem, requiredProblem, usernameProblem, type FieldProblems } from '../components/form-rules';

/** Issue #3 point 1: on an empty database nothing else is reachable until setup is done. */
/**
 * `onRestoreInstead`: the first run may restore a backup instead (issue #9). Offered only with the
 * form: once the admin is made, the recovery code's page has nothing else on it.
 */
export function SetupScreen({ onDone, onRestoreInstead }: { onDone: (session: SessionInfo) => void; onRestoreInstead?: () => void }) {
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
  const [problems, setProblems] = useState<FieldProblems>({});

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldProblems = {
      centerName: requiredProblem(t, centerName, t('setup.centerName')) ?? undefined,
      ward: requiredProblem(t, ward, t('setup.ward')) ?? undefined,
      fullName: requiredProblem(t, fullName, t('setup.fullName')) ?? undefined,
      username: usernameProblem(t, username, t('setup.username')) ?? undefined,
      password: passwordProblem(t, password, t('setup.password')) ?? undefined,
    };
    setProblems(found);
    if (hasProblems(found)) {
      focusFirstProblem(found, 'setup', ['centerName', 'ward', 'fullName', 'username', 'password']);
      return;
    }
    if (password !== passwordConfirm) {
      setMismatch(true);
      document.getElementById('setup-passwordConfirm')?.focus();
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
          <RecoveryCode code={done.recoveryCode} centerName={centerName} username={done.session.user?.username ?? username} />
          <div className="actions">
            <button type="button" className="button" onClick={() => window.print()}>{t('setup.recoveryPrint')}</button>
            <button type="button" className="button primary" autoFocus onClick={() => onDone(done.session)}>{t('setup.recoveryDone')}</button>
          </div>
        </section>
      </main>
    );
  }

  const fieldError = (path: string, name: string) => Boolean(problems[name]) || error?.fields?.some((f) => f.path === path) || undefined;
  const describedBy = (name: string, hint?: string) => [problems[name] ? `setup-${name}-problem` : null, hint].filter(Boolean).join(' ') || undefined;
  return (
    <main className="auth-page">
      <div className="auth-top"><LanguageSwitch /></div>
      <form className="card auth-card wide" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="setup-title">
        <h1 id="setup-title">{t('setup.title')}</h1>
        <p>{t('setup.intro')}</p>
        <div className="field-row field-row-wide">
        <div className="field">
          <label htmlFor="setup-centerName">{t('setup.centerName')}</label>
          <input id="setup-centerName" value={centerName} onChange={(e) => setCenterName(e.target.value)} required maxLength={200} aria-invalid={fieldError('centerName', 'centerName')} aria-describedby={describedBy('centerName')} />
          <FieldProblem id="setup-centerName-problem" message={problems.centerName} />
        </div>
        <div className="field">
          <label htmlFor="setup-ward">{t('setup.ward')}</label>
          <input id="setup-ward" value={ward} onChange={(e) => setWard(e.target.value)} required maxLength={120} aria-invalid={fieldError('ward', 'ward')} aria-describedby={describedBy('ward')} />
          <FieldProblem id="setup-ward-problem" message={problems.ward} />
        </div>
        </div>
        <h2>{t('setup.adminSection')}</h2>
        <div className="field-row">
        <div className="field">
          <label htmlFor="setup-fullName">{t('setup.fullName')}</label>
          <input id="setup-fullName" value={fullName} onChange={(e) => setFullName(e.target.value)} required maxLength={120} autoFocus aria-invalid={fieldError('admin.fullName', 'fullName')} aria-describedby={describedBy('fullName')} />
          <FieldProblem id="setup-fullName-problem" message={problems.fullName} />
        </div>
        <div className="field">
          <label htmlFor="setup-username">{t('setup.username')}</label>
          <input id="setup-username" value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="username" aria-invalid={fieldError('admin.username', 'username')} aria-describedby={describedBy('username', 'username-hint')} />
          <small id="username-hint">{t('setup.usernameHint')}</small>
          <FieldProblem id="setup-username-problem" message={problems.username} />
        </div>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="setup-password">{t('setup.password')}</label>
            <input id="setup-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={8} autoComplete="new-password" aria-invalid={fieldError('admin.password', 'password')} aria-describedby={describedBy('password', 'password-hint')} />
            <small id="password-hint">{t('setup.passwordHint')}</small>
            <FieldProblem id="setup-password-problem" message={problems.password} />
          </div>
          <div className="field">
            <label htmlFor="setup-passwordConfirm">{t('setup.passwordConfirm')}</label>
            <input id="setup-passwordConfirm" type="password" value={passwordConfirm} onChange={(e) => setPasswordConfirm(e.target.value)} required minLength={8} autoComplete="new-password" aria-invalid={mismatch || undefined} />
          </div>
        </div>
        {mismatch && <p className="form-error" role="alert">{t('setup.passwordMismatch')}</p>}
        <ErrorText error={error} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>{t('setup.submit')}</button>
        </div>
        <p className="muted">{t('setup.restoreInstead')}</p>
      </form>
      {onRestoreInstead && (
        <p className="setup-restore-offer">
          <button type="button" className="button" onClick={onRestoreInstead}>
            {t('recovery.offerAtSetup')}
          </button>
        </p>
      )}
    </main>
  );
}
