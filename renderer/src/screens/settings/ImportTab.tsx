import { useTranslation } from 'react-i18next';
import { CATEGORIES, MAPPABLE_FIELDS, type WardMapping } from '../../../../shared/api/ward';
import type { ImportReport } from '../../../../shared/api/reports';
import { formatVnDate } from '../../../../shared/domain/vnday';
import { downloadBase64 } from '../../components/download';
import { ErrorText } from '../../components/ErrorText';
import { useImportWizard, type Services } from './useImportWizard';
import './counting.css';

// Issue #16: Cài đặt › Nhập dữ liệu (head, admin: data.exchange). Pick the file → sheets and their
// header rows → every column mapped (or "bỏ qua") → the category and legal basis of the file →
// a preview of what it adds and changes, every row error → import in one transaction; undo.

const reasonKey = (reason: string) => `counting.data.reasons.${reason.replace(/\./g, '_')}`;

function saveMapping(mapping: WardMapping, fileName: string) {
  const json = JSON.stringify(mapping, null, 2);
  const base64 = btoa(String.fromCharCode(...new TextEncoder().encode(json)));
  downloadBase64(`${fileName.replace(/\.[^.]+$/, '')}.mapping.json`, base64, 'application/json');
}

export function ImportTab() {
  const { t } = useTranslation();
  const w = useImportWizard();
  const detection = w.report?.detection;
  const canCommit = w.report && !w.done && w.report.errors.length === 0 && w.report.imported > 0 && w.busy === null;
  return (
    <div className="settings counting-settings ward-import">
      <section className="card settings-section" aria-labelledby="ward-import">
        <h2 id="ward-import">{t('wardImport.title')}</h2>
        <p className="muted">{t('wardImport.intro')}</p>
        <div className="field">
          <label htmlFor="ward-import-file">{t('wardImport.file')}</label>
          <input id="ward-import-file" type="file" accept=".csv,.xlsx" onChange={(e) => void w.pick(e.target.files?.[0])} />
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
                                value={sheet.unmapped.some((u) => u.index === index) ? '' : (sheet.columns[index] ?? 'skip')}
                                services={w.services}
                                onChange={(target) => w.update((m) => ({ ...m, columns: { ...m.columns, [header]: target as WardMapping['columns'][string] } }))}
                              />
                            </td>
                          </tr>
                        ),
                      )}
                    </tbody>
                  </table>
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
            <button type="button" className="button" disabled={!w.file} onClick={() => w.file && saveMapping(w.mapping, w.file.name)}>
              {t('wardImport.saveMapping')}
            </button>
          </fieldset>
        </section>
      )}

      {detection && w.report && <Preview report={w.report} keep={w.keepDuplicates} setKeep={w.setKeep} />}

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
          {w.busy === 'committing' && (
            <>
              {/* One call, one transaction: no partial progress to show, so the bar is indeterminate. */}
              <progress aria-label={t('wardImport.progress')} />
              <p role="status">{t('wardImport.committing')}</p>
            </>
          )}
          {w.done && !w.undone && <p className="ok-text" role="status">{t('wardImport.done', { imported: w.done.imported, skipped: w.done.skipped })}</p>}
          {w.undone && <p className="ok-text" role="status">{t('wardImport.undone')}</p>}
        </section>
      )}
    </div>
  );
}

function ColumnSelect({ header, value, services, onChange }: { header: string; value: string; services: Services; onChange: (target: string) => void }) {
  const { t } = useTranslation();
  return (
    <select aria-label={t('wardImport.columnLabel', { header })} value={value} onChange={(e) => onChange(e.target.value)}>
      {value === '' && <option value="">?</option>}
      <option value="skip">{t('wardImport.skip')}</option>
      {MAPPABLE_FIELDS.map((field) => (
        <option key={field} value={field}>{t(`wardImport.fields.${field}`)}</option>
      ))}
      {services.map((s) => (
        <option key={s.key} value={`service:${s.key}`}>{t('wardImport.serviceColumn', { name: s.nameVi })}</option>
      ))}
    </select>
  );
}

