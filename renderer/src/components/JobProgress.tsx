import { useTranslation } from 'react-i18next';
import { useJobProgress } from '../use-job-progress';

/** The long jobs' labels (i18n keys cannot hold the method names' dots). */
const LABEL_KEY: Record<string, string> = {
  'data.import': 'dataImport',
  'data.export': 'dataExport',
  'reports.export': 'reportExport',
  'roster.import': 'rosterImport',
  'backup.now': 'backupNow',
  'backup.restore': 'backupRestore',
  'recovery.restore': 'recoveryRestore',
  'privacy.runRetention': 'retention',
};

/** A progress bar under the header while a long job of this window runs (issue #21). */
export function JobProgress() {
  const { t, i18n } = useTranslation();
  const progress = useJobProgress();
  if (!progress) return null;
  const label = t(`common.jobProgress.${LABEL_KEY[progress.method] ?? 'other'}`);
  const number = (value: number) => value.toLocaleString(i18n.language === 'en' ? 'en-US' : 'vi-VN');
  return (
    <div className="job-progress" role="status" aria-live="polite">
      <strong>{label}</strong>
      {progress.percent === null ? (
        <progress aria-label={label} />
      ) : (
        <progress aria-label={label} max={100} value={progress.percent} />
      )}
      {progress.percent !== null && <span>{progress.percent} % · {t('common.jobProgress.rows', { done: number(progress.done), total: number(progress.total) })}</span>}
      <span className="job-progress-note">{t('common.jobProgress.working')}</span>
    </div>
  );
}
