import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../shared/api/app';
import type { BackupEntry, RecoveryStatus } from '../../../shared/api/backup';
import type { ApiError } from '../../../shared/api/result';
import { call } from '../api';
import { errorMessage } from '../components/ErrorText';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { formatDateTime, formatNumber } from '../i18n';
import { UnlockWithCode } from './UnlockWithCode';
import './settings/backup.css';

// Issue #9 point 3: the database could not be opened (corrupt, unreadable, newer version). Nothing
// is re-created over it: the screen says why and where the file is, and offers to restore a
// backup (from this PC or a USB folder) with an administrator's password *of that backup*.

export function RecoveryScreen({ info, onRestored, onCancel }: { info: AppInfo; onRestored(): void; /** First run: back to the setup form. */ onCancel?: () => void }) {
  const isFirstRun = !info.recovery;
  const { t } = useTranslation();
  const [status, setStatus] = useState<Extract<RecoveryStatus, { inRecovery: true }> | null>(null);
  const [backups, setBackups] = useState<BackupEntry[]>([]);
  const [folder, setFolder] = useState('');
  const [chosen, setChosen] = useState<{ entry: BackupEntry; dir: string | null } | null>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [backupPassword, setBackupPassword] = useState('');
  const [foreignCode, setForeignCode] = useState('');
  const [localCode, setLocalCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [setAside, setSetAside] = useState<string | null>(null);
  const [readOnlyError, setReadOnlyError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    const result = await call('recovery.status', {});
    if (result.ok && result.value.inRecovery) {
      setStatus(result.value);
      setBackups(result.value.backups);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const lookInFolder = async () => {
    setError(null);
    const result = await call('recovery.listFolder', { dir: folder });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setBackups(result.value.backups);
    setChosen(null);
  };

  const restore = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    const result = await call('recovery.restore', {
      name: chosen.entry.name,
      username,
      password,
      ...(chosen.dir ? { dir: chosen.dir } : {}),
      ...(chosen.entry.encrypted ? { backupPassword } : {}),
      ...(chosen.entry.foreign && foreignCode.trim() ? { foreignRecoveryCode: foreignCode } : {}),
      ...(chosen.entry.foreign && localCode.trim() ? { recoveryCode: localCode } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setSetAside(result.value.setAsideFile);
  };

  const openReadOnly = async () => {
    setBusy(true);
    setReadOnlyError(null);
    const result = await call('recovery.openReadOnly', {});
    setBusy(false);
    if (!result.ok) {
      setReadOnlyError(result.error);
      return;
    }
    onRestored();
  };

  const reason = info.recovery?.reason ?? 'corrupt';
  const usable = backups.filter((entry) => entry.summary !== null);

  return (
    <main className="recovery-page">
      <div className="auth-top">
        <LanguageSwitch />
      </div>
      <section className="card recovery-card" aria-labelledby="recovery-title">
        <p className="brand">{t('common.appName')}</p>
        {/* Issue #20: once restored, the screen says so instead of "could not open the data". */}
        <h1 id="recovery-title">{setAside ? t('recovery.restoredTitle') : isFirstRun ? t('recovery.firstRunTitle') : t('recovery.title')}</h1>
        {setAside ? null : isFirstRun ? (
          <p className="reason">{t('recovery.firstRunIntro')}</p>
        ) : (
          <>
            <p className="reason" role="alert">{t(`recovery.reason.${reason}`)}</p>
            <p>{t('recovery.fileAt')}</p>
            <p className="file-path" data-testid="recovery-db-file">{info.recovery?.dbFile ?? status?.dbFile}</p>
          </>
        )}

        {reason === 'key_missing' && !setAside && !isFirstRun ? (
          <UnlockWithCode onUnlocked={onRestored} />
        ) : setAside ? (
          <>
            <p className="ok-text" role="status">{t('recovery.restored', { file: setAside })}</p>
            <div className="actions">
              <button type="button" className="button primary" autoFocus onClick={onRestored}>
                {t('recovery.continue')}
              </button>
            </div>
          </>
        ) : (
          <>
            <h2>{t('recovery.backupsTitle')}</h2>
            {!isFirstRun && <p className="muted">{t('recovery.backupsIntro')}</p>}
            {usable.length === 0 ? (
              <p>{t('recovery.noBackups')}</p>
            ) : (
              <table className="backup-table">
                <thead>
                  <tr>
                    <th scope="col">{t('backup.columns.date')}</th>
                    <th scope="col" className="num">{t('backup.columns.visits')}</th>
                    <th scope="col" className="num">{t('backup.columns.persons')}</th>
                    <th scope="col">{t('backup.columns.action')}</th>
                  </tr>
                </thead>
                <tbody>
                  {usable.map((entry) => (
                    <tr key={entry.name}>
                      <td>{formatDateTime(entry.takenAt)}</td>
                      <td className="num">{formatNumber(entry.summary?.counts.visits ?? 0)}</td>
                      <td className="num">{formatNumber(entry.summary?.counts.persons ?? 0)}</td>
                      <td>
                        <button
                          type="button"
                          className={chosen?.entry.name === entry.name ? 'button primary' : 'button'}
                          aria-pressed={chosen?.entry.name === entry.name}
                          aria-label={`${t('recovery.choose')} ${formatDateTime(entry.takenAt)}`}
                          onClick={() => setChosen({ entry, dir: folder.trim() && backups !== status?.backups ? folder.trim() : null })}
                        >
                          {t('recovery.choose')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <div className="field">
              <label htmlFor="recovery-folder">{t('recovery.otherFolder')}</label>
              <div className="actions">
                <input id="recovery-folder" value={folder} onChange={(e) => setFolder(e.target.value)} />
                <button type="button" className="button" disabled={!folder.trim()} onClick={() => void lookInFolder()}>
                  {t('recovery.look')}
                </button>
              </div>
            </div>

            {chosen && (
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  void restore();
                }}
              >
                <p className="ok-text">{t('recovery.chosen', { date: formatDateTime(chosen.entry.takenAt) })}</p>
                <div className="field-row">
                  <div className="field">
                    <label htmlFor="recovery-username">{t('recovery.username')}</label>
                    <input id="recovery-username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
                  </div>
                  <div className="field">
                    <label htmlFor="recovery-password">{t('recovery.password')}</label>
                    <input id="recovery-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
                  </div>
                </div>
                {chosen.entry.encrypted && (
                  <div className="field">
                    <label htmlFor="recovery-backup-password">{t('recovery.backupPassword')}</label>
                    <input id="recovery-backup-password" type="password" autoComplete="off" value={backupPassword} onChange={(e) => setBackupPassword(e.target.value)} />
                  </div>
                )}
                {chosen.entry.foreign && (
                  <>
                    {/* Issue #18 point 4: another installation's data replaces this one's: said plainly. */}
                    <p className="form-error" role="alert" data-testid="foreign-warning">{t('recovery.foreignWarning')}</p>
                    <div className="field">
                      <label htmlFor="recovery-foreign-code">{t('recovery.foreignCode')}</label>
                      <input id="recovery-foreign-code" autoComplete="off" spellCheck={false} value={foreignCode} onChange={(e) => setForeignCode(e.target.value)} />
                    </div>
                    {!isFirstRun && (
                      <div className="field">
                        <label htmlFor="recovery-local-code">{t('recovery.localCode')}</label>
                        <input id="recovery-local-code" autoComplete="off" spellCheck={false} value={localCode} onChange={(e) => setLocalCode(e.target.value)} />
                      </div>
                    )}
                  </>
                )}
                {error && <p className="form-error" role="alert">{errorMessage(t, error)}</p>}
                <div className="actions">
                  <button type="submit" className="button primary" disabled={busy || !username || !password}>
                    {busy ? t('recovery.restoring') : t('recovery.restore')}
                  </button>
                </div>
              </form>
            )}
            {!chosen && error && <p className="form-error" role="alert">{errorMessage(t, error)}</p>}
            {!isFirstRun && (
              <>
                <h2>{t('recovery.readOnlyTitle')}</h2>
                <p className="muted">{t('recovery.readOnlyIntro')}</p>
                {readOnlyError && (
                  <p className="form-error" role="alert" data-testid="read-only-error">
                    {errorMessage(t, readOnlyError)}
                  </p>
                )}
                <div className="actions">
                  <button type="button" className="button" disabled={busy} onClick={() => void openReadOnly()}>
                    {busy ? t('recovery.openingReadOnly') : t('recovery.openReadOnly')}
                  </button>
                </div>
              </>
            )}
            {isFirstRun ? (
              <div className="actions">
                <button type="button" className="button" onClick={onCancel}>
                  {t('recovery.backToSetup')}
                </button>
              </div>
            ) : (
              <p className="muted">{t('recovery.help')}</p>
            )}
          </>
        )}
      </section>
    </main>
  );
}
