import { useTranslation } from 'react-i18next';
import type { JobProgress } from '../../../use-job-progress';

// Issue #16 point 5: "A long import shows progress; other calls wait for it and the page says so
// rather than failing." The core sends the import's rows done / total from its row loop (inside
// its one transaction: the sends do not wait for the event loop, core-process/progress.ts); until
// the first event the bar is indeterminate.

/** `progress`: the window's job progress (use-job-progress.ts), subscribed before the call is made. */
export function ImportProgress({ progress }: { progress: JobProgress | null }) {
  const { t, i18n } = useTranslation();
  const own = progress?.method === 'data.import' && progress.percent !== null ? progress : null;
  const number = (value: number) => value.toLocaleString(i18n.language === 'en' ? 'en-US' : 'vi-VN');
  return (
    <div className="ward-progress" role="status" aria-live="polite">
      <p>{t('wardImport.committing')}</p>
      {own ? (
        <>
          <progress aria-label={t('wardImport.progress')} max={100} value={own.percent ?? 0} />
          <p>{t('wardImport.progressRows', { percent: own.percent, done: number(own.done), total: number(own.total) })}</p>
        </>
      ) : (
        <progress aria-label={t('wardImport.progress')} />
      )}
      <p className="muted">{t('wardImport.busyNote')}</p>
    </div>
  );
}
