import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupEntry, BackupListing, BackupRunReport, HealthStatus } from '../../../../shared/api/backup';
import type { ApiError } from '../../../../shared/api/result';
import { call } from '../../api';
import { useApp } from '../../app-context';
import { ErrorText, errorMessage } from '../../components/ErrorText';
import { formatDateTime, formatNumber } from '../../i18n';
import { downloadText } from '../../components/download';
import './backup.css';

// Issue #9 points 1–2: "Back up now", the list of backups with their date and counts, restore
// (with confirmation; the current data is set aside), the external folder and its password.

function sizeText(bytes: number): string {
  return bytes >= 1_048_576 ? `${formatNumber(Math.round(bytes / 104_857.6) / 10)} MB` : `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

export function BackupTab() {
  const { t } = useTranslation();
  const { setSession } = useApp();
  const [listing, setListing] = useState<BackupListing | null>(null);
  const [health, setHealth] = useState<HealthStatus | null>(null);
  const [running, setRunning] = useState(false);
  const [lastRun, setLastRun] = useState<BackupRunReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [chosen, setChosen] = useState<BackupEntry | null>(null);

  const load = useCallback(async () => {
    const [list, status] = await Promise.all([call('backup.list', {}), call('health.status', {})]);
    if (list.ok) setListing(list.value);
    else setError(list.error);
    if (status.ok) setHealth(status.value);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const backUpNow = async () => {
    setRunning(true);
    setError(null);
    const result = await call('backup.now', {});
    setRunning(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setLastRun(result.value);
    await load();
  };

  // Issue #18 point 5: the key file for the command line, kept like the recovery code.
  const [keyFileSaved, setKeyFileSaved] = useState<string | null>(null);
  const exportKeyFile = async () => {
    setError(null);
    const result = await call('backup.exportKeyFile', {});
    if (!result.ok) {
      setError(result.error);
      return;
    }
    downloadText(result.value.fileName, result.value.content, 'application/json;charset=utf-8');
    setKeyFileSaved(result.value.fileName);
  };

  if (!listing) return error ? <ErrorText error={error} /> : <p>{t('common.loading')}</p>;

  return (
    <div className="backup-tab">
      <section className="card" aria-labelledby="backup-title">
        <h2 id="backup-title">{t('backup.title')}</h2>
        <p className="muted">{t('backup.intro')}</p>
        <div className="actions">
          <button type="button" className="button primary" onClick={() => void backUpNow()} disabled={running} aria-busy={running}>
            {running ? t('backup.running') : t('backup.now')}
          </button>
        </div>
        {running && <progress className="backup-progress" aria-label={t('backup.running')} />}
        {lastRun && (
          <div role="status">
            <p className="ok-text">{t('backup.done', { date: formatDateTime(lastRun.local.takenAt) })}</p>
            {lastRun.external?.ok && <p className="ok-text">{t('backup.externalDone')}</p>}
            {lastRun.external && !lastRun.external.ok && (
              <p className="form-error">{t('backup.externalFailed', { reason: t(`errors.${lastRun.external.code}`) })}</p>
            )}
          </div>
        )}
        <ErrorText error={error} />
        <HealthLines health={health} />
        {health?.auditHeadProblem && (
          <p className="form-error" role="alert" data-testid="audit-head-problem">
            {t(`backup.auditHead.${health.auditHeadProblem.kind}`, { sealed: health.auditHeadProblem.sealedSeq, found: health.auditHeadProblem.foundSeq })}
          </p>
        )}
      </section>

      <section className="card" aria-labelledby="key-file-title">
        <h2 id="key-file-title">{t('backup.keyFileTitle')}</h2>
        <p className="muted">{t('backup.keyFileIntro')}</p>
        <div className="actions">
          <button type="button" className="button" onClick={() => void exportKeyFile()}>{t('backup.keyFileExport')}</button>
        </div>
        {keyFileSaved && <p className="ok-text" role="status">{t('backup.keyFileSaved', { file: keyFileSaved })}</p>}
      </section>

      <section className="card" aria-labelledby="backup-list-title">
        <h2 id="backup-list-title">{t('backup.listTitle')}</h2>
        <p className="muted">{t('backup.localDir', { dir: listing.config.localDir })}</p>
        {listing.backups.length === 0 ? (
          <p>{t('backup.empty')}</p>
        ) : (
          <table className="backup-table">
            <thead>
              <tr>
                <th scope="col">{t('backup.columns.date')}</th>
                <th scope="col">{t('backup.columns.where')}</th>
                <th scope="col" className="num">{t('backup.columns.visits')}</th>
                <th scope="col" className="num">{t('backup.columns.persons')}</th>
                <th scope="col" className="num">{t('backup.columns.size')}</th>
                <th scope="col">{t('backup.columns.action')}</th>
              </tr>
            </thead>
            <tbody>
              {listing.backups.map((entry) => (
                <tr key={`${entry.location}/${entry.name}`}>
                  <td>
                    {formatDateTime(entry.takenAt)} <span className="muted">({t(`backup.reason.${entry.reason}`)})</span>
                  </td>
                  <td>{t(`backup.location.${entry.location}`)}</td>
                  <td className="num">{entry.summary ? formatNumber(entry.summary.counts.visits) : '—'}</td>
                  <td className="num">{entry.summary ? formatNumber(entry.summary.counts.persons) : '—'}</td>
                  <td className="num">{sizeText(entry.sizeBytes)}</td>
                  <td>
                    {entry.summary ? (
                      <button
                        type="button"
                        className="button"
                        aria-label={`${t('backup.restore')} ${formatDateTime(entry.takenAt)}`}
                        onClick={() => setChosen(entry)}
                      >
                        {t('backup.restore')}
                      </button>
                    ) : (
                      <span className="form-error">{t('backup.damaged')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {chosen && (
        <RestoreDialog
          entry={chosen}
          onCancel={() => setChosen(null)}
          onRestored={async () => {
            // The restored database has its own accounts: sign in again.
            const session = await call('auth.session', {});
            if (session.ok) setSession(session.value);
          }}
        />
      )}

      <BackupSettings listing={listing} onSaved={load} />
    </div>
  );
}

function HealthLines({ health }: { health: HealthStatus | null }) {
  const { t } = useTranslation();
  if (!health) return null;
  return (
    <div className="backup-health" aria-label={t('backup.healthTitle')}>
      <p>{health.lastBackupAt ? t('backup.lastBackup', { date: formatDateTime(health.lastBackupAt) }) : t('backup.noBackupYet')}</p>
      {health.lastIntegrityCheck && (
        <p className={health.lastIntegrityCheck.ok ? '' : 'form-error'}>
          {t(health.lastIntegrityCheck.ok ? 'backup.integrityOk' : 'backup.integrityBad', { date: formatDateTime(health.lastIntegrityCheck.at) })}
        </p>
      )}
      {health.update && (
        <p className="muted">{t(`backup.update.${health.update.kind}`, { latest: health.update.latest ?? '', code: health.update.code ?? '' })}</p>
      )}
    </div>
  );
}

function RestoreDialog({ entry, onCancel, onRestored }: { entry: BackupEntry; onCancel(): void; onRestored(): Promise<void> }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [setAside, setSetAside] = useState<string | null>(null);
  const summary = entry.summary;
  if (!summary) return null;

  const restore = async () => {
    setBusy(true);
    setError(null);
    const result = await call('backup.restore', { location: entry.location, name: entry.name, ...(entry.encrypted ? { password } : {}) });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setSetAside(result.value.setAsideFile);
  };

  return (
    <section className="card backup-restore" role="dialog" aria-modal="false" aria-labelledby="restore-title">
      <h2 id="restore-title">{t('backup.restoreTitle')}</h2>
      {setAside ? (
        <>
          <p className="ok-text" role="status">{t('backup.restored', { file: setAside })}</p>
          <div className="actions">
            <button type="button" className="button primary" autoFocus onClick={() => void onRestored()}>
              {t('recovery.continue')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p>
            {t('backup.restoreWarning', {
              date: formatDateTime(entry.takenAt),
              visits: formatNumber(summary.counts.visits),
              persons: formatNumber(summary.counts.persons),
              users: formatNumber(summary.counts.users),
            })}
          </p>
          {entry.encrypted && (
            <div className="field">
              <label htmlFor="restore-password">{t('backup.backupPassword')}</label>
              <input id="restore-password" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
            </div>
          )}
          {error && <p className="form-error" role="alert">{errorMessage(t, error)}</p>}
          <div className="actions">
            <button type="button" className="button danger" disabled={busy || (entry.encrypted && !password)} onClick={() => void restore()}>
              {busy ? t('recovery.restoring') : t('backup.confirmRestore')}
            </button>
            <button type="button" className="button" onClick={onCancel} disabled={busy} autoFocus>
              {t('common.cancel')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function BackupSettings({ listing, onSaved }: { listing: BackupListing; onSaved(): Promise<void> }) {
  const { t } = useTranslation();
  const [externalDir, setExternalDir] = useState(listing.config.externalDir);
  const [intervalHours, setIntervalHours] = useState(String(listing.config.intervalHours));
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);

  const save = async () => {
    setSaved(false);
    const result = await call('backup.settings', {
      externalDir: externalDir.trim(),
      intervalHours: Number(intervalHours),
      ...(password ? { password } : {}),
    });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setPassword('');
    setSaved(true);
    await onSaved();
  };

  return (
    <section className="card" aria-labelledby="backup-settings-title">
      <h2 id="backup-settings-title">{t('backup.settingsTitle')}</h2>
      <div className="field">
        <label htmlFor="backup-external">{t('backup.externalDir')}</label>
        <input id="backup-external" value={externalDir} onChange={(e) => setExternalDir(e.target.value)} aria-describedby="backup-external-hint" />
        <small id="backup-external-hint">{t('backup.externalDirHint')}</small>
      </div>
      <div className="field">
        <label htmlFor="backup-interval">{t('backup.intervalHours')}</label>
        <input id="backup-interval" inputMode="numeric" value={intervalHours} onChange={(e) => setIntervalHours(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="backup-password">{t('backup.password')}</label>
        <input id="backup-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="backup-password-hint" />
        <small id="backup-password-hint">{t('backup.passwordHint')}</small>
        <small>{listing.config.hasPassword ? t('backup.passwordSet') : t('backup.passwordNotSet')}</small>
      </div>
      <ErrorText error={error} />
      {saved && <p className="ok-text" role="status">{t('settings.saved')}</p>}
      <div className="actions">
        <button type="button" className="button primary" onClick={() => void save()}>
          {t('backup.saveSettings')}
        </button>
      </div>
    </section>
  );
}
