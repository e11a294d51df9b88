import { useTranslation } from 'react-i18next';
import { CATEGORIES, type WardMapping } from '../../../../shared/api/ward';
import { downloadBase64 } from '../../components/download';
import { ErrorText } from '../../components/ErrorText';
import { useJobProgress } from '../../use-job-progress';
import { useImportWizard } from './useImportWizard';
import { ColumnSelect } from './import/ColumnSelect';
import { ImportProgress } from './import/ImportProgress';
import { Preview } from './import/Preview';
import { ValueStep } from './import/ValueStep';
import { completeMapping, unansweredValues, withValue } from './import/value-map';
import './counting.css';

// Issue #16: Cài đặt › Nhập dữ liệu (head, admin: data.exchange). Pick the file → sheets and their
// header rows → every column mapped (or "bỏ qua") → the category and legal basis of the file →
// every distinct value mapped → a preview of what it adds and changes, every row error → import
// in one transaction, with its progress; undo.

function saveMapping(mapping: WardMapping, fileName: string) {
  const json = JSON.stringify(mapping, null, 2);
  const base64 = btoa(String.fromCharCode(...new TextEncoder().encode(json)));
  downloadBase64(`${fileName.replace(/\.[^.]+$/, '')}.mapping.json`, base64, 'application/json');
}

