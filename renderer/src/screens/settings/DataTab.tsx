import { CSV_MIME, XLSX_MIME, downloadBase64 } from '../../components/download';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VnDateField } from '../../components/VnDateField';
import type { ExchangeFormat, ImportReport } from '../../../../shared/api/reports';
import type { ApiError } from '../../../../shared/api/result';
import { formatVnDate, vnDayOf } from '../../../../shared/domain/vnday';
import { call } from '../../api';
import { ErrorText } from '../../components/ErrorText';
import './counting.css';

// Issue #7 points 4/5 in the UI (head, admin: data.exchange): pick a .csv/.xlsx, preview the import
// (the whole import runs and is rolled back, with the tally it would give), then commit it; and
// export a range of days in the data format.

/** Base64 makes the file a third bigger and one call carries about 8 MB: bigger files go through the CLI. */
const MAX_FILE_BYTES = 5.5 * 1024 * 1024;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function download(fileName: string, base64: string, format: ExchangeFormat) {
  downloadBase64(fileName, base64, format === 'csv' ? CSV_MIME : XLSX_MIME);
}

const reasonKey = (reason: string) => `counting.data.reasons.${reason.replace(/\./g, '_')}`;

export function DataTab() {
  const { t } = useTranslation();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [busy, setBusy] = useState<'reading' | 'committing' | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The Vietnam day, whatever the PC's zone (DOMAIN.md).
  const today = vnDayOf(new Date().toISOString());
  const [range, setRange] = useState({ from: today.slice(0, 8) + '01', to: today });
  const [format, setFormat] = useState<ExchangeFormat>('xlsx');
  const [exportMessage, setExportMessage] = useState<{ ok: boolean; text?: string; error?: ApiError } | null>(null);

  const runImport = async (commit: boolean, source = file, skip = skipInvalid) => {
    if (!source) return;
    setBusy(commit ? 'committing' : 'reading');
    setError(null);
    setNotice(null);
    const result = await call('data.import', { fileName: source.name, contentBase64: source.base64, commit, skipInvalid: skip });
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setReport(result.value);
    if (commit && result.value.committed) setNotice(t('counting.data.committed', { imported: result.value.imported, skipped: result.value.skipped }));
  };

  const pickFile = async (picked: File | undefined) => {
    setReport(null);
    setNotice(null);
    setError(null);
    if (!picked) return setFile(null);
    if (picked.size > MAX_FILE_BYTES) {
      setFile(null);
      setError({ code: 'too_large', message: 'counting.data.tooLarge' });
      return;
    }
    const next = { name: picked.name, base64: toBase64(new Uint8Array(await picked.arrayBuffer())) };
    setFile(next);
    await runImport(false, next);
  };

  const runExport = async () => {
    setExportMessage(null);
    const result = await call('data.export', { ...range, format });
    if (!result.ok) return setExportMessage({ ok: false, error: result.error });
    download(result.value.fileName, result.value.contentBase64, format);
    setExportMessage({ ok: true, text: t('counting.data.exported', { rows: result.value.rows, fileName: result.value.fileName }) });
  };

  const refusedWhole = report && !report.committed && report.errors.length > 0 && !skipInvalid;
  const canCommit = report && !report.committed && !refusedWhole && report.imported > 0;

  return (
    <div className="settings counting-settings">
      <section className="card settings-section" aria-labelledby="data-import">
        <h2 id="data-import">{t('counting.data.importTitle')}</h2>
        <p className="muted">{t('counting.data.importIntro')}</p>
        <div className="field">
          <label htmlFor="data-import-file">{t('counting.data.file')}</label>
          <input id="data-import-file" ref={fileInput} type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => void pickFile(e.target.files?.[0])} />
        </div>
        <label className="check-row">
          <input
            type="checkbox"
            checked={skipInvalid}
            onChange={(e) => {
              setSkipInvalid(e.target.checked);
              if (file) void runImport(false, file, e.target.checked);
            }}
          />
          {t('counting.data.skipInvalid')}
        </label>
        <div className="actions">
          <button type="button" className="button" disabled={!file || busy !== null} onClick={() => void runImport(false)}>
            {t('counting.data.preview')}
          </button>
          <button type="button" className="button primary" disabled={!canCommit || busy !== null} onClick={() => void runImport(true)}>
            {busy === 'committing' ? t('counting.data.committing') : t('counting.data.commit')}
          </button>
        </div>
        {busy === 'reading' && <p role="status">{t('counting.data.reading')}</p>}
        <ErrorText error={error} />
        {notice && <p className="ok-text" role="status">{notice}</p>}
        {report && <ImportReportView report={report} refusedWhole={Boolean(refusedWhole)} />}
      </section>

      <section className="card settings-section" aria-labelledby="data-export">
        <h2 id="data-export">{t('counting.data.exportTitle')}</h2>
        <p className="muted">{t('counting.data.exportIntro')}</p>
        <div className="export-row">
          <div className="field">
            <label htmlFor="data-export-from">{t('counting.data.from')}</label>
            <VnDateField id="data-export-from" value={range.from} onChange={(day) => setRange((r) => ({ ...r, from: day }))} />
          </div>
          <div className="field">
            <label htmlFor="data-export-to">{t('counting.data.to')}</label>
            <VnDateField id="data-export-to" value={range.to} onChange={(day) => setRange((r) => ({ ...r, to: day }))} />
          </div>
          <label className="field">
            <span>{t('counting.data.format')}</span>
            <select value={format} onChange={(e) => setFormat(e.target.value as ExchangeFormat)}>
              <option value="xlsx">.xlsx</option>
              <option value="csv">.csv</option>
            </select>
          </label>
          <button type="button" className="button" onClick={() => void runExport()}>
            {t('counting.data.exportButton')}
          </button>
        </div>
        {exportMessage && (exportMessage.error ? <ErrorText error={exportMessage.error} /> : <p className="ok-text" role="status">{exportMessage.text}</p>)}
      </section>
    </div>
  );
}