function Preview({ report, keep, setKeep }: { report: ImportReport; keep: boolean; setKeep: (keep: boolean) => void }) {
  const { t } = useTranslation();
  const changes = report.changes;
  const skipped = report.detection?.skippedRows.filter((r) => r.kind !== 'blank') ?? [];
  return (
    <section className="card settings-section" aria-labelledby="ward-preview">
      <h2 id="ward-preview">{t('wardImport.previewTitle')}</h2>
      {changes && (
        <dl className="import-figures ward-added" aria-label={t('wardImport.added')}>
          {(['visits', 'persons', 'target7', 'target8a', 'target8b'] as const).map((key) => (
            <div key={key}>
              <dt>{t(`wardImport.${key}`)}</dt>
              <dd>{changes.added[key].toLocaleString('vi-VN')}</dd>
            </div>
          ))}
        </dl>
      )}
      {changes && changes.shiftedPersons.length > 0 && (
        <>
          <h3>{t('wardImport.shiftedTitle')}</h3>
          <ul>
            {changes.shiftedPersons.map((p) => (
              <li key={`${p.target}-${p.line}-${p.sheet ?? ''}`}>
                {t('wardImport.shifted', { cccd: p.cccdMasked, target: t(`wardImport.figures.${p.target}`), before: formatVnDate(p.before), after: formatVnDate(p.after), line: p.line })}
              </li>
            ))}
          </ul>
        </>
      )}
      {changes && changes.periods.length > 0 && (
        <>
          <h3>{t('wardImport.periodsTitle')}</h3>
          <table className="data-table ward-periods">
            <thead>
              <tr>
                <th scope="col">{t('wardImport.month')}</th>
                <th scope="col">{t('wardImport.figure')}</th>
                <th scope="col">{t('wardImport.before')}</th>
                <th scope="col">{t('wardImport.after')}</th>
              </tr>
            </thead>
            <tbody>
              {changes.periods.map((p) => (
                <tr key={`${p.month}-${p.figure}`}>
                  <td>{`${p.month.slice(5, 7)}/${p.month.slice(0, 4)}`}</td>
                  <td>{t(`wardImport.figures.${p.figure}`)}</td>
                  <td>{p.before.toLocaleString('vi-VN')}</td>
                  <td>{p.after.toLocaleString('vi-VN')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>{t('wardImport.errorsTitle', { count: report.errors.length })}</h3>
      {report.errors.length === 0 ? (
        <p>{t('wardImport.noErrors')}</p>
      ) : (
        <table className="data-table import-errors">
          <thead>
            <tr>
              <th scope="col">{t('wardImport.sheet')}</th>
              <th scope="col">{t('wardImport.line')}</th>
              <th scope="col">{t('wardImport.column')}</th>
              <th scope="col">{t('wardImport.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {report.errors.map((e, i) => (
              <tr key={`${e.sheet ?? ''}-${e.line}-${e.column}-${i}`}>
                <td>{e.sheet ?? ''}</td>
                <td>{e.line}</td>
                {/* A field the file has no column for is named by its key: shown in the UI's language. */}
                <td>{(MAPPABLE_FIELDS as readonly string[]).includes(e.column) ? t(`wardImport.fields.${e.column}`) : e.column}</td>
                <td>{t(reasonKey(e.reason), { defaultValue: e.reason })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(report.duplicates?.length ?? 0) > 0 || keep ? (
        <>
          <h3>{t('wardImport.duplicatesTitle', { count: report.duplicates?.length ?? 0 })}</h3>
          <ul>
            {report.duplicates?.map((d) => <li key={`${d.sheet ?? ''}-${d.line}-${d.column}`}>{`${d.sheet ?? ''} · ${t('wardImport.line')} ${d.line} · ${d.column}`}</li>)}
          </ul>
          <label className="check-row">
            <input type="checkbox" checked={keep} onChange={(e) => setKeep(e.target.checked)} />
            {t('wardImport.keepDuplicates')}
          </label>
        </>
      ) : null}
      {skipped.length > 0 && (
        <details>
          <summary>{t('wardImport.skippedTitle', { count: skipped.length })}</summary>
          <ul>
            {skipped.map((r) => (
              <li key={`${r.sheet}-${r.line}`}>{`${r.sheet} · ${t('wardImport.line')} ${r.line}: ${t(`wardImport.kinds.${r.kind}`)}${r.text ? ` — ${r.text}` : ''}`}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