export function ImportTab() {
  const { t } = useTranslation();
  const w = useImportWizard();
  // Subscribed from the start: the import's first progress event may come before a re-render.
  const progress = useJobProgress();
  const detection = w.report?.detection;
  // An unknown value must be answered before the preview (and the import).
  const unanswered = unansweredValues(w.mapping, detection);
  const canCommit = w.report && !w.done && unanswered === 0 && w.report.errors.length === 0 && w.report.imported > 0 && w.busy === null;
  return (
    <div className="settings counting-settings ward-import">
      <section className="card settings-section" aria-labelledby="ward-import">
        <h2 id="ward-import">{t('wardImport.title')}</h2>
        <p className="muted">{t('wardImport.intro')}</p>
        <div className="field">
          <label htmlFor="ward-import-file">{t('wardImport.file')}</label>
          {/* The browser's own button says "Choose File" in English: the input is kept (focusable, labelled) and drawn in the UI's language. */}
          <div className="file-pick">
            <input id="ward-import-file" className="visually-hidden" type="file" accept=".csv,.xlsx" onChange={(e) => void w.pick(e.target.files?.[0])} />
            <span className="button" aria-hidden="true" onClick={() => document.getElementById('ward-import-file')?.click()}>{t('wardImport.chooseFile')}</span>
            <span className="muted">{w.file?.name ?? t('wardImport.noFile')}</span>
          </div>
        </div>
        {w.busy === 'reading' && <p role="status">{t('wardImport.reading')}</p>}
        <ErrorText error={w.error} />
        {w.report && !detection && <p role="status">{t('wardImport.notWard')}</p>}
      </section>

      {detection && (
        <section className="card settings-section" aria-labelledby="ward-columns">
          <h2 id="ward-columns">{t('wardImport.columnsTitle')}</h2>
          {detection.sheets.map((sheet) => (
            <fieldset key={sheet.sheet} className="ward-sheet">
              <legend>{t('wardImport.sheetTitle', { sheet: sheet.sheet })}</legend>
              {sheet.headerLine === null ? (
                <p className="muted">{t('wardImport.noHeader')}</p>
              ) : (
                <>
                  <label className="check-row">
                    <input
                      type="checkbox"
                      checked={!w.mapping.sheets || w.mapping.sheets.includes(sheet.sheet)}
                      onChange={(e) =>
                        w.update((m) => {
                          const all = detection.sheets.filter((s) => s.headerLine !== null).map((s) => s.sheet);
                          const current = m.sheets ?? all;
                          return { ...m, sheets: e.target.checked ? [...new Set([...current, sheet.sheet])] : current.filter((s) => s !== sheet.sheet) };
                        })
                      }
                    />
                    {t('wardImport.includeSheet')}
                  </label>
                  <div className="field inline">
                    <label htmlFor={`header-${sheet.sheet}`}>{t('wardImport.headerRow')}</label>
                    <input
                      id={`header-${sheet.sheet}`}
                      type="number"
                      min={1}
                      defaultValue={sheet.headerLine}
                      onBlur={(e) => {
                        const line = Number(e.target.value);
                        if (Number.isInteger(line) && line >= 1 && line !== sheet.headerLine) {
                          w.update((m) => ({ ...m, headerRow: { ...(typeof m.headerRow === 'object' ? m.headerRow : {}), [sheet.sheet]: line } }));
                        }
                      }}
                    />
                  </div>
                  <table className="data-table ward-columns">
                    <thead>
                      <tr>
                        <th scope="col">{t('wardImport.columnHeader')}</th>
                        <th scope="col">{t('wardImport.columnTarget')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {sheet.headers.map((header, index) =>
                        header === '' ? null : (
                          <tr key={`${index}-${header}`} className={sheet.unmapped.some((u) => u.index === index) ? 'unmapped' : undefined}>
                            <th scope="row">{header}</th>
                            <td>
                              <ColumnSelect
                                header={header}
                                value={w.mapping.columns[header] ?? (sheet.unmapped.some((u) => u.index === index) ? '' : (sheet.columns[index] ?? 'skip'))}
                                services={w.services}
                                onChange={(target) => w.update((m) => ({ ...m, columns: { ...m.columns, [header]: target as WardMapping['columns'][string] } }))}
                              />
                            </td>
                          </tr>
                        ),
                      )}
                    </tbody>
                  </table>
                  {sheet.unmapped.some((u) => w.mapping.columns[u.header] === undefined) && (
                    <p className="form-error" role="alert">{t('wardImport.columnsUnmapped', { count: sheet.unmapped.filter((u) => w.mapping.columns[u.header] === undefined).length })}</p>
                  )}
                </>
              )}
            </fieldset>
          ))}
          <fieldset className="ward-sheet">
            <legend>{t('wardImport.fileOptions')}</legend>
            <div className="field">
              <label htmlFor="ward-category">{t('wardImport.category')}</label>
              <select
                id="ward-category"
                value={w.mapping.category ?? ''}
                aria-invalid={detection.needsCategory || undefined}
                onChange={(e) => w.update((m) => ({ ...m, category: (e.target.value || undefined) as WardMapping['category'] }))}
              >
                <option value="">{t('wardImport.categoryNone')}</option>
                {CATEGORIES.map((c) => (
                  <option key={c} value={c}>{t(`wardImport.categories.${c}`)}</option>
                ))}
              </select>
              {detection.needsCategory && <p className="form-error" role="alert">{t('wardImport.categoryNeeded')}</p>}
            </div>
            <div className="field">
              <label htmlFor="ward-legal-basis">{t('wardImport.legalBasis')}</label>
              <input
                id="ward-legal-basis"
                type="text"
                maxLength={300}
                defaultValue={w.mapping.legalBasis ?? w.report?.legalBasis ?? ''}
                onBlur={(e) => {
                  const value = e.target.value.trim();
                  if (value !== (w.mapping.legalBasis ?? '')) w.update((m) => ({ ...m, legalBasis: value || undefined }));
                }}
              />
            </div>
            <button type="button" className="button" disabled={!w.file} onClick={() => w.file && saveMapping(completeMapping(w.mapping, detection), w.file.name)}>
              {t('wardImport.saveMapping')}
            </button>
          </fieldset>
        </section>
      )}

      {detection && detection.values.length > 0 && (
        <ValueStep detection={detection} mapping={w.mapping} services={w.services} onChoose={(kind, text, meaning) => w.update((m) => withValue(m, kind, text, meaning))} />
      )}

      {detection && w.report && unanswered === 0 && <Preview report={w.report} keep={w.keepDuplicates} setKeep={w.setKeep} />}

      {detection && w.report && (
        <section className="card settings-section" aria-labelledby="ward-commit">
          <h2 id="ward-commit" className="visually-hidden">{t('wardImport.commit')}</h2>
          <div className="actions">
            <button type="button" className="button primary" disabled={!canCommit} onClick={() => void w.commit()}>
              {t('wardImport.commit')}
            </button>
            {w.done?.importId && !w.undone && (
              <button type="button" className="button" onClick={() => void w.undo()}>{t('wardImport.undo')}</button>
            )}
          </div>
          {w.busy === 'committing' && <ImportProgress progress={progress} />}
          {w.done && !w.undone && <p className="ok-text" role="status">{t('wardImport.done', { imported: w.done.imported, skipped: w.done.skipped })}</p>}
          {w.undone && <p className="ok-text" role="status">{t('wardImport.undone')}</p>}
        </section>
      )}
    </div>
  );
}