function ImportReportView({ report, refusedWhole }: { report: ImportReport; refusedWhole: boolean }) {
  const { t } = useTranslation();
  const number = (n: number) => n.toLocaleString('vi-VN');
  return (
    <div className="import-report" aria-live="polite">
      <h3>{t(report.committed ? 'counting.data.resultTitle' : 'counting.data.previewTitle', { fileName: report.fileName })}</h3>
      <dl className="import-figures">
        <div><dt>{t('counting.data.rows')}</dt><dd>{number(report.rows)}</dd></div>
        <div><dt>{report.committed ? t('counting.data.importedDone') : t('counting.data.imported')}</dt><dd>{number(report.imported)}</dd></div>
        <div><dt>{t('counting.data.skipped')}</dt><dd>{number(report.skipped)}</dd></div>
        <div><dt>{t('counting.data.refused')}</dt><dd>{number(report.refused)}</dd></div>
      </dl>
      {report.newStaff.length > 0 && <p>{t(report.committed ? 'counting.data.newStaffDone' : 'counting.data.newStaff', { names: report.newStaff.join(', ') })}</p>}
      {refusedWhole && <p className="form-error" role="alert">{t('counting.data.refusedWhole')}</p>}
      {report.tally && (
        <>
          <h3>{t('counting.data.tallyTitle', { from: formatVnDate(report.tally.from), to: formatVnDate(report.tally.to) })}</h3>
          <dl className="import-figures">
            <div><dt>{t('counting.data.visits')}</dt><dd>{number(report.tally.visits)}</dd></div>
            <div><dt>{t('counting.data.persons')}</dt><dd>{number(report.tally.persons)}</dd></div>
            <div><dt>{t('counting.data.target7')}</dt><dd>{number(report.tally.target7.count)}</dd></div>
            <div><dt>{t('counting.data.target8a')}</dt><dd>{number(report.tally.target8a.count)}</dd></div>
            <div><dt>{t('counting.data.target8b')}</dt><dd>{number(report.tally.target8b.count)}</dd></div>
            <div><dt>{t('counting.data.underAge')}</dt><dd>{number(report.tally.target8b.underAgeFlagged)}</dd></div>
          </dl>
        </>
      )}
      <h3>{t('counting.data.errorsTitle', { count: report.errors.length })}</h3>
      {report.errors.length === 0 ? (
        <p>{t('counting.data.noErrors')}</p>
      ) : (
        <div className="import-errors">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('counting.data.line')}</th>
                <th scope="col">{t('counting.data.column')}</th>
                <th scope="col">{t('counting.data.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {report.errors.slice(0, 500).map((e, index) => (
                <tr key={`${e.line}-${e.column}-${index}`}>
                  <td>{e.line}</td>
                  <td><code>{e.column}</code></td>
                  <td>{t(reasonKey(e.reason), { defaultValue: e.reason })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
