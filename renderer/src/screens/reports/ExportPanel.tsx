import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CSV_TABLES, type CsvTable } from '../../../../shared/api/report-exports';
import type { ApiError } from '../../../../shared/api/result';
import { call } from '../../api';
import { ErrorText } from '../../components/ErrorText';
import { downloadBase64 } from '../../components/download';
import { num } from './format';

/** .xlsx and .csv of the chosen period (the print preview is at the top of the dashboard). The export runs in a worker in the core; progress is polled. */
export function ExportPanel({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  const [table, setTable] = useState<CsvTable>('summary');
  const [separator, setSeparator] = useState<';' | ','>(';');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ rows: number; total: number } | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<ApiError | null>(null);

  const run = async (format: 'xlsx' | 'csv') => {
    setBusy(true);
    setError(null);
    setMessage('');
    setProgress(null);
    const jobId = crypto.randomUUID();
    const timer = window.setInterval(() => {
      void call('reports.exportProgress', { jobId }).then((result) => {
        if (result.ok && result.value) setProgress({ rows: result.value.rows, total: result.value.total });
      });
    }, 400);
    try {
      const result = await call('reports.export', { from, to, format, separator, table, jobId });
      if (!result.ok) return setError(result.error);
      downloadBase64(result.value.fileName, result.value.contentBase64, result.value.mimeType);
      setMessage(t('dashboard.exported', { fileName: result.value.fileName, rows: num(result.value.rows) }));
    } finally {
      window.clearInterval(timer);
      setBusy(false);
      setProgress(null);
    }
  };

  return (
    <section className="card report-actions" aria-labelledby="report-actions-title">
      <h2 id="report-actions-title">{t('dashboard.actionsTitle')}</h2>
      <div className="actions">
        <button type="button" className="button" onClick={() => void run('xlsx')} disabled={busy}>{t('dashboard.exportXlsx')}</button>
      </div>
      <div className="csv-row">
        <label className="field">
          <span>{t('dashboard.csvTable')}</span>
          <select value={table} onChange={(event) => setTable(event.target.value as CsvTable)}>
            {CSV_TABLES.map((key) => <option key={key} value={key}>{t(`dashboard.csvTables.${key}`)}</option>)}
          </select>
        </label>
        <label className="field">
          <span>{t('dashboard.separator')}</span>
          <select value={separator} onChange={(event) => setSeparator(event.target.value as ';' | ',')}>
            <option value=";">{t('dashboard.separators.semicolon')}</option>
            <option value=",">{t('dashboard.separators.comma')}</option>
          </select>
        </label>
        <button type="button" className="button" onClick={() => void run('csv')} disabled={busy}>{t('dashboard.exportCsv')}</button>
      </div>
      <p role="status" className="muted">
        {busy && (progress ? t('dashboard.exportProgress', { rows: num(progress.rows), total: num(progress.total) }) : t('dashboard.exporting'))}
        {!busy && message}
      </p>
      <ErrorText error={error} />
    </section>
  );
}
