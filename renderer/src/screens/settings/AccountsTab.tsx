import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../../../shared/api/accounts';
import type { ApiError } from '../../../../shared/api/result';
import { ROLES, type Role } from '../../../../shared/roles';
import { call } from '../../api';
import { useApp } from '../../app-context';
import { ErrorText } from '../../components/ErrorText';
import { formatDateTime } from '../../i18n';
import { FieldProblem } from '../../components/FieldProblem';
import { passwordProblem, requiredProblem, usernameProblem, type FieldProblems } from '../../components/form-rules';
import { Modal } from '../review/Modal';
import './accounts.css';

// Issue #3 point 2: the admin creates accounts, edits names and roles, deactivates (never
// deletes) and resets passwords. The core enforces the same rules (electron/core/accounts/manage.ts).
// Issue #20: the form opens in a dialog from the list (the list and its main action fit the
// screen), checks its fields itself and says which rule a username breaks.

type Panel = { kind: 'create' } | { kind: 'edit'; account: AccountSummary } | { kind: 'reset'; account: AccountSummary };

function RoleChoice({ value, onChange, idPrefix }: { value: Role[]; onChange: (roles: Role[]) => void; idPrefix: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="role-choice">
      <legend>{t('accounts.roles')}</legend>
      <small className="muted">{t('accounts.rolesHint')}</small>
      {ROLES.map((role) => (
        <label key={role} className="role-option" htmlFor={`${idPrefix}-${role}`}>
          <input
            id={`${idPrefix}-${role}`}
            type="checkbox"
            checked={value.includes(role)}
            onChange={(e) => onChange(e.target.checked ? [...value, role] : value.filter((r) => r !== role))}
          />
          <span>
            <strong>{t(`common.roles.${role}`)}</strong>
            <small>{t(`accounts.roleHelp.${role}`)}</small>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

export function AccountsTab() {
  const { t } = useTranslation();
  const { session, setSession } = useApp();
  const [accounts, setAccounts] = useState<AccountSummary[] | null>(null);
  const [panel, setPanel] = useState<Panel | null>(null);
  const [problems, setProblems] = useState<FieldProblems>({});
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  // The create form's id is made here, once per account, so a double submit makes one account.
  const [createId, setCreateId] = useState(() => crypto.randomUUID());
  const [username, setUsername] = useState('');
  const [fullName, setFullName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['staff']);
  const [password, setPassword] = useState('');
  const [roleMissing, setRoleMissing] = useState(false);

  const load = useCallback(async () => {
    const result = await call('accounts.list', {});
    if (result.ok) setAccounts(result.value);
    else setError(result.error);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const openPanel = (next: Panel | null) => {
    setPanel(next);
    setError(null);
    setProblems({});
    setRoleMissing(false);
    setPassword('');
    if (next?.kind === 'edit') {
      setFullName(next.account.fullName);
      setRoles(next.account.roles);
    } else if (next?.kind === 'create') {
      setUsername('');
      setFullName('');
      setRoles(['staff']);
    }
  };

  const finish = async (message: string) => {
    setStatus(message);
    setError(null);
    await load();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!panel) return;
    const found: FieldProblems = {
      username: panel.kind === 'create' ? (usernameProblem(t, username, t('accounts.username')) ?? undefined) : undefined,
      fullname: panel.kind !== 'reset' ? (requiredProblem(t, fullName, t('accounts.fullName')) ?? undefined) : undefined,
      password: panel.kind !== 'edit' ? (passwordProblem(t, password, t('accounts.password')) ?? undefined) : undefined,
    };
    setProblems(found);
    const first = (['username', 'fullname', 'password'] as const).find((key) => found[key]);
    if (first) {
      document.getElementById(`account-${first}`)?.focus();
      return;
    }
    if (panel.kind !== 'reset' && roles.length === 0) {
      setRoleMissing(true);
      return;
    }
    setRoleMissing(false);
    setBusy(true);
    setStatus('');
    try {
      if (panel.kind === 'create') {
        const result = await call('accounts.create', { id: createId, username, fullName, roles, password });
        if (!result.ok) return setError(result.error);
        setCreateId(crypto.randomUUID());
        openPanel(null);
        await finish(t('accounts.created', { username: result.value.username }));
      } else if (panel.kind === 'edit') {
        const result = await call('accounts.update', { id: panel.account.id, fullName, roles });
        if (!result.ok) return setError(result.error);
        openPanel(null);
        await finish(t('accounts.saved', { username: result.value.username }));
        // The admin edited their own account: the core already uses the new roles; show them.
        if (result.value.id === session.user?.id) {
          const current = await call('auth.session', {});
          if (current.ok) setSession(current.value);
        }
      } else {
        const result = await call('accounts.resetPassword', { id: panel.account.id, newPassword: password });
        if (!result.ok) return setError(result.error);
        openPanel(null);
        await finish(t('accounts.passwordReset', { username: result.value.username }));
      }
    } finally {
      setBusy(false);
      setPassword('');
    }
  };

  const setActive = async (account: AccountSummary, isActive: boolean) => {
    setConfirming(null);
    setStatus('');
    const result = await call(isActive ? 'accounts.reactivate' : 'accounts.deactivate', { id: account.id });
    if (!result.ok) return setError(result.error);
    await finish(t(isActive ? 'accounts.reactivated' : 'accounts.deactivated', { username: account.username }));
  };

  const nowMs = Date.now();
  return (
    <div className="accounts-tab">
      <div className="accounts-head">
        <p className="muted">{t('accounts.intro')}</p>
        <button type="button" className="button primary" onClick={() => openPanel({ kind: 'create' })}>{t('accounts.createTitle')}</button>
      </div>
      {status && <p className="ok-text" role="status">{status}</p>}
      {!accounts ? (
        <p>{t('common.loading')}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">{t('accounts.listCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('accounts.columns.username')}</th>
              <th scope="col">{t('accounts.columns.fullName')}</th>
              <th scope="col">{t('accounts.columns.roles')}</th>
              <th scope="col">{t('accounts.columns.status')}</th>
              <th scope="col">{t('accounts.columns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => {
              const isSelf = account.id === session.user?.id;
              const lockedUntil = account.lockedUntil && Date.parse(account.lockedUntil) > nowMs ? account.lockedUntil : null;
              return (
                <tr key={account.id} className={account.isActive ? undefined : 'inactive-row'} data-username={account.username}>
                  <td>{account.username} {isSelf && <span className="muted">{t('accounts.you')}</span>}</td>
                  <td>{account.fullName}</td>
                  <td>{account.roles.map((role) => t(`common.roles.${role}`)).join(', ')}</td>
                  <td>
                    {!account.isActive
                      ? t('accounts.statusInactive')
                      : lockedUntil
                        ? t('accounts.statusLockedUntil', { until: formatDateTime(lockedUntil) })
                        : t('accounts.statusActive')}
                  </td>
                  <td className="row-actions">
                    {confirming === account.id ? (
                      <span className="confirm-inline" role="group" aria-label={t('accounts.confirmDeactivate', { username: account.username })}>
                        <span>{t('accounts.confirmDeactivate', { username: account.username })}</span>
                        <button type="button" className="button danger" autoFocus onClick={() => void setActive(account, false)}>{t('common.confirm')}</button>
                        <button type="button" className="button" onClick={() => setConfirming(null)}>{t('common.cancel')}</button>
                      </span>
                    ) : (
                      <>
                        <button type="button" className="button" onClick={() => openPanel({ kind: 'edit', account })} aria-label={`${t('accounts.edit')} ${account.username}`}>{t('accounts.edit')}</button>
                        <button type="button" className="button" onClick={() => openPanel({ kind: 'reset', account })} aria-label={`${t('accounts.resetPassword')} ${account.username}`}>{t('accounts.resetPassword')}</button>
                        {account.isActive
                          ? !isSelf && <button type="button" className="button" onClick={() => setConfirming(account.id)} aria-label={`${t('accounts.deactivate')} ${account.username}`}>{t('accounts.deactivate')}</button>
                          : <button type="button" className="button" onClick={() => void setActive(account, true)} aria-label={`${t('accounts.reactivate')} ${account.username}`}>{t('accounts.reactivate')}</button>}
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      {panel && (
        <Modal
          className="account-dialog"
          title={panel.kind === 'create' ? t('accounts.createTitle') : panel.kind === 'edit' ? t('accounts.editTitle', { username: panel.account.username }) : t('accounts.resetTitle', { username: panel.account.username })}
          onClose={() => openPanel(null)}
        >
        <form className="account-form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="review-modal-title">
          {panel.kind === 'create' && (
            <div className="field">
              <label htmlFor="account-username">{t('accounts.username')}</label>
              <input id="account-username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus autoComplete="off" aria-describedby={problems.username ? 'account-username-problem account-username-hint' : 'account-username-hint'} aria-invalid={Boolean(problems.username) || error?.fields?.some((f) => f.path === 'username') || undefined} />
              <small id="account-username-hint">{t('accounts.usernameHint')}</small>
              <FieldProblem id="account-username-problem" message={problems.username} />
            </div>
          )}
          {panel.kind !== 'reset' && (
            <>
              <div className="field">
                <label htmlFor="account-fullname">{t('accounts.fullName')}</label>
                <input id="account-fullname" value={fullName} onChange={(e) => setFullName(e.target.value)} required maxLength={120} autoComplete="off" autoFocus={panel.kind === 'edit'} aria-invalid={problems.fullname ? true : undefined} aria-describedby={problems.fullname ? 'account-fullname-problem' : undefined} />
                <FieldProblem id="account-fullname-problem" message={problems.fullname} />
              </div>
              <RoleChoice value={roles} onChange={setRoles} idPrefix={`role-${panel.kind}`} />
              {roleMissing && <p className="form-error" role="alert">{t('accounts.noRoleSelected')}</p>}
            </>
          )}
          {panel.kind !== 'edit' && (
            <div className="field">
              <label htmlFor="account-password">{panel.kind === 'reset' ? t('accounts.newPassword') : t('accounts.password')}</label>
              <input id="account-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={8} autoComplete="new-password" autoFocus={panel.kind === 'reset'} aria-invalid={problems.password ? true : undefined} aria-describedby={problems.password ? 'account-password-problem account-password-hint' : 'account-password-hint'} />
              <small id="account-password-hint">{t('accounts.passwordHint')}</small>
              <FieldProblem id="account-password-problem" message={problems.password} />
            </div>
          )}
          <ErrorText error={error} />
          <div className="actions">
            <button type="submit" className="button primary" disabled={busy}>
              {panel.kind === 'create' ? t('accounts.create') : panel.kind === 'edit' ? t('accounts.saveChanges') : t('accounts.resetPassword')}
            </button>
            <button type="button" className="button" onClick={() => openPanel(null)}>{t('common.cancel')}</button>
          </div>
        </form>
        </Modal>
      )}
    </div>
  );
}
